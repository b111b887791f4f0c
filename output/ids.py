"""Stable ids: a page's id from its canonical URL, a snapshot's id from its content.

Ids never depend on when or in which run a page was fetched, so re-extracting
the same WARC gives the same ids and runs can be compared row by row.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, '/' for an empty path."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))


def page_id(url: str) -> str:
    """sha1 of the canonical URL: the same page under every run and spelling of its URL."""
    return hashlib.sha1(canonical_url(url).encode()).hexdigest()


def snapshot_id(url: str, content_sha256: str) -> str:
    """sha1 of page id and body hash: one id per distinct content of a page."""
    return hashlib.sha1(f"{page_id(url)}\n{content_sha256}".encode()).hexdigest()
