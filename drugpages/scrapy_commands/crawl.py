"""``scrapy crawl`` (and so every Scrapyd job) ending as ``drugpages crawl`` does.

Scrapy's own command exits 0 whatever the monitors said; this one exits 3 when
the run ended degraded or failed and 1 when it stopped before the end, so cron,
Scrapyd ("Process died: exitstatus=3" in its log) and CI see the failure.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from drugpages import exits


class Command(ScrapyCrawl):
    crawler: Crawler | None = None

    def short_desc(self) -> str:
        return "Run a spider; exit 3 when its monitors fail the run, 1 when it stops early"

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        if not self.exitcode and self.crawler is not None and self.crawler.stats is not None:
            self.exitcode = exits.for_run(self.crawler.stats.get_stats())
