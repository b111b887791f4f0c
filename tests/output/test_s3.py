"""Object storage: crawl and extract write to s3:// on a local S3 API server (moto, server mode)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyarrow import fs as pafs
from warcio.archiveiterator import ArchiveIterator

from output import load, run_ids
from tests.conftest import FAST, drugpages
from tests.s3_server import s3_bucket


@pytest.fixture(scope="module")
def s3_uri() -> Iterator[str]:
    with s3_bucket("crawls/emedtv") as uri:
        yield uri


def _objects(uri: str) -> list[pafs.FileInfo]:
    filesystem, path = pafs.FileSystem.from_uri(uri)
    infos = filesystem.get_file_info(pafs.FileSelector(path, recursive=True))
    return [i for i in infos if i.type == pafs.FileType.File]


def test_crawl_and_extract_write_to_object_storage(s3_uri: str, mirror: str, crawled: Path) -> None:
    proc = drugpages("crawl", "emedtv", "--out", s3_uri, "--mirror", mirror, *FAST)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (crawl_run,) = run_ids(s3_uri)
    pages = load(s3_uri, "pages")
    local = load(str(crawled), "pages")
    assert sorted(pages["url"]) == sorted(local["url"])
    assert sorted(pages["snapshot_id"]) == sorted(local["snapshot_id"])

    # the WARC went to the bucket too, and holds the pages
    filesystem, _ = pafs.FileSystem.from_uri(s3_uri)
    warcs = [i for i in _objects(s3_uri) if i.base_name.endswith(".warc.gz")]
    assert [w.base_name for w in warcs] == [f"{crawl_run}-00000.warc.gz"]
    with filesystem.open_input_stream(warcs[0].path) as fh:
        urls = {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh) if r.rec_type == "response"}
    assert set(pages["url"]) <= urls

    proc = drugpages("extract", str(crawled / "warc"), "--out", s3_uri)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(run_ids(s3_uri)) == 2
    proc = drugpages("query", s3_uri, "SELECT r.command, count(*) AS n FROM pages p JOIN runs r USING (run_id) "
                     "GROUP BY ALL", "--run", "all", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    by_command = {json.loads(line)["command"]: json.loads(line)["n"] for line in proc.stdout.splitlines()}
    assert by_command == {"crawl": len(local), "extract": len(local)}
    names = [i.base_name for i in _objects(s3_uri)]
    assert not [n for n in names if n.startswith("_") or n.endswith(".inprogress")]
    assert sum(n.endswith(".parquet") for n in names) >= 2 * len(("pages", "uses", "runs"))
    # the re-extraction replaced the crawl as the current data, copied beside the history
    current = [i.path for i in _objects(s3_uri) if "/_history/" not in i.path and i.path.endswith(".parquet")]
    assert current and all(f"run_id={crawl_run}" not in path for path in current)
    assert sorted(load(s3_uri, "pages")["url"]) == sorted(local["url"])
