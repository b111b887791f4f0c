"""URLs in the one form every table and the WARC use: the form a request gives them.

Scrapy percent-encodes a request's URL (spaces, non-ASCII, an upper-case
host) with w3lib's ``safe_url_string`` before fetching it, so ``pages.url``
and the WARC target had that form while link targets, joined from hrefs, kept
theirs: ``links.target_url`` and ``pages.url`` did not join. Every URL made
here (link targets, the targets of WARC records read back) goes through
``request_form``, which is Scrapy's own encoding, so a page's URL is one
string wherever it is written.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urljoin

from w3lib.url import safe_url_string


@lru_cache(maxsize=65536)
def request_form(url: str) -> str:
    """The URL as a request sends it (idempotent); a URL no request can be made of comes back as it is.
    Cached: the links of a site's navigation recur on every page, and w3lib's encoding is slow Python."""
    try:
        return safe_url_string(url)
    except ValueError:
        return url


def join(base: str, href: str) -> str:
    """``href`` made absolute against ``base``; as written when it will not join (``http://[::1``): a URL still
    met, which the crawl skips as ``invalid_url``."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href
