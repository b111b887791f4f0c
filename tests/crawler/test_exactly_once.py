"""The crawl's exactly-once bookkeeping, in process: the dataset pipeline fed the items a spider yields.

The crawl tests run the real command in a child process; these drive the same pipeline through a real
Scrapy crawler object in this process (so a mutation test can switch the code under them), with pages of
the bundled mirror extracted for real, and read the Parquet tables back.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from scrapy.utils.test import get_crawler

from crawler.items import FetchErrorItem, PageItem, SkipItem, UnchangedItem
from crawler.pipelines import DatasetPipeline
from crawler.resume import recovered_frontier
from crawler.spiders.emedtv import EmedtvSpider
from extract import extract_page
from extract.records import ExtractResult
from output import load
from tests.conftest import MIRROR_ROOT

HOST = "drugs.emedtv.com"
PREDNISONE = f"http://{HOST}/prednisone/prednisone.html"
TACROLIMUS = f"http://{HOST}/tacrolimus/tacrolimus.html"
MYCOPHENOLATE = f"http://{HOST}/mycophenolate/what-is-mycophenolate.html"
INDEX = f"http://{HOST}/index.html"
LEAFLET = f"http://{HOST}/leaflet.pdf"
SHOP = "http://shop.example.org/hours.html"
USED_FOR_P2 = f"http://{HOST}/tacrolimus/what-is-tacrolimus-used-for-p2.html"
WHEN = datetime(2099, 1, 1, tzinfo=UTC)


def _page(url: str, body: bytes | None = None) -> PageItem:
    """A mirror page as the spider yields it: fetched, extracted for real."""
    body = body if body is not None else (MIRROR_ROOT / url.removeprefix("http://")).read_bytes()
    return PageItem(extract_page(url, body, {"content-type": "text/html"}), WHEN, {"etag": '"v1"'})


def _leaflet() -> PageItem:
    """A response extraction skips (not HTML)."""
    return PageItem(extract_page(LEAFLET, b"%PDF-1.4", {"content-type": "application/pdf"}), WHEN)


class Run:
    """One crawl run of the pipeline: open, the items in order, closed with Scrapy's reason."""

    def __init__(self, out: Path, run_id: str, **settings: Any) -> None:
        self.crawler = get_crawler(EmedtvSpider, {"DRUGPAGES_OUT": str(out), "DRUGPAGES_RUN_ID": run_id,
                                                  "DRUGPAGES_CHECKPOINT_PAGES": 1, **settings})
        self.spider = EmedtvSpider()
        self.pipeline = DatasetPipeline.from_crawler(self.crawler)
        self.pipeline.open_spider(self.spider)
        self.out, self.run_id = out, run_id

    def feed(self, *items: object) -> Run:
        for item in items:
            url = getattr(item, "url", None) or item.result.url  # type: ignore[attr-defined]
            self.spider.met.add(url)
            assert self.pipeline.process_item(item, self.spider) is item
        return self

    def close(self, reason: str = "finished") -> dict[str, Any]:
        self.pipeline.spider_closed(self.spider, reason)
        return self.crawler.stats.get_value("drugpages/counts")

    def stat(self, name: str) -> Any:
        return self.crawler.stats.get_value(f"drugpages/{name}")


def _urls(out: Path, table: str, run: str) -> list[str]:
    return sorted(load(str(out), table, run=run)["url"])


def _changes(out: Path, run: str) -> dict[str, dict[str, Any]]:
    """The run's change rows by URL (one each)."""
    rows = load(str(out), "changes", run=run).to_dict("records")
    assert len({row["url"] for row in rows}) == len(rows), "a URL with two change rows"
    return {row["url"]: row for row in rows}


