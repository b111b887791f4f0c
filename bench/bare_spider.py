"""Baseline A: a bare Scrapy spider that follows the same links and parses nothing.

``python -m bench.bare_spider --mirror URL --start-url URL ... -s NAME=VALUE``
fetches through the same mirror download handler as the real crawl, finds
links with a regex (no HTML parse), keeps to ``*.emedtv.com``, and prints its
Scrapy stats as one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import scrapy
from scrapy.http import Response

HREF = re.compile(rb'href="([^"#]+)', re.I)


class BareSpider(scrapy.Spider):
    name = "bare"
    host_suffix = ".emedtv.com"

    def __init__(self, start_urls: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = start_urls or []
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            self.seen.add(url)
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        for raw in HREF.findall(response.body):
            url = urldefrag(urljoin(response.url, raw.decode("latin1")))[0]
            if url in self.seen:
                continue
            self.seen.add(url)
            host = urlsplit(url).hostname or ""
            if url.startswith("http") and host.endswith(self.host_suffix):
                yield scrapy.Request(url, callback=self.parse)


def main(argv: list[str] | None = None) -> None:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m bench.bare_spider")
    parser.add_argument("--mirror", required=True)
    parser.add_argument("--start-url", action="append", default=[], dest="start_urls")
    parser.add_argument("-s", action="append", default=[], dest="settings", metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    settings = Settings()
    settings.setdict({
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DOWNLOAD_HANDLERS": {"http": "crawler.mirror.MirrorDownloadHandler",
                              "https": "crawler.mirror.MirrorDownloadHandler"},
        "DRUGPAGES_MIRROR": args.mirror, "COOKIES_ENABLED": False, "CONCURRENT_ITEMS": 10,
        "USER_AGENT": "drugpages-bench", "LOG_LEVEL": "WARNING",
    }, priority="project")
    for pair in args.settings:
        name, _, value = pair.partition("=")
        settings.set(name, value, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, start_urls=args.start_urls)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(json.dumps(stats, default=str), flush=True)


if __name__ == "__main__":
    main()
