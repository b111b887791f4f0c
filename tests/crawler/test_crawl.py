"""A real crawl of the bundled mirror, served on 127.0.0.1, read back from Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from warcio.archiveiterator import ArchiveIterator

from output import load
from tests.conftest import mirror_pages


def test_every_page_of_the_mirror_is_reached(crawled: Path) -> None:
    pages = load(str(crawled), "pages")
    urls = set(pages["url"])
    index_pages = {u for u in mirror_pages() if u.endswith("/index.html")}
    missing = set(mirror_pages()) - index_pages - urls
    assert not missing, f"pages never crawled: {sorted(missing)}"
    # channel index pages are reached as http://HOST/ (the start URLs)
    for url in index_pages:
        assert url in urls or url.removesuffix("index.html") in urls


def test_records_keep_original_urls(crawled: Path) -> None:
    for table, column in (("pages", "url"), ("links", "target_url"), ("errors", "url"), ("skips", "url")):
        frame = load(str(crawled), table)
        assert not frame[column].str.contains("127.0.0.1").any(), table
    assert load(str(crawled), "pages")["url"].str.startswith("http://").all()


def test_page_types_and_drugs(crawled: Path) -> None:
    pages = load(str(crawled), "pages").set_index("url")
    seed = pages.loc["http://drugs.emedtv.com/tacrolimus/what-is-tacrolimus-used-for.html"]
    assert seed["page_type"] == "article" and seed["drug"] == "tacrolimus"
    assert seed["drug_class"] == "immunosuppressant"
    assert pages.loc["http://drugs.emedtv.com/drugs/a-z.html", "page_type"] == "navigation"
    assert pd.isna(pages.loc["http://drugs.emedtv.com/drugs/a-z.html", "drug"])
    assert (pages["status"] == 200).all()
    assert pages["fetched_at"].dt.tz is not None


def test_every_url_met_is_a_page_an_error_or_a_skip(crawled: Path) -> None:
    runs = load(str(crawled), "runs")
    counts = json.loads(runs["counts"].iloc[0])
    pages, errors, skips = (len(load(str(crawled), t)) for t in ("pages", "errors", "skips"))
    assert counts["urls_met"] == pages + errors + skips
    assert counts["pages"] == pages
    assert runs["status"].iloc[0] == "succeeded"


def test_dead_links_robots_and_offsite_are_recorded(crawled: Path) -> None:
    errors = load(str(crawled), "errors")
    assert (errors["error_type"] == "HTTP 404").sum() >= 3
    assert (errors["stage"] == "fetch").all()
    reasons = set(load(str(crawled), "skips")["reason"])
    assert {"robots", "offsite"} <= reasons


def test_referring_links_are_absolute_and_from_the_block(crawled: Path) -> None:
    links = load(str(crawled), "links")
    referring = links[links["kind"] == "referring"]
    assert len(referring) > 10
    assert referring["target_url"].str.match(r"^https?://[\w.-]+\.emedtv\.com/").all()
    assert not referring["anchor_text"].str.lower().isin(["terms of use", "privacy policy"]).any()


def test_warc_holds_every_response_under_its_original_url(crawled: Path) -> None:
    files = sorted((crawled / "warc").glob("*.warc.gz"))
    assert files
    urls = []
    for path in files:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    urls.append(record.rec_headers.get_header("WARC-Target-URI"))
                    assert record.content_stream().read() is not None
    assert not any("127.0.0.1" in u for u in urls)
    pages = set(load(str(crawled), "pages")["url"])
    assert pages <= set(urls)
    assert any(u.endswith("/robots.txt") for u in urls)