def test_every_url_met_ends_as_one_row(tmp_path: Path) -> None:
    """A page, a page that is no drug page, an extraction error, a fetch error and a skip, each met twice
    (a redirect landing on a URL already fetched, a link met again): one row each, the rest counted dropped."""
    broken = ExtractResult(MYCOPHENOLATE, 200, "0" * 64, error_type="ParserError", error_message="bad markup")
    shop = PageItem(extract_page(SHOP, b"<html><body><p>Our shop and its opening hours.</p></body></html>", {}), WHEN)
    items = [_page(PREDNISONE), _leaflet(), shop, PageItem(broken, WHEN), FetchErrorItem(TACROLIMUS, "HTTP 500", "no"),
             SkipItem("http://example.org/", "offsite")]
    run = Run(tmp_path, "20990101T000000Z-once", DOWNLOAD_DELAY=0.25).feed(*items, *items)
    assert run.stat("pages") == 1 and run.stat("errors") == 2 and run.stat("skips") == 3
    assert run.stat("extracted") == 1 and run.stat("unchanged") == 0
    assert run.stat("rows") > 5 and run.stat("fact_pages") == 1
    assert run.stat("coverage/title") == 1.0
    counts = run.close()
    assert run.stat("run_id") == run.run_id and counts["status"] == "succeeded"

    assert _urls(tmp_path, "pages", run.run_id) == [PREDNISONE]
    assert _urls(tmp_path, "errors", run.run_id) == [MYCOPHENOLATE, TACROLIMUS]
    assert _urls(tmp_path, "skips", run.run_id) == [LEAFLET, "http://example.org/", SHOP]
    errors = load(str(tmp_path), "errors", run=run.run_id).set_index("url")
    assert errors.loc[MYCOPHENOLATE, "stage"] == "extract" and errors.loc[TACROLIMUS, "stage"] == "fetch"
    assert errors.loc[TACROLIMUS, "error_type"] == "HTTP 500" and errors.loc[MYCOPHENOLATE, "occurred_at"] == WHEN
    skips = load(str(tmp_path), "skips", run=run.run_id).set_index("url")
    assert skips.loc[LEAFLET, "reason"] == "not_html:application/pdf"
    assert skips.loc["http://example.org/", "reason"] == "offsite" and skips.loc[SHOP, "reason"] == "not_a_drug_page"
    assert skips.loc["http://example.org/", "stage"] == "fetch" and skips.loc[SHOP, "stage"] == "extract"
    pages = load(str(tmp_path), "pages", run=run.run_id)
    assert pages["etag"].tolist() == ['"v1"'] and pages["fetched_at"].iloc[0] == WHEN
    assert set(load(str(tmp_path), "uses", run=run.run_id)["url"]) == {PREDNISONE}
    changes = _changes(tmp_path, run.run_id)
    assert list(changes) == [PREDNISONE] and changes[PREDNISONE]["change"] == "new"
    assert pd.isna(changes[PREDNISONE]["previous_run_id"])

    manifest = load(str(tmp_path), "runs", run=run.run_id).iloc[0]
    assert (manifest["command"], manifest["source"], manifest["site"]) == ("crawl", "emedtv", "emedtv")
    assert json.loads(manifest["settings"])["DOWNLOAD_DELAY"] == 0.25
    recorded = json.loads(manifest["counts"])
    assert recorded["urls_met"] == 6 == recorded["pages"] + recorded["errors"] + recorded["skips"]
    assert recorded["duplicates_dropped"] == 6
    assert (recorded["outcome_pages"], recorded["outcome_errors"], recorded["outcome_skips"]) == (1, 2, 3)
    assert recorded["extracted"] == 1 and recorded["unchanged"] == 0 and recorded["fact_pages"] == 1
    assert "monitors_failed" not in recorded  # no monitor ran


def test_failed_monitors_make_the_run_degraded(tmp_path: Path) -> None:
    run = Run(tmp_path, "20990101T000000Z-degraded").feed(_page(PREDNISONE))
    run.crawler.stats.set_value("drugpages/monitors_failed", 1)
    run.crawler.stats.set_value("drugpages/failed_monitors", ["coverage"])
    counts = run.close()
    assert counts["status"] == "degraded" and counts["monitors_failed"] == 1
    manifest = load(str(tmp_path), "runs", run=run.run_id).iloc[0]
    assert manifest["status"] == "degraded" and list(manifest["failed_monitors"]) == ["coverage"]


def test_a_second_close_writes_nothing(tmp_path: Path) -> None:
    run = Run(tmp_path, "20990101T000000Z-twice").feed(_page(PREDNISONE))
    counts = run.close()
    run.pipeline.spider_closed(run.spider, "finished")
    assert run.stat("counts") == counts and len(load(str(tmp_path), "runs", run="all")) == 1


