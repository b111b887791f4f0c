"""Items → Parquet tables, streamed in row groups, checkpointed so a killed run can be resumed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.frontier import cut_warc_tails, remove_staging
from crawler.items import FetchErrorItem, PageItem, SkipItem, UnchangedItem
from crawler.run import RunContext, run_context
from output import fields
from output.dataset import DatasetWriter, record_rows
from output.parts import run_records
from output.runs import RECORDED_SETTINGS, versions


class DatasetPipeline:
    """Writes each URL once: a page (with its change since the baseline), an error or a skip."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.ctx: RunContext | None = None
        self.writer: DatasetWriter | None = None
        self.outcomes = {"page": 0, "error": 0, "skip": 0}
        self.page_urls: set[str] = set()
        self.coverage = fields.Coverage()
        self.extracted = self.unchanged = self.duplicates = 0
        self.since_checkpoint = 0
        self.every = max(1, crawler.settings.getint("DRUGPAGES_CHECKPOINT_PAGES"))
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatasetPipeline:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        self.ctx = run_context(self.crawler)
        self.writer = self.ctx.writer
        if self.ctx.resume:
            self._count_recovered()
        if self.ctx.shared is not None:
            self.ctx.shared.on_commit = self._commit_idle
            self.ctx.shared.on_publish = self._take_in_workers
        self._stats()

    def _count_recovered(self) -> None:
        assert self.writer is not None
        recovered = {name: table.to_pylist() for name, table in self.writer.recovered.items()}
        by_url: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for table in ("pages", "brand_names", "uses", "co_medications", "links"):
            for row in recovered.get(table, []):
                by_url.setdefault(row["url"], {}).setdefault(table, []).append(row)
        for url, rows in by_url.items():
            if "pages" in rows:
                self.page_urls.add(url)
                self.coverage.add(rows)
        self.outcomes = {"page": len(self.page_urls), "error": len(recovered.get("errors", [])),
                         "skip": len(recovered.get("skips", []))}
        changes = recovered.get("changes", [])
        self.unchanged = sum(1 for c in changes if c["change"] == "unchanged")
        self.extracted = len(self.page_urls) - self.unchanged

    def process_item(self, item: object, spider: Spider | None = None) -> object:
        writer, ctx = self.writer, self.ctx
        assert writer is not None and ctx is not None
        url = getattr(item, "url", None) or getattr(getattr(item, "result", None), "url", None)
        if ctx.shared is not None:
            ctx.shared.done(url)  # its WARC record now; its lease ends with the next checkpoint
        if url in ctx.done:  # met again after a resume or a redirect: already in this run
            self.duplicates += 1
            return item
        ctx.done.add(url)
        if isinstance(item, PageItem):
            result = item.result
            if result.record is not None:
                rows = record_rows(result, item.fetched_at)
                rows["pages"][0].update(item.validators or {})
                rows["pages"][0].update(item.archive or {})
                self._add_page(url, rows, "extracted")
            else:
                self.outcomes[writer.add_result(result, item.fetched_at)] += 1
        elif isinstance(item, UnchangedItem):
            self._add_page(url, self._carried_over(item), "unchanged")
        elif isinstance(item, FetchErrorItem):
            writer.add_error(item.url, "fetch", item.error_type, item.message, datetime.now(UTC))
            self.outcomes["error"] += 1
        elif isinstance(item, SkipItem):
            writer.add_skip(item.url, "fetch", item.reason, item.target)
            self.outcomes["skip"] += 1
        self.since_checkpoint += 1
        if self.since_checkpoint >= self.every:
            self._checkpoint()
        self._stats()
        return item

    def _checkpoint(self) -> None:
        """Commit the rows so far; on a shared frontier, then release their requests' leases."""
        assert self.writer is not None and self.ctx is not None
        self.writer.checkpoint()
        self.since_checkpoint = 0
        if self.ctx.shared is not None:
            self.ctx.shared.commit(self.writer.checkpoints)

    def _commit_idle(self) -> None:
        if self.since_checkpoint or (self.ctx and self.ctx.shared and self.ctx.shared.finished):
            self._checkpoint()

    def _take_in_workers(self) -> None:
        """This worker publishes the shared run: every worker's committed parts become the run's, and the run's
        counts and coverage (what the monitors check) are those of all its rows."""
        ctx = self.ctx
        assert ctx is not None and ctx.shared is not None
        self._checkpoint()
        shared = ctx.shared
        committed = shared.committed()
        collector = DatasetWriter(ctx.out, ctx.run_id)
        collector.started_at = shared.started_at or collector.started_at
        for worker, done in committed.items():
            collector.adopt(shared.staging(ctx.out, worker), done["checkpoints"])
        cut_warc_tails(ctx.out, ctx.run_id, {w: c for w, c in committed.items() if w in shared.dead()})
        self.writer = ctx.writer = DatasetWriter(ctx.out, ctx.run_id, resume=True)
        self.page_urls, self.coverage = set(), fields.Coverage()
        self._count_recovered()
        self._stats()

    def _carried_over(self, item: UnchangedItem) -> dict[str, list[dict[str, Any]]]:
        """The baseline's rows of an unchanged page, fetched_at and validators of this response."""
        assert self.ctx is not None and self.ctx.baseline is not None
        rows = {table: [dict(r) for r in rs] for table, rs in self.ctx.baseline.rows[item.url].items()}
        page = rows["pages"][0]
        page["fetched_at"] = item.fetched_at
        for key, value in item.validators.items():
            page[key] = value or page.get(key)
        page.update(item.archive or {})
        return rows

    def _add_page(self, url: str, rows: dict[str, list[dict[str, Any]]], how: str) -> None:
        writer, ctx = self.writer, self.ctx
        assert writer is not None and ctx is not None
        for table, table_rows in rows.items():
            for row in table_rows:
                writer.add(table, row)
        self.outcomes["page"] += 1
        self.page_urls.add(url)
        self.coverage.add(rows)
        if how == "unchanged":
            self.unchanged += 1
        else:
            self.extracted += 1
        baseline = ctx.baseline
        change = {"url": url, "changed_fields": [], "detail": None,
                  "previous_run_id": baseline.run_id if baseline else None}
        before = baseline.rows.get(url) if baseline else None
        if how == "unchanged":
            change["change"] = "unchanged"
        elif not before or "pages" not in before:
            change["change"] = "new"
        else:
            changed, detail = fields.diff(fields.comparable(before), fields.comparable(rows))
            if changed:
                change.update(change="changed", changed_fields=changed, detail=json.dumps(detail, sort_keys=True))
            else:
                change["change"] = "unchanged"
        writer.add("changes", change)

    def _stats(self) -> None:
        stats = self.crawler.stats
        if stats is None or self.writer is None:
            return
        for key, value in self.outcomes.items():
            stats.set_value(f"drugpages/{key}s", value)
        stats.set_value("drugpages/extracted", self.extracted)
        stats.set_value("drugpages/unchanged", self.unchanged)
        stats.set_value("drugpages/rows", sum(self.writer.counts().values()))
        stats.set_value("drugpages/fact_pages", self.coverage.fact_pages)
        for name, share in self.coverage.shares().items():
            stats.set_value(f"drugpages/coverage/{name}", share)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        writer, ctx = self.writer, self.ctx
        if writer is None or ctx is None:
            return
        self.writer = None
        if ctx.shared is not None and not ctx.shared.publisher:
            writer.abandon()
            remove_staging(ctx.shared.staging(ctx.out))  # its committed parts are the run's now
            if reason == "finished" and self.crawler.stats is not None:  # this worker ends as the run did
                record = run_records(ctx.out, [ctx.run_id])[0]
                self.crawler.stats.set_value("drugpages/run_id", ctx.run_id)
                self.crawler.stats.set_value("drugpages/counts",
                                             json.loads(record["counts"]) | {"status": record["status"]})
            return
        stats = self.crawler.stats
        baseline = ctx.baseline
        # stopped early (Ctrl-C, SIGTERM): 'failed' in runs, its rows kept checkpointed for --resume
        gone = sorted(set(baseline.rows) - self.page_urls) if baseline and reason == "finished" else []
        for url in gone:
            if "pages" in baseline.rows[url]:
                writer.add("changes", {"url": url, "change": "gone", "changed_fields": [], "detail": None,
                                       "previous_run_id": baseline.run_id})
        settings = {name: self.crawler.settings.get(name) for name in RECORDED_SETTINGS}
        met = ctx.shared.urls_met() if ctx.shared is not None else len(getattr(spider, "met", ()))
        extra: dict[str, Any] = {"urls_met": met, "extracted": self.extracted, "unchanged": self.unchanged,
                                 "duplicates_dropped": self.duplicates, "fact_pages": self.coverage.fact_pages,
                                 **{f"outcome_{k}s": v for k, v in self.outcomes.items()},
                                 **{f"coverage_{k}": v for k, v in self.coverage.shares().items()}}
        if stats is not None and stats.get_value("drugpages/monitors_failed") is not None:
            extra["monitors_failed"] = stats.get_value("drugpages/monitors_failed")
        failed = list(stats.get_value("drugpages/failed_monitors") or []) if stats is not None else []
        rows = sum(self.outcomes.values())
        if reason == "finished" and ctx.shared is None and met != rows:  # every URL met is one row, or it says so
            failed.append(f"url_accounting: {met} URLs met, {rows} page, error and skip rows")
            extra["urls_unaccounted"] = met - rows
        counts = writer.close("crawl", spider.name, reason, settings, versions(), extra, failed,
                              site=getattr(spider, "site", None) or spider.name)
        if ctx.shared is not None:
            ctx.shared.published()
            for worker in {ctx.shared.worker, *ctx.shared.dead()}:
                remove_staging(ctx.shared.staging(ctx.out, worker))
        if stats is not None:
            stats.set_value("drugpages/run_id", writer.run_id)
            stats.set_value("drugpages/counts", counts)
        if ctx.lock is not None:
            ctx.lock.release()
