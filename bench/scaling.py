"""The scaling table: crawl workers on a shared Redis frontier, and Spark re-extraction, against one process each.

Crawl: the generated mirror (eight hosts) served by nginx, the project's polite
defaults (robots.txt, 1 s between requests per host, AutoThrottle), 1, 2 and 4
``drugpages crawl --frontier`` processes started together; the time is from the
start to the last one's exit (the run published). Politeness is per process:
N workers ask each host up to N times as often (docs/SCALING.md says how to keep
a site's rate). Re-extraction: the generated articles in eight WARC files,
``drugpages extract --spark local[1]`` and ``local[2]`` against ``--workers 1``
and ``--workers 2``; times include start-up (the JVM's too), as a user sees them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis

from bench.mirror import generate
from bench.run import REPO
from bench.server import StaticServer
from bench.warcs import archive_pages
from output import load

CRAWL_WORKERS = (1, 2, 4)
# crawler/settings.py's polite defaults, spelled out: a --mirror on 127.0.0.1 would otherwise lift them
POLITE = ["-s", "DOWNLOAD_DELAY=1.0", "-s", "AUTOTHROTTLE_ENABLED=True", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]
WARC_FILES = 8


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Debian's redis-server on 127.0.0.1 and a free port, nothing saved; yields its URL (database 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                             "--appendonly", "no", "--dir", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _drugpages(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "drugpages", *args], cwd=REPO, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def crawl_with_workers(workers: int, url: str, starts: list[str], out: Path, frontier: str,
                       settings: list[str]) -> dict[str, float]:
    """``workers`` crawl processes on one frontier; wall seconds to the published run, and its pages."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    procs = [_drugpages("crawl", "emedtv", "--out", str(out), "--mirror", url, "--frontier", frontier, *starts,
                        *POLITE, "-s", "DRUGPAGES_EXTRACT_WORKERS=1", "-s", "LOG_LEVEL=WARNING",
                        *[x for pair in settings for x in ("-s", pair)])
             for _ in range(workers)]
    errors = [p.communicate()[1] for p in procs]
    wall = time.monotonic() - started
    failed = [e for p, e in zip(procs, errors, strict=True) if p.returncode]
    if failed:
        raise RuntimeError(f"a crawl worker failed:\n{failed[0][-3000:]}")
    fetched = load(str(out), "pages")["fetched_at"]
    return {"wall": wall, "pages": float(len(fetched)), "fetching": (fetched.max() - fetched.min()).total_seconds()}


def extract_with(args: list[str], inputs: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    proc = _drugpages("extract", str(inputs), "--out", str(out), *args)
    _, err = proc.communicate()
    if proc.returncode:
        raise RuntimeError(f"drugpages extract {' '.join(args)} failed:\n{err[-3000:]}")
    return time.monotonic() - started


def run(workdir: Path, crawl_articles: int, extract_articles: int, log: Any = print,
        settings: list[str] | None = None) -> dict[str, Any]:
    """Every figure of the scaling table; ``settings`` (NAME=VALUE) go to the crawls after the polite ones."""
    shutil.rmtree(workdir, ignore_errors=True)
    load_before = os.getloadavg()[1]
    result: dict[str, Any] = {"crawl_articles": crawl_articles, "extract_articles": extract_articles, "crawl": {},
                              "extract": {}}
    mirror = generate(workdir / "mirror", crawl_articles)
    starts = [x for u in mirror.start_urls for x in ("--start-url", u)]
    result["hosts"] = len({u.split("/")[2] for u in mirror.start_urls})
    with StaticServer(workdir / "mirror") as url, redis_server(workdir / "redis") as frontier:
        for workers in CRAWL_WORKERS:
            figures = crawl_with_workers(workers, url, starts, workdir / "crawl", frontier, settings or [])
            result["crawl"][workers] = figures
            log(f"  {workers} crawl worker(s): {figures['wall']:.1f} s")
    if len({f["pages"] for f in result["crawl"].values()}) != 1:
        raise RuntimeError(f"the crawls published different page counts: {result['crawl']}")
    big = generate(workdir / "mirror-x", extract_articles)
    pages = [(a.url, big.file_of(a.url)) for a in big.articles]
    warcs = workdir / "warcs"
    for k in range(WARC_FILES):
        archive_pages(pages[k::WARC_FILES], warcs / f"articles-{k}.warc.gz")
    for name, args in (("workers 1", ["--workers", "1"]), ("workers 2", ["--workers", "2"]),
                       ("spark 1", ["--spark", "local[1]"]), ("spark 2", ["--spark", "local[2]"])):
        result["extract"][name] = extract_with([*args], warcs, workdir / "extract")
        log(f"  extract, {name}: {result['extract'][name]:.1f} s")
    result["load"] = (load_before, os.getloadavg()[1])  # 5-minute load averages: was the machine quiet?
    return result


def table(r: dict[str, Any]) -> str:
    """The scaling table in Markdown."""
    crawl, ext = r["crawl"], r["extract"]
    one = crawl[1]["wall"]
    lines = [f"Crawl: {r['crawl_articles']} generated articles on {r['hosts']} hosts, polite defaults "
             "(1 s between requests per host and worker, robots.txt, AutoThrottle), nginx on 127.0.0.1.", "",
             "| crawl workers (`--frontier`) | pages | wall s (start to published run) | × one worker "
             "| fetching s (first to last response) | × one worker |",
             "|---|---|---|---|---|---|"]
    fetching = crawl[1].get("fetching")
    lines += [f"| {n} | {crawl[n]['pages']:.0f} | {crawl[n]['wall']:.1f} | {one / crawl[n]['wall']:.2f} | "
              + (f"{crawl[n]['fetching']:.1f} | {fetching / crawl[n]['fetching']:.2f} |" if fetching else "– | – |")
              for n in sorted(crawl)]
    lines += ["", "Wall time includes each process's start (vocabularies loaded, Scrapy set up) and the run's "
              "publication, which more workers do not shorten; the fetching span is the part politeness bounds."]
    lines += ["", f"Re-extraction: {r['extract_articles']} generated articles in {WARC_FILES} WARC files; "
              "wall seconds of the command, start-up included.", "",
              "| re-extraction | wall s | × one process | × `--workers 2` |", "|---|---|---|---|"]
    base, two = ext["workers 1"], ext["workers 2"]
    for name in ("workers 1", "workers 2", "spark 1", "spark 2"):
        label = {"workers 1": "`drugpages extract --workers 1`", "workers 2": "`drugpages extract --workers 2`",
                 "spark 1": "`--spark local[1]` (1 executor core)",
                 "spark 2": "`--spark local[2]` (2 executor cores)"}[name]
        lines.append(f"| {label} | {ext[name]:.1f} | {base / ext[name]:.2f} | {two / ext[name]:.2f} |")
    lines += ["", f"Spark, 2 cores vs 1: ×{ext['spark 1'] / ext['spark 2']:.2f}."]
    if "load" in r:
        lines += ["", f"5-minute load average of the machine ({os.cpu_count()} cores) at the start and the end: "
                  f"{r['load'][0]:.1f}, {r['load'][1]:.1f}."]
    return "\n".join(lines) + "\n"


START, END = "<!-- scaling table: start -->", "<!-- scaling table: end -->"


def write(path: Path, r: dict[str, Any], command: str) -> None:
    """Replace the table between the markers of ``path`` (docs/SCALING.md)."""
    text = path.read_text()
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{START}\n`{command}`\n\n{table(r)}{END}{tail}")
