"""Extensions: the WARC capture of every response, written as it arrives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.run import run_context
from crawler.warc import WarcSink
from output.dataset import open_root


class WarcCapture:
    """Writes each downloaded response (original URL, decoded body) to the run's WARC files."""

    def __init__(self, crawler: Crawler) -> None:
        ctx = run_context(crawler)
        if "://" in ctx.out:  # object storage: the same pyarrow filesystem as the tables
            filesystem, root = open_root(ctx.out)
            self.sink = WarcSink(f"{root}/warc", ctx.run_id, filesystem)
        else:
            self.sink = WarcSink(Path(ctx.out) / "warc", ctx.run_id)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCapture:
        return cls(crawler)

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        headers = [
            (k.decode("latin1"), v.decode("latin1")) for k, values in response.headers.items() for v in values
        ]
        reason = ""
        self.sink.write_response(response.url, response.status, reason, headers, response.body, datetime.now(UTC))

    def spider_closed(self, spider: Spider) -> None:
        self.sink.close()
