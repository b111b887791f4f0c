"""What every drugpages spider shares: URL accounting, extraction off the event loop."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.archive import ARCHIVE_META
from crawler.archive_seeds import index_seeds
from crawler.incremental import NOT_MODIFIED, http_time
from crawler.items import FetchErrorItem, PageItem, SkipItem, UnchangedItem
from crawler.link_targets import link_targets
from crawler.redirects import page_meta, redirect_target
from crawler.run import run_context
from extract.pool import ExtractionPool
from extract.registry import page_object


class DrugSiteSpider(scrapy.Spider):
    """Follows links within the hosts its site's page object declares; every URL it meets ends as a page,
    an error or a skip. A site's spider names its ``site`` and imports its page object, which registers it."""

    site: str = ""
    default_start_urls: tuple[str, ...] = ()

    def __init__(self, *args: Any, start_urls: str | list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(start_urls, str):  # from `scrapy crawl -a start_urls=a,b`
            start_urls = [u for u in start_urls.split(",") if u]
        self.start_urls = list(start_urls or self.default_start_urls)
        self.met: set[str] = set()
        self.pool: ExtractionPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DrugSiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        workers = crawler.settings.getint("DRUGPAGES_EXTRACT_WORKERS") or None
        spider.pool = ExtractionPool(workers)
        crawler.signals.connect(spider._close_pool, signal=signals.spider_closed)
        return spider

    def _close_pool(self) -> None:
        if self.pool is not None:
            self.pool.close()

    def is_own(self, url: str) -> bool:
        return page_object(self.site).handles(url)

    async def start(self) -> AsyncIterator[Any]:
        ctx = run_context(self.crawler)
        self.met.update(ctx.done)  # --resume: URLs with a committed row are not fetched again
        seeds = await index_seeds(self.crawler, page_object(self.site).hosts)  # --seed-from-index
        for url in [*self.start_urls, *ctx.frontier, *seeds]:
            for out in self.meet(url):
                yield out

    def meet(self, url: str) -> Iterator[Any]:
        """A URL seen for the first time (in the form a request gives it): a request if ours to fetch, else a
        recorded skip; a URL no request can be made of (``http://[::1``, a port out of range) is skipped too."""
        try:
            request = self.request(url)
        except ValueError:
            request = None
        key = request.url if request is not None else url
        if key in self.met:
            return
        self.met.add(key)
        if request is None:
            yield SkipItem(url, "invalid_url")
        elif not self.is_own(key) and not self.settings.get("DRUGPAGES_FRONTIER"):  # shared: skipped once dequeued
            yield SkipItem(key, "offsite")
        else:
            yield request

    def request(self, url: str) -> scrapy.Request:
        """A page request: its redirects come back as responses (crawler/redirects.py); URLs are deduplicated
        by ``meet`` (Scrapy's filter would drop, with no row, URLs it thinks equal), or by the shared frontier."""
        shared = bool(self.settings.get("DRUGPAGES_FRONTIER"))
        return scrapy.Request(url, callback=self.parse_page, errback=self.on_error, dont_filter=not shared,
                              meta={"drugpages_page": True, **page_meta()})

    def follow_urls(self, response: Response) -> list[str]:
        """URLs to follow from a page, found before (and without waiting for) its extraction:
        every anchor's target of an HTML page by default."""
        ctype = response.headers.get(b"Content-Type", b"").lower()
        if b"html" not in ctype and not (not ctype and b"<html" in response.body[:2048].lower()):
            return []
        return link_targets(response.url, response.body, ctype.decode("latin-1"))

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        fetched_at = datetime.now(UTC)
        self.met.add(response.url)
        target = redirect_target(response, self.settings)
        if target is not None:  # the source is a skip naming its target; the target is met like a link
            yield SkipItem(response.url, "redirect", target)
            for out in self.meet(target):
                yield out
            return
        if 300 <= response.status < 400 and response.status != NOT_MODIFIED:
            yield FetchErrorItem(response.url, f"HTTP {response.status}", "a redirect without a Location")
            return
        headers = {k.decode("latin1"): v[-1].decode("latin1") for k, v in response.headers.items() if v}
        lower = {k.lower(): v for k, v in headers.items()}
        validators = {"etag": lower.get("etag"), "last_modified_at": http_time(lower.get("last-modified"))}
        archive = response.meta.get(ARCHIVE_META)
        baseline = self._unchanged_baseline(response)
        if baseline is not None:
            yield UnchangedItem(response.url, fetched_at, validators, archive)
            targets = [row["target_url"] for row in baseline.get("links", [])]
        else:
            targets = self.follow_urls(response)
        # links first: the frontier grows while this page is still being extracted in a worker
        for url in targets:
            for out in self.meet(url):
                yield out
        if baseline is None:
            assert self.pool is not None
            result = await self.pool.extract(response.url, response.body, headers, response.status)
            yield PageItem(result, fetched_at, validators, archive)

    def _unchanged_baseline(self, response: Response) -> dict[str, list[dict[str, Any]]] | None:
        """The previous run's rows of this page when --incremental finds it unchanged (304 or same body)."""
        ctx = run_context(self.crawler)
        if not ctx.incremental or ctx.baseline is None:
            return None
        rows = ctx.baseline.rows.get(response.url)
        if not rows or "pages" not in rows:
            return None
        if response.status == NOT_MODIFIED:
            return rows
        if hashlib.sha256(response.body).hexdigest() == rows["pages"][0]["content_sha256"]:
            return rows
        return None

    def on_error(self, failure: Failure) -> list[Any]:
        url = failure.request.url
        if failure.check(HttpError):
            status = failure.value.response.status
            return [FetchErrorItem(url, f"HTTP {status}", f"the server answered {status}")]
        if failure.check(IgnoreRequest):
            message = str(failure.value)
            reason = getattr(failure.value, "reason", None) or ("robots" if "robots.txt" in message else "ignored")
            return [SkipItem(url, reason)]
        return [FetchErrorItem(url, failure.type.__name__ if failure.type else "Error", str(failure.value))]
