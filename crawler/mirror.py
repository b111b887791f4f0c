"""Serve every request from a mirror while the crawl keeps the original URLs.

A download handler, not a middleware: everything above it (robots.txt,
redirects, per-domain slots, the WARC, the dataset) sees the real site's
URLs, and only the socket talks to ``MIRROR/HOST/PATH?QUERY``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response


def mirror_url(mirror: str, url: str) -> str:
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{mirror.rstrip('/')}/{parts.netloc}{parts.path or '/'}{query}"


def original_url(mirror: str, url: str, scheme: str = "http") -> str:
    """Map a mirror URL (e.g. an absolute redirect target) back to the site's URL."""
    prefix = mirror.rstrip("/") + "/"
    if not url.startswith(prefix):
        return url
    return f"{scheme}://{url[len(prefix):]}"


class MirrorDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.mirror: str | None = crawler.settings.get("DRUGPAGES_MIRROR") or None

    async def download_request(self, request: Request) -> Response:
        if not self.mirror:
            return await super().download_request(request)
        response = await super().download_request(request.replace(url=mirror_url(self.mirror, request.url)))
        location = response.headers.get(b"Location")
        if location:
            scheme = urlsplit(request.url).scheme
            response.headers[b"Location"] = original_url(self.mirror, location.decode("latin1"), scheme)
        return response.replace(url=request.url, request=request)
