"""BENCHMARKS.md: one section per N (replaced when that N is run again) and the targets across them.

Each section keeps its figures as a JSON comment, so a later run at another N
can recompute the cross-N memory target without rerunning this one.
"""

from __future__ import annotations

import json
import platform
import re
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import psutil

from bench.measure import Spread

PACKAGES = ("scrapy", "twisted", "beautifulsoup4", "lxml", "pyarrow", "warcio", "psutil")
_SECTION = re.compile(r"<!-- bench:N=(\d+) -->\n(.*?)<!-- /bench:N=\1 -->\n", re.S)
_DATA = re.compile(r"<!-- data (\{.*?\}) -->")
HEADER = """# Benchmarks

Written by `drugpages bench`: it generates a mirror
of N eMedTV-layout articles (~40 KB, plus their index pages) and N/50
DailyMed-layout labels (~300 KB), serves it from 127.0.0.1 and measures, in
one run: baseline A (a bare Scrapy spider following the same links, parsing
nothing), the full crawl (WARC + extraction + Parquet), baseline B
(`BeautifulSoup(html, "lxml")` alone, one core), re-extraction from the
crawl's WARC (`drugpages extract`, 1 worker and all cores) and peak memory
(summed over the crawl process and its children, sampled every 50 ms): RSS,
which counts pages processes share (libraries, the vocabularies' cache
file) once in every process (the issue's target is set on it), and PSS,
which splits each shared page among its sharers (what the tree really takes).
Figures: median (min–max) of the repetitions. Only figures from one run
compare; the machines are noisy.
"""


