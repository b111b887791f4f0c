"""Items → Parquet tables, streamed in row groups as they arrive."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.items import FetchErrorItem, PageItem, SkipItem
from crawler.run import RECORDED_SETTINGS, run_context, versions
from output.dataset import DatasetWriter


class DatasetPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.writer: DatasetWriter | None = None
        self.outcomes = {"page": 0, "error": 0, "skip": 0}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatasetPipeline:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        ctx = run_context(self.crawler)
        self.writer = DatasetWriter(ctx.out, ctx.run_id)

    def process_item(self, item: object, spider: Spider | None = None) -> object:
        writer = self.writer
        assert writer is not None
        if isinstance(item, PageItem):
            self.outcomes[writer.add_result(item.result, item.fetched_at)] += 1
        elif isinstance(item, FetchErrorItem):
            writer.add_error(item.url, "fetch", item.error_type, item.message, datetime.now(UTC))
            self.outcomes["error"] += 1
        elif isinstance(item, SkipItem):
            writer.add_skip(item.url, "fetch", item.reason)
            self.outcomes["skip"] += 1
        stats = self.crawler.stats
        if stats is not None:
            for key, value in self.outcomes.items():
                stats.set_value(f"drugpages/{key}s", value)
        return item

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.writer is None:
            return
        settings = {name: self.crawler.settings.get(name) for name in RECORDED_SETTINGS}
        met = len(getattr(spider, "met", ()))
        extra = {"urls_met": met, **{f"outcome_{k}s": v for k, v in self.outcomes.items()}}
        counts = self.writer.close("crawl", spider.name, reason, settings, versions(), extra)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("drugpages/run_id", self.writer.run_id)
            self.crawler.stats.set_value("drugpages/counts", counts)
        self.writer = None
