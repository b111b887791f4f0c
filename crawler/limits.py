"""Crawl limits that end in a skip row naming the limit, never in a silently dropped URL.

Scrapy's depth and URL-length middlewares drop a request they refuse with a
log line only: the URL had been met, so it ended with no row. Here depth is
still tracked by Scrapy (its priority keeps the crawl breadth-first), but the
refusal happens in a downloader middleware that raises ``IgnoreRequest`` with
a ``reason`` (``limit:DEPTH_LIMIT=20``), which the spider's errback turns into
a skip; on a shared frontier that skip is leased and committed like any row.
A cap on pages per host ends traps that fan out wider than the depth limit.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.depth import DepthMiddleware
from scrapy.utils.httpobj import urlparse_cached


class LimitSkip(IgnoreRequest):
    """A request refused by a limit; ``reason`` (``limit:SETTING=value``) is the skip row's reason."""

    def __init__(self, setting: str, value: int, url: str) -> None:
        super().__init__(f"{setting}={value}: {url}")
        self.reason = f"limit:{setting}={value}"


class DepthTracking(DepthMiddleware):
    """Scrapy's depth bookkeeping and depth priority, without its silent drop past DEPTH_LIMIT."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DepthTracking:
        middleware = super().from_crawler(crawler)
        middleware.maxdepth = 0  # refused in LimitsMiddleware instead, as a skip row
        return middleware


class LimitsMiddleware:
    """URL length (URLLENGTH_LIMIT), depth (DEPTH_LIMIT) and pages per host (DRUGPAGES_MAX_PAGES_PER_HOST);
    0 turns a limit off. Only the spider's page requests are limited, each on its first attempt."""

    def __init__(self, max_length: int, max_depth: int, per_host: int) -> None:
        self.max_length, self.max_depth, self.per_host = max_length, max_depth, per_host
        self.pages: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LimitsMiddleware:
        s = crawler.settings
        return cls(s.getint("URLLENGTH_LIMIT"), s.getint("DEPTH_LIMIT"), s.getint("DRUGPAGES_MAX_PAGES_PER_HOST"))

    def process_request(self, request: Request, spider: Spider | None = None) -> Any:
        if not request.meta.get("drugpages_page") or request.meta.get("retry_times"):
            return None
        if self.max_length and len(request.url) > self.max_length:
            raise LimitSkip("URLLENGTH_LIMIT", self.max_length, request.url)
        if self.max_depth and request.meta.get("depth", 0) > self.max_depth:
            raise LimitSkip("DEPTH_LIMIT", self.max_depth, request.url)
        host = urlparse_cached(request).netloc.lower()
        if self.per_host and self.pages[host] >= self.per_host:
            raise LimitSkip("DRUGPAGES_MAX_PAGES_PER_HOST", self.per_host, request.url)
        self.pages[host] += 1
        return None
