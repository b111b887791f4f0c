"""Crawls of a real pywb collection on 127.0.0.1 (``--archive URL``), built from the mirror crawl's WARC:
every page of the mirror crawl at 2011-03-01, a changed page, a revisit and lost captures at 2014-06-01."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from warcio.archiveiterator import ArchiveIterator

from output import load
from tests.conftest import FAST, drugpages
from tests.crawler.archives import (
    CHANGED,
    FIRST,
    LOST,
    NEVER_READABLE,
    ORPHAN,
    REVISITED,
    SECOND,
    Pywb,
    write_collection,
)

QUICK_RETRIES = ["-s", "DRUGPAGES_RETRY_BACKOFF_BASE=0.05"]
VOLATILE = ["fetched_at", "run_id", "archive_source", "archived_at"]


@pytest.fixture(scope="module")
def pywb(crawled: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("pywb")
    warcs = write_collection(crawled, root / "warcs")
    with Pywb(root / "site", "emedtv", sorted(warcs.values())) as url:
        yield url


def archive_crawl(out: Path, source: str, *args: str) -> Path:
    proc = drugpages("crawl", "emedtv", "--out", str(out), "--archive", source, *args, *FAST, *QUICK_RETRIES)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def at_2011(pywb: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return archive_crawl(tmp_path_factory.mktemp("at2011"), pywb, "--at", "2011")


@pytest.fixture(scope="module")
def at_2013(pywb: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return archive_crawl(tmp_path_factory.mktemp("at2013"), pywb, "--at", "2013")


def rows(out: Path, table: str) -> pd.DataFrame:
    """A table's rows without the columns that differ by run, lists as tuples, in a stable order."""
    frame = load(str(out), table).drop(columns=VOLATILE, errors="ignore")
    frame = frame.apply(lambda col: col.map(lambda v: tuple(v) if isinstance(v, (list, np.ndarray)) else v))
    order = frame.map(repr).agg("|".join, axis=1).argsort(kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def test_every_page_of_the_mirror_crawl_is_reached(at_2011: Path, crawled: Path) -> None:
    assert set(load(str(at_2011), "pages")["url"]) == set(load(str(crawled), "pages")["url"])


@pytest.mark.parametrize("table", ["pages", "brand_names", "uses", "co_medications", "links"])
def test_same_records_as_the_mirror_crawl_for_the_same_capture(at_2011: Path, crawled: Path, table: str) -> None:
    pd.testing.assert_frame_equal(rows(at_2011, table), rows(crawled, table))


def test_pages_say_which_archive_and_when_it_captured_them(at_2011: Path, pywb: str) -> None:
    pages = load(str(at_2011), "pages")
    assert (pages["archive_source"] == pywb).all()
    assert (pages["archived_at"] == pd.Timestamp(FIRST)).all()
    assert (pages["fetched_at"] > pd.Timestamp(datetime(2020, 1, 1, tzinfo=UTC))).all()


def test_warc_keeps_original_urls_headers_and_the_capture_date(at_2011: Path) -> None:
    seen = 0
    for path in (at_2011 / "warc").glob("*.warc.gz"):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                seen += 1
                assert "127.0.0.1" not in record.rec_headers.get_header("WARC-Target-URI")
                assert record.rec_headers.get_header("WARC-Date").startswith("2011-03-01T12:00:00")
                names = {k.lower() for k, _ in record.http_headers.headers}
                assert "content-type" in names and "date" in names  # the site's Date, not the archive's
                if record.http_headers.get_statuscode() == "200":
                    assert "last-modified" in names
                assert not names & {"memento-datetime", "link", "content-location"}
                assert not any(n.startswith("x-archive") for n in names)
    assert seen >= 35


def test_archived_404s_robots_blocked_and_unreadable_captures(at_2011: Path, crawled: Path) -> None:
    errors = load(str(at_2011), "errors").set_index("url")
    mirror_404 = set(load(str(crawled), "errors").query("error_type == 'HTTP 404'")["url"])
    assert set(errors.index[errors["error_type"] == "HTTP 404"]) == mirror_404  # archived 404s stay 404s
    # the index lists a capture the archive cannot load (pywb: 503 every time): an error, not retried forever
    assert errors.loc[NEVER_READABLE, "error_type"] == "CaptureMissing"
    skips = load(str(at_2011), "skips")
    robots = set(load(str(crawled), "skips").query("reason == 'robots'")["url"])
    # the site's robots.txt does not bind the archive: those URLs were asked of the index, which lacks them
    assert set(skips.query("reason == 'not_archived'")["url"]) == robots - {NEVER_READABLE}
    counts = json.loads(load(str(at_2011), "runs")["counts"].iloc[0])
    assert counts["urls_met"] == len(load(str(at_2011), "pages")) + len(errors) + len(skips)


def test_the_nearest_capture_is_read(at_2013: Path, at_2011: Path, crawled: Path) -> None:
    pages = load(str(at_2013), "pages").set_index("url")
    # 2013-01-01 is nearer 2014-06-01 than 2011-03-01: the changed page's second capture
    assert pages.loc[CHANGED, "title"] == "Tacrolimus in 2014"
    assert pages.loc[CHANGED, "archived_at"] == pd.Timestamp(SECOND)
    assert load(str(at_2011), "pages").set_index("url").loc[CHANGED, "title"] == "Tacrolimus"
    # a revisit record: the same payload as the first capture, captured again in 2014
    mirror = load(str(crawled), "pages").set_index("url")
    assert pages.loc[REVISITED, "archived_at"] == pd.Timestamp(SECOND)
    assert pages.loc[REVISITED, "content_sha256"] == mirror.loc[REVISITED, "content_sha256"]
    # the nearest capture is missing from replay: the archive's next one is read, and dated as such
    assert pages.loc[LOST, "archived_at"] == pd.Timestamp(FIRST)
    assert pages.loc[LOST, "content_sha256"] == mirror.loc[LOST, "content_sha256"]
    others = pages.drop(index=[CHANGED, REVISITED, LOST])
    assert (others["archived_at"] == pd.Timestamp(FIRST)).all()


def test_the_newest_capture_within_from_to(pywb: str, tmp_path: Path) -> None:
    out = archive_crawl(tmp_path / "window", pywb, "--from", "2010", "--to", "2012", "--start-url", CHANGED)
    pages = load(str(out), "pages").set_index("url")
    assert pages.loc[CHANGED, "title"] == "Tacrolimus"
    assert (pages["archived_at"] == pd.Timestamp(FIRST)).all()
    out = archive_crawl(tmp_path / "newest", pywb, "--start-url", CHANGED)
    assert load(str(out), "pages").set_index("url").loc[CHANGED, "title"] == "Tacrolimus in 2014"


def test_seeding_from_the_index_finds_pages_no_link_leads_to(pywb: str, tmp_path: Path) -> None:
    out = archive_crawl(tmp_path / "seeded", pywb, "--at", "2011", "--seed-from-index")
    assert ORPHAN not in set(load(str(out), "links")["target_url"])
    pages = load(str(out), "pages").set_index("url")
    assert pages.loc[ORPHAN, "drug"] == "mycophenolate"
    assert (pages["archived_at"] == pd.Timestamp(FIRST)).all()


@pytest.mark.parametrize("args, said", [
    (["--archive", "wayback"], "--archive takes"),
    (["--archive", "ia", "--at", "2011-03"], "--at takes"),
    (["--archive", "ia", "--at", "2011", "--from", "2010"], "exclude each other"),
    (["--archive", "ia", "--from", "2014", "--to", "2012"], "is after"),
    (["--at", "2011"], "go with --archive"),
    (["--archive", "ia", "--mirror", "http://127.0.0.1:9"], "exclude each other"),
    (["--archive", "cc:2014"], "cc:INDEX-NAME"),
])
def test_bad_archive_options_are_usage_errors(tmp_path: Path, args: list[str], said: str) -> None:
    proc = drugpages("crawl", "emedtv", "--out", str(tmp_path / "out"), *args)
    assert proc.returncode == 2, proc.stderr
    assert said in proc.stderr and "Traceback" not in proc.stderr
