"""Retries that wait longer each time, so a struggling server gets room instead of a burst."""

from __future__ import annotations

import asyncio

from scrapy import Request, Spider
from scrapy.crawler import Crawler


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
