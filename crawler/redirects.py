"""Redirects as rows: the source is a ``redirect`` skip naming its target, and the target is met like a link.

Scrapy's redirect middlewares replace a response with a request for its
target: the source URL then had no row, an off-site target was fetched (its
robots.txt too), and a target fetched already in the run was dropped by the
duplicate filter with no row for the source either. Page requests carry
``dont_redirect`` instead and reach the spider, which asks ``redirect_target``
where a 3xx response or a ``<meta http-equiv="refresh">`` points. A refresh to
``javascript:`` or ``data:`` is no redirect: that page is kept as a page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.http import HtmlResponse, Response
from scrapy.settings import BaseSettings
from scrapy.utils.response import get_meta_refresh

from extract.urls import join

REDIRECT_STATUSES = (301, 302, 303, 307, 308)


def page_meta() -> dict[str, object]:
    """Request meta of a page: its redirects come to the spider as responses."""
    return {"dont_redirect": True, "handle_httpstatus_list": list(REDIRECT_STATUSES)}


def redirect_target(response: Response, settings: BaseSettings) -> str | None:
    """Where the response sends the client: a 3xx Location or a prompt meta refresh to an http(s) URL."""
    if response.status in REDIRECT_STATUSES:
        location = response.headers.get(b"Location")
        return join(response.url, location.decode("latin-1").strip()) if location else None
    if not isinstance(response, HtmlResponse) or not settings.getbool("METAREFRESH_ENABLED"):
        return None
    try:
        interval, url = get_meta_refresh(response, ignore_tags=settings.getlist("METAREFRESH_IGNORE_TAGS"))
    except ValueError:  # a refresh to a malformed URL: the page stays a page
        return None
    if not url or interval is None or interval >= settings.getfloat("METAREFRESH_MAXDELAY"):
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None

