"""Meta refresh that ignores targets the crawl cannot fetch.

Scrapy builds the redirect request before it checks the scheme, so a page
whose ``<meta http-equiv="refresh">`` points at ``javascript:`` or ``data:``
became a fetch error and lost its page row. Such a refresh is ignored and the
page itself is kept.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.utils.response import get_meta_refresh


class SafeMetaRefreshMiddleware(MetaRefreshMiddleware):
    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if isinstance(response, HtmlResponse):
            _, url = get_meta_refresh(response, ignore_tags=self._ignore_tags)
            if url and urlsplit(urljoin(response.url, url)).scheme not in ("http", "https"):
                return response
        return super().process_response(request, response)
