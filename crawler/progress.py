"""Progress of a crawl: a live rich line on a terminal, a periodic log line otherwise (cron, scrapyd)."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet.task import LoopingCall

logger = logging.getLogger("drugpages.progress")


class Progress:
    """Pages, records, errors, rate and elapsed time, from the pipeline's ``drugpages/*`` stats."""

    def __init__(self, crawler: Crawler, interactive: bool, interval: float) -> None:
        self.crawler = crawler
        self.interactive = interactive
        self.interval = 0.25 if interactive else interval
        self.started = time.monotonic()
        self.live: Live | None = None
        self.task: LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("DRUGPAGES_PROGRESS_INTERVAL")
        return cls(crawler, sys.stderr.isatty(), interval)

    def numbers(self) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        elapsed = time.monotonic() - self.started
        pages = int(stats.get("drugpages/pages", 0))
        return {"pages": pages, "records": int(stats.get("drugpages/rows", 0)),
                "errors": int(stats.get("drugpages/errors", 0)), "skips": int(stats.get("drugpages/skips", 0)),
                "rate": pages / elapsed if elapsed > 0 else 0.0, "elapsed": elapsed}

    def line(self) -> str:
        n = self.numbers()
        minutes, seconds = divmod(int(n["elapsed"]), 60)
        return (f"{self.crawler.spidercls.name}: {n['pages']} pages · {n['records']} records · {n['errors']} errors"
                f" · {n['skips']} skips · {n['rate']:.1f} pages/s · {minutes:02d}:{seconds:02d}")

    def tick(self) -> None:
        if self.live is not None:
            self.live.update(Text(self.line()))
        else:
            logger.info("progress: %s", self.line())

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        if self.interactive:
            self.live = Live(Text(self.line()), console=Console(stderr=True), refresh_per_second=4, transient=False)
            self.live.start()
        if self.interval > 0:
            self.task = LoopingCall(self.tick)
            self.task.start(self.interval, now=False)

    def spider_closed(self, spider: Spider) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.live is not None:
            self.live.update(Text(self.line()))
            self.live.stop()
        else:
            logger.info("progress: %s (done)", self.line())