def test_checkpoints_every_n_urls_not_counting_those_dropped(tmp_path: Path) -> None:
    run = Run(tmp_path, "20990101T000000Z-every", DRUGPAGES_CHECKPOINT_PAGES=2)
    manifest = tmp_path / "_runs" / run.run_id / "checkpoint.json"
    run.feed(_page(PREDNISONE))
    assert not manifest.exists()
    run.feed(_page(PREDNISONE), FetchErrorItem(TACROLIMUS, "HTTP 500", "no"))
    assert json.loads(manifest.read_text())["checkpoints"] == 1
    run.feed(SkipItem(INDEX, "robots"), SkipItem(INDEX, "robots"))
    assert json.loads(manifest.read_text())["checkpoints"] == 1
    run.feed(_page(MYCOPHENOLATE))
    assert json.loads(manifest.read_text())["checkpoints"] == 2
    assert json.loads(manifest.read_text())["counts"]["pages"] == 2
    every = Run(tmp_path / "every", "20990101T000000Z-one", DRUGPAGES_CHECKPOINT_PAGES=1).feed(_leaflet())
    assert json.loads((tmp_path / "every" / "_runs" / every.run_id / "checkpoint.json").read_text())["checkpoints"] == 1


def test_second_run_records_what_changed_since_the_first(tmp_path: Path) -> None:
    first = Run(tmp_path, "20990101T000000Z-first")
    first.feed(_page(PREDNISONE), _page(TACROLIMUS), _page(MYCOPHENOLATE), _page(USED_FOR_P2)).close()
    edited = (MIRROR_ROOT / TACROLIMUS.removeprefix("http://")).read_bytes()
    edited = edited.replace(b"used for eczema", b"used for psoriasis").replace(b"Astagraf", b"Astagrif")
    second = Run(tmp_path, "20990102T000000Z-second", DRUGPAGES_INCREMENTAL=True)
    second.feed(UnchangedItem(PREDNISONE, datetime(2099, 1, 2, tzinfo=UTC), {"etag": '"v2"'}),
                _page(TACROLIMUS, edited), _page(f"http://{HOST}/tacrolimus/what-is-tacrolimus-used-for.html"),
                UnchangedItem(USED_FOR_P2, WHEN, {"etag": None}))
    assert second.stat("extracted") == 2 and second.stat("unchanged") == 2
    counts = second.close()
    assert counts["extracted"] == 2 and counts["unchanged"] == 2 and counts["status"] == "succeeded"

    changes = _changes(tmp_path, second.run_id)
    assert {url: c["change"] for url, c in changes.items()} == {
        PREDNISONE: "unchanged", TACROLIMUS: "changed", f"http://{HOST}/tacrolimus/what-is-tacrolimus-used-for.html":
        "new", MYCOPHENOLATE: "gone", USED_FOR_P2: "unchanged"}
    assert all(c["previous_run_id"] == first.run_id for c in changes.values())
    assert list(changes[TACROLIMUS]["changed_fields"]) == ["approved_uses", "brand_names", "text"]
    detail = json.loads(changes[TACROLIMUS]["detail"])
    assert detail["approved_uses"] == {"added": ["psoriasis"], "removed": ["eczema"]}
    assert detail["brand_names"] == {"added": ["Astagrif XL"], "removed": ["Astagraf XL"]}
    assert changes[TACROLIMUS]["detail"] == json.dumps(detail, sort_keys=True)  # the same text for the same change
    assert pd.isna(changes[PREDNISONE]["detail"]) and list(changes[PREDNISONE]["changed_fields"]) == []

    # the unchanged page's rows are carried over whole, with this response's fetch time and validators
    for table in ("uses", "brand_names", "links"):
        before = load(str(tmp_path), table, run=first.run_id)
        after = load(str(tmp_path), table, run=second.run_id)
        assert len(after[after["url"] == PREDNISONE]) == len(before[before["url"] == PREDNISONE]) > 0, table
    page = load(str(tmp_path), "pages", run=second.run_id).set_index("url").loc[PREDNISONE]
    assert page["etag"] == '"v2"' and page["fetched_at"] == datetime(2099, 1, 2, tzinfo=UTC)
    assert page["title"] == load(str(tmp_path), "pages", run=first.run_id).set_index("url").loc[PREDNISONE, "title"]


def test_same_body_again_is_extracted_but_unchanged(tmp_path: Path) -> None:
    Run(tmp_path, "20990101T000000Z-first").feed(_page(PREDNISONE)).close()
    second = Run(tmp_path, "20990102T000000Z-second")
    second.feed(_page(PREDNISONE)).close()
    assert _changes(tmp_path, second.run_id)[PREDNISONE]["change"] == "unchanged"
    assert second.stat("extracted") == 1 and second.stat("unchanged") == 0


def test_unchanged_page_keeps_a_validator_the_304_did_not_repeat(tmp_path: Path) -> None:
    Run(tmp_path, "20990101T000000Z-first").feed(_page(PREDNISONE)).close()
    second = Run(tmp_path, "20990102T000000Z-second", DRUGPAGES_INCREMENTAL=True)
    second.feed(UnchangedItem(PREDNISONE, WHEN, {"etag": None})).close()
    assert load(str(tmp_path), "pages", run=second.run_id).iloc[0]["etag"] == '"v1"'


