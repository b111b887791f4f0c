"""Link targets of a page found with one regex pass, in the crawl's own process.

The crawl must not wait for a page's extraction (in a worker process) before
following its links; this finds the same targets (every ``<a href>``, made
absolute against ``<base href>`` and the page URL, http(s) only, fragment
dropped, in the form requests give URLs) at a fraction of a parse's cost. The
page is decoded as extraction decodes it (extract/charsets.py), so a non-ASCII
href, or a UTF-16 page, gives the same target both ways.
"""

from __future__ import annotations

import re
from html import unescape

from extract.charsets import declared_charset, decode_html
from extract.link_blocks import absolute, resolve_base

_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_BASE = re.compile(r"""<base\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SKIPPED = re.compile(r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>", re.I | re.S)


def link_targets(url: str, body: bytes, content_type: str = "") -> list[str]:
    """Absolute http(s) targets of the page's anchors, in page order, without duplicates."""
    text = decode_html(body, declared_charset(content_type)).text.replace("\x00", "")
    html = _SKIPPED.sub(" ", text)
    base = url
    m = _BASE.search(html)
    if m:
        base = resolve_base(url, unescape(m.group(1) or m.group(2) or m.group(3) or ""))
    out: dict[str, None] = {}
    for m in _HREF.finditer(html):
        target = absolute(base, unescape(m.group(1) or m.group(2) or m.group(3) or ""))
        if target is not None:  # the same rule as extraction's links, malformed hrefs kept as written
            out[target] = None
    return list(out)
