"""Politeness: retries that wait longer each time, and a robots.txt check that holds under load."""

from __future__ import annotations

import asyncio

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as _ScrapyRobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RetryBackoffMiddleware:
    """Delays a request re-queued by RetryMiddleware by ``base * 2**(attempt-1)`` seconds, capped.

    Only what RETRY_HTTP_CODES and network failures retry gets here: 404s and other
    permanent answers are never retried.
    """

    def __init__(self, base: float, cap: float) -> None:
        self.base, self.cap = base, cap

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        s = crawler.settings
        return cls(s.getfloat("DRUGPAGES_RETRY_BACKOFF_BASE"), s.getfloat("DRUGPAGES_RETRY_BACKOFF_MAX"))

    def delay(self, attempt: int) -> float:
        return min(self.cap, self.base * 2 ** max(0, attempt - 1)) if attempt > 0 else 0.0

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        wait = self.delay(int(request.meta.get("retry_times", 0)))
        if wait > 0:
            await asyncio.sleep(wait)


class RobotsTxtMiddleware(_ScrapyRobotsTxtMiddleware):
    """Scrapy's robots.txt check, safe for requests that wait together on one host's robots.txt.

    Scrapy shares one Deferred per host among the requests waiting for its robots.txt, and
    the first waiter's callback passes ``None`` down the chain: every later waiter was then
    let through unchecked (seen on --resume, which queues many URLs of a host at once).
    Once the Deferred has fired the parser is in ``_parsers``; read it from there.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:
            current = self._parsers.get(urlparse_cached(request).netloc)
            if current is not None and not isinstance(current, Deferred):
                return current
        return parser
