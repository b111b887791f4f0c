"""`drugpages crawl --frontier redis://...`: crawl processes sharing one queue, duplicate filter and run in a real
Redis give exactly the records of a single-process crawl, also when one of them is killed with -9 mid-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import redis

from output import load, run_ids
from output.schema import TABLES
from tests.conftest import FAST, REPO
from tests.crawler.production import warc_records
from tests.crawler.redis_server import redis_server

VARYING = ["run_id", "fetched_at", "occurred_at"]  # when a row was made, not what it says
LEASE = ["-s", "DRUGPAGES_FRONTIER_LEASE=2", "-s", "DRUGPAGES_CHECKPOINT_PAGES=4", "-s", "DRUGPAGES_EXTRACT_WORKERS=1"]
# Slow enough for a kill mid-run: one request at a time per host and worker, a small delay.
SLOW = ["-s", "DOWNLOAD_DELAY=0.25", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s", "LOG_LEVEL=WARNING"]


@pytest.fixture(scope="module")
def frontier(tmp_path_factory: pytest.TempPathFactory) -> str:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


def _worker(out: Path, mirror: str, frontier: str, *settings: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "drugpages", "crawl", "emedtv", "--out", str(out), "--mirror",
                             mirror, "--frontier", frontier, *LEASE, *settings], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _finish(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    return [(p.communicate(timeout=300)[1], p.returncode)[::-1] for p in procs]


def _records(out: Path, table: str) -> pd.DataFrame:
    frame = load(str(out), table)
    frame = frame.drop(columns=[c for c in VARYING if c in frame.columns]).astype(str)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def _same_run_as(out: Path, single: Path) -> None:
    """One published run whose every table holds the single-process crawl's rows, and one WARC response per URL."""
    (run,) = run_ids(str(out))
    for table in TABLES:
        if table != "runs":
            pd.testing.assert_frame_equal(_records(out, table), _records(single, table), obj=table)
    runs, whole = load(str(out), "runs"), load(str(single), "runs")
    assert runs["status"].iloc[0] == whole["status"].iloc[0] == "succeeded"
    counts, single_counts = json.loads(runs["counts"].iloc[0]), json.loads(whole["counts"].iloc[0])
    for key in ("urls_met", "pages", "errors", "skips", "uses", "links", "outcome_pages", "fact_pages",
                "coverage_drug", "monitors_failed"):
        assert counts.get(key) == single_counts.get(key), key
    assert counts["urls_met"] == sum(len(load(str(out), t)) for t in ("pages", "errors", "skips"))
    responses = Counter({u: n for (kind, u), n in warc_records(out, run).items()
                         if kind == "response" and not u.endswith("/robots.txt")})  # each worker reads robots.txt
    fetched = set(load(str(out), "pages")["url"]) | set(load(str(out), "errors")["url"])
    assert set(responses) == fetched and max(responses.values()) == 1
    assert not (out / "_runs" / run / "workers").exists()
    assert not [p for p in (out / "_history").rglob("*") if p.is_file() and not p.name.startswith("part-")]
    assert json.loads((out / "_runs" / run / "monitors.json").read_text())["passed"]


def test_three_workers_give_the_records_of_one(mirror: str, crawled: Path, frontier: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    procs = [_worker(out, mirror, frontier, *FAST) for _ in range(3)]
    for code, stderr in _finish(procs):
        assert code == 0, stderr[-3000:]
    _same_run_as(out, crawled)
    (run,) = run_ids(str(out))
    server = redis.Redis.from_url(frontier)
    assert server.get("drugpages:emedtv:run") is None  # published: the next crawl on this frontier is a new run
    assert server.scard(f"drugpages:emedtv:{run}:workers") == 3


def test_a_worker_killed_mid_run_loses_nothing(mirror: str, crawled: Path, frontier: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    server = redis.Redis.from_url(frontier)
    first = _worker(out, mirror, frontier, *SLOW)
    deadline = time.monotonic() + 120
    while True:  # the first worker (w1) has committed rows and holds leases of requests not yet committed
        found = server.get("drugpages:emedtv:run")
        prefix = f"drugpages:emedtv:{found.decode()}" if found else ""
        if found and server.exists(f"{prefix}:commit:w1") and server.scard(f"{prefix}:leases:w1") > 0:
            break
        assert first.poll() is None and time.monotonic() < deadline, "the first worker never got under way"
        time.sleep(0.02)
    others = [_worker(out, mirror, frontier, *SLOW) for _ in range(2)]
    while server.scard(f"{prefix}:leases:w1") == 0:  # killed while it holds requests, after the others joined
        assert first.poll() is None, "the first worker ended before it could be killed"
        time.sleep(0.01)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    for code, stderr in _finish(others):
        assert code == 0, stderr[-3000:]
    assert server.sismember(f"{prefix}:dead", "w1")  # its leases went back to the queue
    _same_run_as(out, crawled)