def _v(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def code_version() -> str:
    """The commit measured, marked dirty when the working tree has uncommitted changes."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' with uncommitted changes' if dirty else ''}"


def machine() -> str:
    mem = psutil.virtual_memory().total / 2**30
    libs = ", ".join(f"{p} {_v(p)}" for p in PACKAGES)
    return (f"{platform.platform()}, {psutil.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
            f"{mem:.0f} GB RAM, Python {platform.python_version()}; {libs}")


def _spread(d: Any) -> Spread:
    return d if isinstance(d, Spread) else Spread(**d)


def section(r: dict[str, Any], command: str) -> str:
    a, c = r["a"], r["crawl"]
    cores = r["cores"]
    rows = [
        ("baseline A: bare Scrapy spider, pages/s", a["rate"].fmt(), a["rate_wall"].fmt(), ""),
        ("full crawl (WARC + extraction + Parquet), pages/s", c["rate"].fmt(), c["rate_wall"].fmt(),
         f"{c['rate'].median / a['rate'].median:.2f}× A (target ≥ 0.5×)"),
        ("peak RSS of the crawl (all processes), MB", _spread(r["crawl_peak_rss"]).fmt(0, 1e-6), "", ""),
        ("peak RSS of baseline A, MB", _spread(r["a_peak_rss"]).fmt(0, 1e-6), "", ""),
    ]
    if "crawl_peak_pss" in r:  # sections written before PSS was measured have none
        rows += [
            ("peak PSS of the crawl (all processes; shared pages counted once), MB",
             _spread(r["crawl_peak_pss"]).fmt(0, 1e-6), "", ""),
            ("peak PSS of baseline A, MB", _spread(r["a_peak_pss"]).fmt(0, 1e-6), "", ""),
        ]
    if "extract_1" in r:
        b = _spread(r["b_emedtv"])
        e1, en = _spread(r["extract_1"]), _spread(r[f"extract_{cores}"])
        rows += [
            ("baseline B: BeautifulSoup(html, \"lxml\"), eMedTV pages/s, 1 core", b.fmt(), "", ""),
            ("re-extraction, 1 worker, pages/s", e1.fmt(1), _net(r, "extract_1_net"),
             f"{e1.median / b.median:.2f}× B (target ≥ 1.5×)"),
            (f"re-extraction, {cores} workers, pages/s", en.fmt(1), _net(r, f"extract_{cores}_net"),
             f"{en.median / e1.median:.2f}× 1 worker on {cores} cores"),
        ]
    if "b_dailymed" in r:
        rows.append(("baseline B: DailyMed labels/s, 1 core", _spread(r["b_dailymed"]).fmt(1), "", ""))
    if "extract_dm_1" in r:
        counts = r.get("extract_dm_counts", {})
        rows.append(("re-extraction of DailyMed labels, 1 worker, labels/s", _spread(r["extract_dm_1"]).fmt(1), "",
                     f"{_spread(r['extract_dm_1']).median / _spread(r['b_dailymed']).median:.2f}× B; outcomes "
                     f"{ {k: v for k, v in counts.items() if k.startswith('outcome')} }"))
    table = "| measure | median (min–max) | on wall time / net of start-up | ratio |\n|---|---|---|---|\n"
    table += "".join(f"| {m} | {x} | {y} | {z} |\n" for m, x, y, z in rows)
    startup = _spread(r["extract_1_startup"]).fmt(1) if "extract_1_startup" in r else "not measured"
    extracted = (f"Baseline B parsed {r['b_sample']} articles; re-extraction read {r['extract_pages']} pages from "
                 f"the crawl's WARC (fixed start-up of `drugpages extract`: {startup} s). DailyMed labels "
                 f"({r['dailymed_labels']}) are not crawled (the benchmark crawls with the eMedTV spider only): "
                 "they are measured by baseline B and by re-extraction of a WARC the benchmark writes."
                 if "extract_1" in r else "Baseline B and re-extraction were skipped at this N (--skip-extract).")
    data = json.dumps(r, default=lambda o: o.__dict__ if hasattr(o, "__dict__") else
                      {k: getattr(o, k) for k in o.__slots__})
    return (f"## N = {r['n']:,}\n\n"
            f"Run {r['when']}, {r['reps']} repetitions, code {r.get('code', 'unknown')}. Server: {r['server']}. "
            f"Machine: {r['machine']}.\n\n"
            f"Command: `{command}`. Crawl settings: `{' '.join(r['settings'])}`; start URLs: the generated "
            f"channel homes and A-Z page. {r['html_pages']:,} HTML pages in the mirror; the crawl fetched "
            f"{c['pages'].median:.0f} responses (A: {a['pages'].median:.0f}) and wrote {r['crawl_records']} "
            f"page records. {extracted}\n\n"
            f"Pages/s use Scrapy's elapsed time (spider open to close); the second column uses the process's "
            f"wall time, start-up included.\n\n{table}\n<!-- data {data} -->\n")


def _net(r: dict[str, Any], key: str) -> str:
    """Rate net of the fixed start-up; meaningless (–) when a run is shorter than the start-up."""
    return _spread(r[key]).fmt(1) if r.get(key) else "–"


def _load_sections(text: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(2) for m in _SECTION.finditer(text)}


def targets(sections: dict[int, str]) -> str:
    """Memory across N, from the data each section keeps."""
    data = {}
    for n, body in sections.items():
        m = _DATA.search(body)
        if m:
            data[n] = json.loads(m.group(1))
    if len(data) < 2:
        return "## Memory across N\n\nNeeds runs at two N (e.g. 2,000 and 20,000).\n"
    lo, hi = min(data), max(data)
    lines = []
    for label, key in (("RSS", "crawl_peak_rss"), ("PSS", "crawl_peak_pss")):
        if key in data[lo] and key in data[hi]:
            a, b = data[lo][key]["median"], data[hi][key]["median"]
            lines.append(f"Peak {label} of the crawl: {a / 1e6:.0f} MB at N = {lo:,}, {b / 1e6:.0f} MB at "
                         f"N = {hi:,}: {b / a - 1:+.1%} (target: within ±10%).")
    return "## Memory across N\n\n" + "\n".join(lines) + "\n"


def write(path: Path, result: dict[str, Any], command: str) -> None:
    result = dict(result, when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), machine=machine(),
                  code=code_version())
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    sections = _load_sections(old)
    sections[result["n"]] = section(result, command)
    notes = ""
    if "<!-- notes -->" in old:
        notes = old[old.index("<!-- notes -->"):]
    body = HEADER + "\n" + targets(sections) + "\n" + "".join(
        f"<!-- bench:N={n} -->\n{sections[n]}<!-- /bench:N={n} -->\n" for n in sorted(sections))
    path.write_text(body + ("\n" + notes if notes else ""), encoding="utf-8")
