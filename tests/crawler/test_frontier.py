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
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import redis
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.frontier import Frontier, frontier_settings
from drugpages.mirror_server import MirrorServer
from output import load, run_ids
from output.schema import TABLES
from tests.conftest import FAST, REPO
from tests.crawler.production import copy_mirror, crawl, edit_mirror, run_counts, warc_records
from tests.crawler.redis_server import redis_server
from tests.s3_server import s3_bucket

VARYING = ["run_id", "fetched_at", "occurred_at"]  # when a row was made, not what it says
LEASE = ["-s", "DRUGPAGES_FRONTIER_LEASE=2", "-s", "DRUGPAGES_CHECKPOINT_PAGES=4", "-s", "DRUGPAGES_EXTRACT_WORKERS=1"]
# Slow enough for a kill mid-run: one request at a time per host and worker, a small delay.
SLOW = ["-s", "DOWNLOAD_DELAY=0.25", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s", "LOG_LEVEL=WARNING"]


@pytest.fixture(scope="module")
def frontier(tmp_path_factory: pytest.TempPathFactory) -> str:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


def _worker(out: Path | str, mirror: str, frontier: str, *settings: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "drugpages", "crawl", "emedtv", "--out", str(out), "--mirror",
                             mirror, "--frontier", frontier, *LEASE, *settings], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _finish(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    return [(p.communicate(timeout=300)[1], p.returncode)[::-1] for p in procs]


def _records(out: Path | str, table: str) -> pd.DataFrame:
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


@pytest.fixture(scope="module")
def s3_uri() -> Iterator[str]:
    with s3_bucket("shared/emedtv") as uri:
        yield uri


def _changes(out: str) -> pd.DataFrame:
    frame = load(out, "changes")[["url", "change", "changed_fields", "detail"]].astype(str)
    return frame.sort_values("url").reset_index(drop=True)


def test_workers_crawl_incrementally_into_object_storage(frontier: str, s3_uri: str, tmp_path: Path) -> None:
    """Workers on other machines share a dataset in a bucket: two workers' first and --incremental runs there give
    the changes, pages and uses of one process's runs on a local folder."""
    root = copy_mirror(tmp_path)
    single = tmp_path / "single"
    with MirrorServer([root]) as url:
        for extra in ([], ["--incremental"]):
            if extra:
                edit_mirror(root)
            # a lease long enough for checkpoints written over HTTP (the others' tests use 2 s on local disk)
            procs = [_worker(s3_uri, url, frontier, *FAST, "-s", "DRUGPAGES_FRONTIER_LEASE=30", *extra)
                     for _ in range(2)]
            for code, stderr in _finish(procs):
                assert code == 0, stderr[-3000:]
            alone = crawl(single, url, *extra)
            assert alone.returncode == 0, alone.stderr[-3000:]
    assert len(run_ids(s3_uri)) == len(run_ids(str(single))) == 2
    runs = load(s3_uri, "runs")
    assert runs["status"].iloc[0] == "succeeded" and json.loads(runs["counts"].iloc[0])["unchanged"] > 0
    assert json.loads(runs["counts"].iloc[0])["unchanged"] == run_counts(single)["unchanged"]
    pd.testing.assert_frame_equal(_changes(s3_uri), _changes(str(single)))
    assert set(_changes(s3_uri)["change"]) == {"new", "changed", "unchanged", "gone"}
    for table in ("pages", "uses", "links"):
        pd.testing.assert_frame_equal(_records(s3_uri, table), _records(single, table), obj=table)


class _Shared(Spider):
    name = "shared"


def test_a_worker_declared_dead_takes_no_more_requests(frontier: str) -> None:
    """A stalled worker whose leases went back to the queue pops nothing after: a request it took then would sit
    in a lease set nobody empties again, and the run would never end."""
    settings = {**frontier_settings(frontier, "shared", "run-dead"), "DRUGPAGES_FRONTIER_LEASE": 0.2}
    stalled, alive = (Frontier(get_crawler(_Shared, settings), "run-dead") for _ in range(2))
    for n in range(3):
        alive.push("example.org", 0, f"request {n}".encode())
    assert stalled.pop([]) is not None
    time.sleep(0.3)  # the stalled worker's heartbeat expires
    alive.heartbeat()
    assert alive.dead() == {stalled.worker} and alive.queued() == 3
    stalled.beat()  # it wakes up: its heartbeat and its pops change nothing
    assert stalled.pop([]) is None and not alive.server.exists(alive.key(f"leases:{stalled.worker}"))
    assert [alive.pop([]) is not None for _ in range(4)] == [True, True, True, False]
    assert not stalled.commit(1) and stalled.lost