def test_a_stopped_run_marks_nothing_gone_and_resumes_to_each_url_once(tmp_path: Path) -> None:
    Run(tmp_path, "20990101T000000Z-first").feed(_page(PREDNISONE), _page(TACROLIMUS), _page(MYCOPHENOLATE)).close()
    run_id = "20990102T000000Z-stopped"
    stopped = Run(tmp_path, run_id, DRUGPAGES_INCREMENTAL=True)
    stopped.feed(UnchangedItem(PREDNISONE, WHEN, {}), _leaflet(), FetchErrorItem(TACROLIMUS, "HTTP 503", "busy"))
    assert stopped.close("shutdown")["status"] == "failed"

    resumed = Run(tmp_path, run_id, DRUGPAGES_INCREMENTAL=True, DRUGPAGES_RESUME=True)
    ctx = resumed.crawler._drugpages_run  # noqa: SLF001 - what the spider starts from
    assert ctx.done == {PREDNISONE, LEAFLET, TACROLIMUS}
    assert ctx.frontier and len(ctx.frontier) == len(set(ctx.frontier))
    assert (resumed.stat("pages"), resumed.stat("errors"), resumed.stat("skips")) == (1, 1, 1)
    assert resumed.stat("unchanged") == 1 and resumed.stat("extracted") == 0 and resumed.stat("fact_pages") == 1
    resumed.spider.met.update(ctx.done)
    resumed.feed(_page(PREDNISONE), _leaflet(), _page(MYCOPHENOLATE))
    counts = resumed.close()
    assert counts["status"] == "succeeded" and counts["duplicates_dropped"] == 2
    assert counts["urls_met"] == 4 == counts["pages"] + counts["errors"] + counts["skips"]
    assert (counts["outcome_pages"], counts["outcome_errors"], counts["outcome_skips"]) == (2, 1, 1)
    assert counts["extracted"] == 1 and counts["unchanged"] == 1 and counts["fact_pages"] == 2
    assert _urls(tmp_path, "pages", run_id) == [MYCOPHENOLATE, PREDNISONE]
    # the page that failed this time is gone from its pages; the stopped run had marked nothing gone
    changes = _changes(tmp_path, run_id)
    assert {u: c["change"] for u, c in changes.items()} == {PREDNISONE: "unchanged", MYCOPHENOLATE: "unchanged",
                                                            TACROLIMUS: "gone"}


def test_a_resumed_run_refetches_link_targets_in_order_once() -> None:
    """What a killed run's committed rows say: URLs done (page, error or skip rows), link targets to fetch again."""
    links = pa.table({"url": ["a", "a", "b", "b"], "target_url": ["x", "y", "x", "z"]})
    done, frontier = recovered_frontier({
        "pages": pa.table({"url": ["a", "b"]}), "errors": pa.table({"url": ["c"]}),
        "skips": pa.table({"url": ["d"]}), "uses": pa.table({"url": ["e"]}), "links": links})
    assert done == {"a", "b", "c", "d"}
    assert frontier == ["x", "y", "z"]
    assert recovered_frontier({}) == (set(), [])
    assert recovered_frontier({"errors": pa.table({"url": ["c"]})}) == ({"c"}, [])


def test_a_resumed_run_counts_as_an_uninterrupted_one(tmp_path: Path) -> None:
    """Coverage, fact pages and outcomes of a run stopped half-way and resumed are those of one that ran through."""
    items = [_page(PREDNISONE), _page(TACROLIMUS), _leaflet(), _page(MYCOPHENOLATE),
             FetchErrorItem(INDEX, "HTTP 500", "no")]
    whole = Run(tmp_path / "whole", "20990101T000000Z-whole").feed(*items).close()
    Run(tmp_path / "cut", "20990101T000000Z-cut").feed(*items[:3]).close("shutdown")
    resumed = Run(tmp_path / "cut", "20990101T000000Z-cut", DRUGPAGES_RESUME=True).feed(*items).close()
    assert resumed["duplicates_dropped"] == 3
    same = [k for k in whole if k.startswith(("coverage_", "outcome_")) or k in (
        "fact_pages", "extracted", "unchanged", "pages", "uses", "brand_names", "co_medications", "links", "errors",
        "skips", "changes")]
    assert len(same) > 15
    assert {k: resumed[k] for k in same} == {k: whole[k] for k in same}
