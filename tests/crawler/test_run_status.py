"""Run status: a good, a degraded and a failed crawl into one folder; only the good one is 'latest' or a baseline."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pandas as pd
import pytest

from drugpages.commands.extract import extract
from output import load
from output.query import connect, fetch
from output.reader import current_runs, run_ids
from output.schema import TABLES
from tests.conftest import drugpages
from tests.crawler.production import crawl

DEGRADE = ["-s", "DRUGPAGES_MONITOR_MIN_PAGES=100000"]  # every page fetched, one monitor fails the run
QUICK_FAIL = ["-s", "RETRY_ENABLED=False"]


def _dead_url() -> str:
    """A 127.0.0.1 address nothing listens on: every request is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _status(out: Path) -> dict[str, dict]:
    return {r["run_id"]: r for r in load(str(out), "runs", run="all").to_dict("records")}


@pytest.fixture(scope="module")
def three_crawls(mirror: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """good, then degraded, then failed (a dead mirror: nothing usable), each a crawl of emedtv into one folder."""
    out = tmp_path_factory.mktemp("status") / "ds"
    runs = {}
    for name, url, args, code in (("good", mirror, [], 0), ("degraded", mirror, DEGRADE, 3),
                                  ("failed", _dead_url(), QUICK_FAIL, 3)):
        proc = crawl(out, url, *args)
        assert proc.returncode == code, (name, proc.stderr[-3000:])
        (runs[name],) = set(run_ids(str(out))) - set(runs.values())
    return out, runs


def test_each_run_ends_succeeded_degraded_or_failed(three_crawls: tuple[Path, dict[str, str]]) -> None:
    out, runs = three_crawls
    rows = _status(out)
    good, degraded, failed = (rows[runs[k]] for k in ("good", "degraded", "failed"))
    assert (good["status"], good["reason"], list(good["failed_monitors"])) == ("succeeded", "finished", [])
    assert (degraded["status"], degraded["reason"]) == ("degraded", "finished")
    assert list(degraded["failed_monitors"]) == ["drugpages/pages fetched"]
    assert (failed["status"], failed["reason"]) == ("failed", "no pages")
    assert "drugpages/pages fetched" in list(failed["failed_monitors"])
    assert {r["site"] for r in rows.values()} == {"emedtv"}
    for name, row in (("good", good), ("degraded", degraded), ("failed", failed)):
        spec = json.loads((out / "_runs" / runs[name] / "run.json").read_text())
        assert spec["status"] == row["status"] and spec["failed_monitors"] == list(row["failed_monitors"])
        assert spec["spider"] == "emedtv" and spec["reason"] == row["reason"]


def test_latest_is_the_newest_succeeded_run(three_crawls: tuple[Path, dict[str, str]]) -> None:
    out, runs = three_crawls
    assert current_runs(str(out)) == [runs["good"]]
    pages = load(str(out), "pages")
    assert len(pages) > 20 and set(pages["run_id"]) == {runs["good"]}
    assert set(load(str(out), "uses")["run_id"]) == {runs["good"]}
    assert set(load(str(out), "latest")["run_id"]) == {runs["good"]}
    assert len(load(str(out), "drugs")) > 5
    for_query = fetch(connect(str(out)), "SELECT DISTINCT run_id FROM pages").to_pylist()
    assert for_query == [{"run_id": runs["good"]}]
    proc = drugpages("query", str(out), "SELECT DISTINCT run_id FROM uses", "--format", "csv")
    assert proc.returncode == 0 and proc.stdout.split() == ["run_id", runs["good"]], proc.stderr
    # the flag that lets a degraded run count
    assert current_runs(str(out), degraded=True) == [runs["degraded"]]
    assert set(load(str(out), "pages", degraded=True)["run_id"]) == {runs["degraded"]}
    proc = drugpages("query", str(out), "SELECT DISTINCT run_id FROM pages", "--include-degraded", "--format", "csv")
    assert proc.stdout.split() == ["run_id", runs["degraded"]], proc.stderr
    # the failed run is no one's latest, and it holds no page
    assert len(load(str(out), "pages", run=runs["failed"])) == 0


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame in a form every reader's output compares in: list columns as text, run_id as str, rows sorted."""
    frame = frame.copy()
    frame["run_id"] = frame["run_id"].astype(str)
    for column in frame.columns:
        if frame[column].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
            frame[column] = frame[column].map(lambda v: "|".join(map(str, v)) if v is not None else None)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def _readers_agree(out: Path) -> dict[str, int]:
    """pandas on DIR/<table>, load() and query give the same rows; the history reads every run, each once."""
    sizes = {}
    con, every = connect(str(out)), connect(str(out), "all")
    for table in TABLES:
        plain = pd.read_parquet(out / table)
        loaded = load(str(out), table)
        queried = fetch(con, f"SELECT * FROM {table}").to_pandas()
        assert str(plain["run_id"].dtype) == str(loaded["run_id"].dtype) == "category", table
        pd.testing.assert_frame_equal(_rows(plain), _rows(loaded), check_dtype=False, obj=table)
        pd.testing.assert_frame_equal(_rows(queried), _rows(loaded), check_dtype=False, obj=table)
        history = pd.read_parquet(out / "_history" / table)
        assert len(history) == len(load(str(out), table, run="all"))
        assert len(history) == fetch(every, f"SELECT count(*) AS n FROM {table}").to_pylist()[0]["n"]
        assert set(history["run_id"].astype(str)) <= set(run_ids(str(out)))
        sizes[table] = len(plain)
    proc = drugpages("query", str(out), "SELECT count(*) AS n FROM uses", "--format", "csv")
    assert proc.stdout.split() == ["n", str(sizes["uses"])], proc.stderr
    return sizes


def test_plain_pandas_load_and_query_agree(three_crawls: tuple[Path, dict[str, str]]) -> None:
    out, runs = three_crawls
    sizes = _readers_agree(out)
    assert set(pd.read_parquet(out / "pages")["run_id"].astype(str)) == {runs["good"]}
    assert sizes["uses"] == len(load(str(out), "uses", run=runs["good"])) > 50
    assert sizes["runs"] == 1
    assert len(pd.read_parquet(out / "_history" / "runs")) == 3


def test_an_incremental_crawl_takes_its_baseline_from_the_good_run(three_crawls: tuple[Path, dict[str, str]],
                                                                    mirror: str) -> None:
    out, runs = three_crawls
    proc = crawl(out, mirror, "--incremental")
    assert proc.returncode == 0, proc.stderr[-3000:]
    (new,) = set(run_ids(str(out))) - set(runs.values())
    changes = load(str(out), "changes", run=new)
    assert set(changes["previous_run_id"]) == {runs["good"]}
    assert set(changes["change"]) == {"unchanged"}
    assert current_runs(str(out)) == [new]
    monitors = json.loads((out / "_runs" / new / "monitors.json").read_text())
    assert monitors["previous_run_id"] == runs["good"]
    _readers_agree(out)


def test_a_re_extraction_replaces_the_crawl_it_re_reads(three_crawls: tuple[Path, dict[str, str]]) -> None:
    out, runs = three_crawls
    before = load(str(out), "uses")
    again = extract([str(out / "warc" / f"{runs['good']}-00000.warc.gz")], str(out), workers=1)["run_id"]
    assert current_runs(str(out)) == [again]
    sizes = _readers_agree(out)
    assert sizes["uses"] == len(before)  # no second copy of the same pages
