"""Link targets of a page found with one regex pass, in the crawl's own process.

The crawl must not wait for a page's extraction (in a worker process) before
following its links; this finds the same targets (every ``<a href>``, made
absolute against ``<base href>`` and the page URL, http(s) only, fragment
dropped) at a fraction of a parse's cost.
"""

from __future__ import annotations

import re
from html import unescape

from extract.link_blocks import absolute, resolve_base

_HREF = re.compile(rb"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_BASE = re.compile(rb"""<base\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SKIPPED = re.compile(rb"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>", re.I | re.S)


def link_targets(url: str, body: bytes, encoding: str = "utf-8") -> list[str]:
    """Absolute http(s) targets of the page's anchors, in page order, without duplicates."""
    html = _SKIPPED.sub(b" ", body)
    base = url
    m = _BASE.search(html)
    if m:
        base = resolve_base(url, unescape((m.group(1) or m.group(2) or m.group(3) or b"").decode(encoding, "replace")))
    out: dict[str, None] = {}
    for m in _HREF.finditer(html):
        target = absolute(base, unescape((m.group(1) or m.group(2) or m.group(3) or b"").decode(encoding, "replace")))
        if target is not None:  # the same rule as extraction's links, malformed hrefs kept as written
            out[target] = None
    return list(out)
