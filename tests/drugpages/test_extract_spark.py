"""`drugpages extract --spark`: WARC files as tasks of a real standalone Spark cluster on 127.0.0.1 give exactly
the records of `drugpages extract`, also when a task fails once and is retried, or a speculative copy overtakes it."""

from __future__ import annotations

import json
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from output import load, run_ids
from output.schema import TABLES
from tests.conftest import REPO, drugpages, mirror_pages
from tests.drugpages.spark_cluster import spark_cluster, spark_env
from tests.drugpages.test_extract_archives import _mixed_archive

FILES = 4  # WARC files of mirror pages, besides the two of the mixed archive
TIME_COLUMNS = {"errors": ["occurred_at"]}  # a read error's row is stamped when it is read


def _warcs(folder: Path) -> None:
    """The bundled mirror's pages over FILES WARC files, a redirect and a 404 among them; and a damaged archive."""
    folder.mkdir()
    writers = []
    for i in range(FILES):
        writers.append(WARCWriter(open(folder / f"pages-{i}.warc.gz", "wb"), gzip=True))  # noqa: SIM115
    extra = [("http://drugs.emedtv.com/moved.html", "301 Moved Permanently", b""),
             ("http://drugs.emedtv.com/gone.html", "404 Not Found", b"<h1>gone</h1>")]
    pages = [(url, "200 OK", path.read_bytes()) for url, path in sorted(mirror_pages().items())] + extra
    for n, (url, status, body) in enumerate(pages):
        headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8"),
                                            ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        writer = writers[n % FILES]
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": f"2026-01-01T00:00:{n:02d}Z"}))
    for writer in writers:
        writer.out.close()
    _mixed_archive(folder)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> str:
    with spark_cluster(tmp_path_factory.mktemp("spark")) as master:
        yield master


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive") / "warcs"
    _warcs(folder)
    return folder


@pytest.fixture(scope="module")
def local_run(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    proc = drugpages("extract", str(archive), "--out", str(out), "--workers", "2")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def _spark(archive: Path, out: Path, master: str, *args: str, fault: str | None = None,
           log: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = spark_env((log or out.parent) / "driver-logs")
    if fault:
        env["DRUGPAGES_SPARK_FAULT"] = fault
    return subprocess.run([sys.executable, "-m", "drugpages", "extract", str(archive), "--out", str(out),
                           "--spark", master, "--spark-conf", "spark.ui.enabled=false", *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


def _table(out: Path, table: str) -> pd.DataFrame:
    frame = load(str(out), table).drop(columns=["run_id", *TIME_COLUMNS.get(table, [])])
    frame = frame.astype(str)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def _counts(out: Path) -> dict[str, int]:
    return json.loads(load(str(out), "runs")["counts"].iloc[0])


def _same_records(spark_out: Path, local_out: Path) -> None:
    for table in TABLES:
        if table not in ("runs", "changes"):
            pd.testing.assert_frame_equal(_table(spark_out, table), _table(local_out, table))
    assert _counts(spark_out) == _counts(local_out)
    assert len(load(str(spark_out), "pages")) >= 30


def _only_published_files(out: Path) -> None:
    """Every file under the tables is a published part, each once; the tasks' folders are gone."""
    (run,) = run_ids(str(out))
    leftovers = [p for p in (out / "_history").rglob("*") if p.is_file() and not p.name.startswith("part-")]
    assert leftovers == []
    assert not (out / "_runs" / run / "spark").exists()


def test_spark_gives_the_records_of_extract(archive: Path, local_run: Path, cluster: str, tmp_path: Path) -> None:
    out = tmp_path / "spark"
    proc = _spark(archive, out, cluster)
    assert proc.returncode == 0, proc.stderr[-5000:]
    _same_records(out, local_run)
    _only_published_files(out)
    runs = load(str(out), "runs")
    assert runs["status"].iloc[0] == "succeeded"
    settings = json.loads(runs["settings"].iloc[0])
    assert settings["DRUGPAGES_SPARK_MASTER"] == cluster


def test_a_retried_task_and_a_speculative_copy_leave_no_duplicates(archive: Path, local_run: Path, cluster: str,
                                                                   tmp_path: Path) -> None:
    """One task fails once after writing its parts; another stalls (120 s) after writing them, and a speculative
    copy on the other worker overtakes it. Neither first attempt's rows count, and no file of theirs is left."""
    out = tmp_path / "spark"
    speculation = {"spark.speculation": "true", "spark.speculation.interval": "200ms",
                   "spark.speculation.quantile": "0.5", "spark.speculation.multiplier": "1.5",
                   "spark.speculation.minTaskRuntime": "1s", "spark.speculation.efficiency.enabled": "false"}
    conf = [arg for key, value in speculation.items() for arg in ("--spark-conf", f"{key}={value}")]
    proc = _spark(archive, out, cluster, *conf, fault="fail:pages-1.warc.gz,slow:pages-2.warc.gz")
    assert proc.returncode == 0, proc.stderr[-5000:]
    assert "injected failure of the first attempt at pages-1.warc.gz" in proc.stderr  # it did fail, and was retried
    assert "(pages-1.warc.gz) done by attempt 1" in proc.stderr
    assert "(pages-2.warc.gz) done by attempt 1" in proc.stderr, proc.stderr[-3000:]  # the copy won
    _same_records(out, local_run)
    _only_published_files(out)


def test_a_task_that_always_fails_fails_the_run(archive: Path, tmp_path: Path) -> None:
    """A job that gives up (here local mode told to try each task once) gives exit 1 and a failed run, unread."""
    out = tmp_path / "spark"
    proc = _spark(archive, out, "local[2,1]", fault="fail:pages-0.warc.gz")
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "the Spark job failed" in proc.stderr and "injected failure" in proc.stderr
    (run,) = run_ids(str(out))
    assert load(str(out), "runs", run=run)["status"].iloc[0] == "failed"
    assert load(str(out), "pages").empty
    _only_published_files(out)
