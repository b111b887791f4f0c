"""A crawl killed mid-run leaves nothing that pandas or DuckDB read as data."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from output import load, run_ids
from output.schema import TABLES
from tests.conftest import REPO

# checkpoints (where the writer has them) every few pages: a kill then finds committed but unpublished parts
SLOW = ["-s", "DOWNLOAD_DELAY=0.2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "LOG_LEVEL=WARNING",
        "-s", "DRUGPAGES_CHECKPOINT_PAGES=3"]


def _copy_tables(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("warc"))


def _wait_for(predicate, proc: subprocess.Popen, what: str) -> None:  # noqa: ANN001
    while not predicate():
        assert proc.poll() is None, f"the crawl ended before {what}: {proc.stderr.read() if proc.stderr else ''}"
        time.sleep(0.02)


def test_a_killed_crawl_leaves_no_readable_data(crawled: Path, mirror: str, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    _copy_tables(crawled, out)
    (complete,) = run_ids(str(out))
    killed = "29990101T000000Z-killed"  # sorts after the complete run: 'latest' would pick it if it counted
    proc = subprocess.Popen([sys.executable, "-m", "drugpages", "crawl", "emedtv", "--out", str(out),
                             "--mirror", mirror,
                             "--run-id", killed, *SLOW], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        # mid-run: the run has started writing its tables and has captured several responses
        warc = out / "warc"
        _wait_for(lambda: any((out / "_history" / "pages").glob(f"run_id={killed}/*")), proc, "writing its tables")
        _wait_for(lambda: sum(f.stat().st_size for f in warc.glob(f"{killed}-*")) > 20_000, proc, "capturing pages")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the crawl and its extraction workers, as a crash or OOM kill would
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not list(out.glob(f"**/runs/run_id={killed}/*.parquet")), "the killed run wrote a manifest"
    assert list(out.glob(f"_history/*/run_id={killed}/*")), "the killed run left no file at all: nothing was tested"
    assert not list(out.glob(f"*/run_id={killed}")), "the killed run has a folder in the current snapshot"

    for table in TABLES:
        if not (out / table).exists():
            continue
        frame = pd.read_parquet(out / table)
        assert set(frame["run_id"].astype(str)) <= {complete}, table
        rows = duckdb.sql(f"SELECT run_id FROM read_parquet('{out}/{table}/*/*.parquet', hive_partitioning = true, "
                          "union_by_name = true)").fetchall()
        assert {r[0] for r in rows} <= {complete}, table
        assert len(rows) == len(frame) == len(load(str(crawled), table)), table
        history = pd.read_parquet(out / "_history" / table)  # every run's rows: the killed run has none
        assert set(history["run_id"].astype(str)) <= {complete}, table
    assert run_ids(str(out)) == [complete]
    assert set(load(str(out), "pages")["run_id"]) == {complete}
