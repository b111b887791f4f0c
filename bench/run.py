"""One benchmark run at one N: generate, serve, crawl (baseline A and the full crawl), parse, re-extract.

Every timed step runs in a child process (the real ``drugpages`` command, as
a user runs it), so start-up costs and memory are those a user sees.
Repetitions of A and the crawl alternate, so drift in a noisy machine hits both.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import parse_baseline, warcs
from bench.measure import Run, Spread, run_sampled, scrapy_stats
from bench.mirror import generate
from bench.server import StaticServer
from output.parts import load_table

REPO = Path(__file__).resolve().parent.parent


@dataclass(slots=True)
class Options:
    n: int
    reps: int = 3
    workdir: Path = Path("bench-work")
    dailymed: int | None = None  # labels; default n // 20
    robots: bool = True
    server: str = "nginx"
    repo: Path = REPO  # where `python -m drugpages` runs (the code under test)
    extract_reps: int | None = None
    skip_extract: bool = False
    sample: int = 2000  # pages for baseline B
    extra_settings: list[str] = field(default_factory=list)
    log: Any = print

    def crawl_settings(self) -> list[str]:
        pairs = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS=32",
                 "CONCURRENT_REQUESTS_PER_DOMAIN=32", f"ROBOTSTXT_OBEY={self.robots}", *self.extra_settings]
        return [x for pair in pairs for x in ("-s", pair)]


def _py(*args: str) -> list[str]:
    return [sys.executable, *args]


def _check(run: Run, what: str) -> None:
    if run.returncode != 0:
        raise RuntimeError(f"{what} exited with {run.returncode}:\n{run.stderr[-3000:]}")


def _counts(out: Path) -> dict[str, int]:
    """The run's counts, as its ``runs`` row holds them (rows per table, outcomes)."""
    runs = load_table(str(out), "runs", run="all")
    counts = json.loads(runs.sort_values("started_at")["counts"].iloc[-1]) if len(runs) else {}
    return {k: int(v) for k, v in counts.items() if isinstance(v, int | float) and not isinstance(v, bool)}


def baseline_a(opts: Options, url: str, starts: list[str]) -> dict[str, float]:
    run = run_sampled(_py("-m", "bench.bare_spider", "--mirror", url, *starts, *opts.crawl_settings()), cwd=opts.repo)
    _check(run, "baseline A")
    stats = json.loads(run.stdout.strip().splitlines()[-1])
    pages = float(stats.get("response_received_count", 0))
    return {"pages": pages, "wall": run.wall, "elapsed": float(stats.get("elapsed_time_seconds", run.wall)),
            "peak_rss": run.peak_rss, "peak_pss": run.peak_pss}


def full_crawl(opts: Options, url: str, starts: list[str], out: Path) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = _py("-m", "drugpages", "crawl", "emedtv", "--mirror", url, "--out", str(out), *starts,
              *opts.crawl_settings(), "-s", "LOG_LEVEL=INFO")
    run = run_sampled(cmd, cwd=opts.repo)
    _check(run, "the crawl")
    stats = scrapy_stats(run.stderr)
    counts = _counts(out)
    return {"pages": stats.get("response_received_count", 0.0), "wall": run.wall,
            "elapsed": stats.get("elapsed_time_seconds", run.wall), "peak_rss": run.peak_rss, "peak_pss": run.peak_pss,
            "records": counts.get("pages", 0), "errors": counts.get("errors", 0)}


def reextract(opts: Options, inputs: list[Path], out: Path, workers: int) -> tuple[float, dict[str, int]]:
    shutil.rmtree(out, ignore_errors=True)
    run = run_sampled(_py("-m", "drugpages", "extract", *map(str, inputs), "--out", str(out), "--workers",
                          str(workers)), cwd=opts.repo)
    _check(run, "drugpages extract")
    return run.wall, _counts(out)


