"""kill -9 at several points, then --resume: every page once in the dataset and once in the WARC."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from output import load
from output.reader import run_ids
from tests.conftest import FAST, REPO
from tests.crawler.production import warc_records

RUN = "20990101T000000Z-resume"
# Slow enough to be killed mid-way: one request at a time per host, a small delay, a checkpoint every 3 URLs.
SLOW = ["-s", "DOWNLOAD_DELAY=0.3", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s", "DRUGPAGES_CHECKPOINT_PAGES=3", "-s", "LOG_LEVEL=WARNING", "-s", "DRUGPAGES_EXTRACT_WORKERS=1"]


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "drugpages", "crawl", "emedtv", *args], cwd=REPO, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], what: str) -> None:
    """SIGKILL the crawl and its extraction workers (a crash, an OOM kill) once ``ready()`` holds."""
    deadline = time.monotonic() + 120
    while not ready():
        if proc.poll() is not None:
            pytest.fail(f"the crawl ended before {what}")
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"the crawl never reached {what}")
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _checkpoints(out: Path) -> int:
    path = out / "_runs" / RUN / "checkpoint.json"
    try:
        return json.loads(path.read_text())["checkpoints"]
    except (FileNotFoundError, json.JSONDecodeError):
        return 0


def _warc_bytes(out: Path) -> int:
    return sum(p.stat().st_size for p in (out / "warc").glob(f"{RUN}-*.warc.gz")) if (out / "warc").is_dir() else 0


def _invisible(out: Path) -> None:
    """A killed run is no run: nothing readable as data, no manifest."""
    assert run_ids(str(out)) == []
    assert not [p for p in out.glob("**/run_id=*/*.parquet") if not p.name.startswith("_")]


def test_killed_crawl_resumes_to_every_page_exactly_once(mirror: str, crawled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # kill 1: at once, before anything is written but the run's spec
    proc = _start("--out", str(out), "--mirror", mirror, "--run-id", RUN, *SLOW)
    _kill_when(proc, lambda: (out / "_runs" / RUN / "run.json").exists(), "its spec")
    # kill 2: after two checkpoints, while a WARC record may be half written
    proc = _start("--out", str(out), "--resume", RUN)
    _kill_when(proc, lambda: _checkpoints(out) >= 2, "two checkpoints")
    _invisible(out)
    # kill 3: between checkpoints, after more WARC bytes
    written = _warc_bytes(out)
    proc = _start("--out", str(out), "--resume", RUN)
    _kill_when(proc, lambda: _checkpoints(out) >= 4 and _warc_bytes(out) > written + 5000, "more pages")
    _invisible(out)
    # with a truncated WARC record at the end, as a kill mid-write leaves it
    last = sorted((out / "warc").glob(f"{RUN}-*.warc.gz"))[-1]
    with open(last, "ab") as fh:
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + os.urandom(64))

    done = subprocess.run([sys.executable, "-m", "drugpages", "crawl", "emedtv", "--out", str(out),
                           "--resume", RUN, *FAST], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert run_ids(str(out)) == [RUN]

    # the same rows as an uninterrupted crawl, each URL once (robots.txt obeyed for URLs queued before it loaded)
    for table in ("pages", "errors", "skips"):
        resumed, whole = load(str(out), table), load(str(crawled), table)
        assert not resumed["url"].duplicated().any(), table
        assert set(resumed["url"]) == set(whole["url"]), table
    for table in ("uses", "brand_names", "links"):
        assert len(load(str(out), table)) == len(load(str(crawled), table)), table
    counts = json.loads(load(str(out), "runs")["counts"].iloc[0])
    assert counts["urls_met"] == sum(len(load(str(out), t)) for t in ("pages", "errors", "skips"))

    # the WARC: one response record per URL fetched, the damaged tail gone
    records = warc_records(out, RUN)
    responses = Counter({u: n for (kind, u), n in records.items() if kind == "response"})
    assert responses and max(responses.values()) == 1
    fetched = set(load(str(out), "pages")["url"]) | set(load(str(out), "errors")["url"])
    assert fetched <= set(responses)
    leftovers = [p.name for p in out.glob(f"**/run_id={RUN}/*") if p.name.startswith("_")]
    assert not leftovers

    again = subprocess.run([sys.executable, "-m", "drugpages", "crawl", "emedtv", "--out", str(out), "--resume", RUN],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "already finished" in again.stderr
