"""Conditional requests for ``--incremental`` crawls: the baseline's validators on requests for pages it holds."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler

from crawler.incremental import NOT_MODIFIED, http_date
from crawler.run import run_context


class ConditionalRequestMiddleware:
    """Adds the baseline's validators to requests for pages it holds (with ``--incremental`` only)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        ctx = run_context(self.crawler)
        if not ctx.incremental or ctx.baseline is None or request.meta.get("drugpages_page") is not True:
            return
        page = ctx.baseline.page(request.url)
        if page is None:
            return
        if page.get("etag"):
            request.headers.setdefault(b"If-None-Match", page["etag"])
        if page.get("last_modified_at"):
            request.headers.setdefault(b"If-Modified-Since", http_date(page["last_modified_at"]))
        allowed = request.meta.setdefault("handle_httpstatus_list", [])
        if NOT_MODIFIED not in allowed:
            allowed.append(NOT_MODIFIED)
