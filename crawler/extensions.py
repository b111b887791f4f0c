"""Extensions: the WARC capture of every response, written as it arrives."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.archive import ARCHIVE_META
from crawler.incremental import NOT_MODIFIED
from crawler.run import run_context
from output.dataset import open_root
from output.warc import WarcSink, repair_warc


class WarcCapture:
    """Writes each downloaded response (original URL, decoded body) to the run's WARC files, once per URL.

    On ``--resume`` the files' cut-off tail is dropped first and the URLs they hold are not written again.
    """

    def __init__(self, crawler: Crawler) -> None:
        ctx = run_context(crawler)
        folder: Path | None = None
        prefix = f"{ctx.run_id}-{ctx.shared.worker}" if ctx.shared else ctx.run_id  # a shared run: files per worker
        if "://" in ctx.out:  # object storage: the same pyarrow filesystem as the tables
            filesystem, root = open_root(ctx.out)
            self.sink = WarcSink(f"{root}/warc", prefix, filesystem)
        else:
            folder = Path(ctx.out) / "warc"
            self.sink = WarcSink(folder, prefix)
        self.shared = ctx.shared
        if self.shared is not None:
            self.shared.warc_position = self.sink.position
        self.captured: set[str] = set()
        if ctx.resume and folder is not None:
            self.captured, self.sink.index = repair_warc(folder, ctx.run_id)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCapture:
        return cls(crawler)

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        if response.url in self.captured:
            return
        self.captured.add(response.url)
        headers = [
            (k.decode("latin1"), v.decode("latin1")) for k, values in response.headers.items() for v in values
        ]
        archived = request.meta.get(ARCHIVE_META)  # --archive: the capture's own date
        when = archived["archived_at"] if archived else datetime.now(UTC)
        if response.status == NOT_MODIFIED:
            write = partial(self.sink.write_revisit, response.url, response.status, headers, when)
        else:
            write = partial(self.sink.write_response, response.url, response.status, "", headers, response.body, when)
        if self.shared is not None and request.meta.get("drugpages_page"):
            self.shared.hold(response.url, write)  # written with its row: a worker's WARC ends where its commits do
        else:
            write()

    def spider_closed(self, spider: Spider) -> None:
        self.sink.close()
