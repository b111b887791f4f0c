"""`drugpages extract` over the crawl's own WARC gives the crawl's records, with no network."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from output import load, run_ids
from tests.conftest import drugpages

KEYS = {
    "pages": ["url", "page_type", "title", "drug", "drug_class", "text", "content_sha256", "status"],
    "brand_names": ["url", "brand_name", "start", "end"],
    "uses": ["url", "use_type", "condition", "start", "end"],
    "co_medications": ["url", "co_medication", "start", "end"],
    "links": ["url", "kind", "target_url", "anchor_text"],
}


def _rows(root: Path, table: str, run: str) -> pd.DataFrame:
    frame = load(str(root), table, run)[KEYS[table]]
    return frame.sort_values(KEYS[table]).reset_index(drop=True)


def test_extract_from_warc_matches_the_crawl(crawled: Path, tmp_path: Path) -> None:
    out = tmp_path / "re"
    proc = drugpages("extract", str(crawled / "warc"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    crawl_run, re_run = run_ids(str(crawled))[-1], run_ids(str(out))[-1]
    for table in KEYS:
        pd.testing.assert_frame_equal(_rows(crawled, table, crawl_run), _rows(out, table, re_run), check_dtype=False)
    # the 404s archived by the crawl come back as the same error rows
    crawl_404 = set(load(str(crawled), "errors").query("error_type == 'HTTP 404'")["url"])
    re_404 = set(load(str(out), "errors").query("error_type == 'HTTP 404'")["url"])
    assert crawl_404 == re_404
    # robots.txt responses are counted and skipped, not errors
    skips = load(str(out), "skips")
    assert skips["reason"].str.startswith("not_html").any()


def test_extract_reports_a_missing_input_clearly(tmp_path: Path) -> None:
    proc = drugpages("extract", str(tmp_path / "nope.warc.gz"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert "nope.warc.gz" in proc.stderr and "Traceback" not in proc.stderr