def run(opts: Options) -> dict[str, Any]:
    """All measurements at ``opts.n``; returns the figures for the report."""
    log = opts.log
    work = opts.workdir.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    labels = max(2, opts.n // 50) if opts.dailymed is None else opts.dailymed
    log(f"generating {opts.n} eMedTV articles and {labels} DailyMed labels under {work / 'mirror'}")
    mirror = generate(work / "mirror", opts.n, dailymed=labels)
    cores = os.cpu_count() or 1
    result: dict[str, Any] = {"n": opts.n, "html_pages": mirror.html_pages, "reps": opts.reps, "cores": cores,
                              "dailymed_labels": labels, "settings": opts.crawl_settings()[1::2]}
    starts = [x for u in mirror.start_urls for x in ("--start-url", u)]
    a_runs, c_runs = [], []
    server = StaticServer(work / "mirror", opts.server)
    with server as url:
        result["server"] = server.kind if server.kind == "twisted" else f"{server.kind} ({_server_header(url)})"
        log(f"serving {url} with {result['server']}")
        for rep in range(opts.reps):
            a_runs.append(baseline_a(opts, url, starts))
            log(f"  A  rep {rep + 1}: {a_runs[-1]['pages']:.0f} pages in {a_runs[-1]['elapsed']:.1f} s")
            c_runs.append(full_crawl(opts, url, starts, work / "crawl"))
            log(f"  crawl rep {rep + 1}: {c_runs[-1]['pages']:.0f} pages in {c_runs[-1]['elapsed']:.1f} s, "
                f"peak RSS {c_runs[-1]['peak_rss'] / 1e6:.0f} MB, PSS {c_runs[-1]['peak_pss'] / 1e6:.0f} MB")
    result["a"] = _rates(a_runs)
    result["crawl"] = _rates(c_runs)
    result["crawl_records"] = c_runs[-1]["records"]
    result["crawl_peak_rss"] = Spread.of([r["peak_rss"] for r in c_runs])
    result["a_peak_rss"] = Spread.of([r["peak_rss"] for r in a_runs])
    result["crawl_peak_pss"] = Spread.of([r["peak_pss"] for r in c_runs])
    result["a_peak_pss"] = Spread.of([r["peak_pss"] for r in a_runs])

    if opts.skip_extract:
        return result
    rng = random.Random(1)
    articles = [mirror.file_of(a.url) for a in mirror.articles]
    sample = rng.sample(articles, min(opts.sample, len(articles)))
    bodies = [p.read_bytes() for p in sample]
    result["b_emedtv"] = Spread.of([parse_baseline.soup_rate(bodies) for _ in range(opts.reps)])
    result["b_sample"] = len(bodies)
    labels_bodies = [p.read_bytes() for _, p in mirror.dailymed]
    if labels_bodies:
        result["b_dailymed"] = Spread.of([parse_baseline.soup_rate(labels_bodies) for _ in range(opts.reps)])
    del bodies, labels_bodies
    log(f"  B: {result['b_emedtv'].median:.0f} eMedTV pages/s per core")

    warc_dir = work / "crawl" / "warc"
    pages = warcs.count_ok_responses(warc_dir)
    tiny = work / "tiny" / "tiny.warc.gz"
    warcs.head_warc(warc_dir, tiny, 8)
    result["extract_pages"] = pages
    reps = opts.extract_reps or opts.reps
    for workers in sorted({1, cores}):
        overhead = [reextract(opts, [tiny], work / "extract-tiny", workers)[0] for _ in range(reps)]
        walls = [reextract(opts, [warc_dir], work / "extract", workers)[0] for _ in range(reps)]
        fixed = min(overhead)
        result[f"extract_{workers}"] = Spread.of([pages / w for w in walls])
        net = [pages / (w - fixed) for w in walls if w > fixed * 1.5]
        result[f"extract_{workers}_net"] = Spread.of(net) if len(net) == len(walls) else None
        result[f"extract_{workers}_startup"] = Spread.of(overhead)
        log(f"  re-extraction, {workers} worker(s): {result[f'extract_{workers}'].median:.1f} pages/s")
    if mirror.dailymed:
        dm_warc = work / "dailymed" / "labels.warc.gz"
        warcs.archive_pages(mirror.dailymed, dm_warc)
        walls, counts = [], {}
        for _ in range(1):  # one repetition: labels are slow to extract
            wall, counts = reextract(opts, [dm_warc], work / "extract-dm", 1)
            walls.append(wall)
        result["extract_dm_1"] = Spread.of([len(mirror.dailymed) / w for w in walls])
        result["extract_dm_counts"] = counts
    return result


def _server_header(url: str) -> str:
    """The Server header of the answering server: proof of which one serves."""
    from urllib.request import urlopen

    with urlopen(url + "/drugs.emedtv.com/robots.txt", timeout=5) as resp:  # noqa: S310 - 127.0.0.1 only
        server = resp.headers.get("Server", "")
    return server or "no Server header"


def _rates(runs: list[dict[str, float]]) -> dict[str, Spread]:
    return {"rate": Spread.of([r["pages"] / r["elapsed"] for r in runs]),
            "rate_wall": Spread.of([r["pages"] / r["wall"] for r in runs]),
            "pages": Spread.of([r["pages"] for r in runs])}
