"""Links of a page: absolute targets, and link blocks found by their visible label.

Markup of link blocks such as eMedTV's "Referring Pages:" is unknown and
differs between copies, so a block is found by its label text and read as
the anchors that follow it, up to the next label, heading or footer.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment

from extract.document import BLOCK_TAGS, HEADING_TAGS, clean
from extract.urls import request_form

_SEPARATORS = re.compile(r"^[\s|•·,;:\-–—/>»]*$")
_FOOTERISH = re.compile(r"footer|copyright|disclaimer", re.I)
MAX_WALK = 2000


def base_url(soup: BeautifulSoup, url: str) -> str:
    """The URL links are relative to: ``<base href>`` against the page URL."""
    base = soup.find("base", href=True)
    return resolve_base(url, base["href"]) if isinstance(base, Tag) else url


def resolve_base(url: str, href: str) -> str:
    """A ``<base href>`` joined to the page URL; the page URL when it will not join."""
    try:
        return urljoin(url, href)
    except ValueError:
        return url


def absolute(base: str, href: str) -> str | None:
    """Absolute http(s) URL without fragment, in the form requests give it (extract/urls.py), or None for
    mailto:, javascript: and the like. A malformed href (``http://[::1``) comes back as written: still a
    link of the page, which the crawl skips as ``invalid_url``, never a reason to lose the page or its
    other links."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        target = urldefrag(urljoin(base, href))[0]
    except ValueError:
        return href
    return request_form(target) if target.startswith(("http://", "https://")) else None


def _block_ancestor(node: Tag | NavigableString) -> Tag | None:
    parent = node.parent
    while parent is not None and parent.name not in BLOCK_TAGS:
        parent = parent.parent
    return parent


def anchors_after_label(
    label: NavigableString, is_label: re.Pattern[str], footer_texts: frozenset[str]
) -> list[Tag]:
    """Anchors that follow a label, up to the next heading, label, footer or unrelated text."""
    found: list[Tag] = []
    collected: set[int] = set()
    for steps, node in enumerate(label.next_elements):
        if steps > MAX_WALK:
            break
        if isinstance(node, Tag):
            if node.name in HEADING_TAGS:
                break  # a new block
            if _FOOTERISH.search(" ".join([node.get("id") or "", *(node.get("class") or [])])):
                break
            if node.name == "a" and node.get("href") is not None:
                if clean(node.get_text(" ")).lower() in footer_texts:
                    break
                found.append(node)
                collected.add(id(node))
            continue
        if not isinstance(node, NavigableString) or isinstance(node, Comment):
            continue
        if node.parent is not None and node.parent.name in ("script", "style"):
            continue
        text = clean(str(node))
        if _SEPARATORS.match(text) or node.find_parent("a") is not None:
            continue
        if is_label.search(text) or text.endswith(":"):
            break  # the next labelled block ("You May Also Like:", "Sponsored:")
        block = _block_ancestor(node)
        if found and (block is None or not any(id(a) in collected for a in block.find_all("a", href=True))):
            break  # text of its own, not a blurb beside one of the links
    return found


def find_labels(soup: BeautifulSoup, labels: dict[str, re.Pattern[str]]) -> dict[str, NavigableString]:
    """The first visible text node matching each label, in one pass over the page."""
    found: dict[str, NavigableString] = {}
    for node in soup.descendants:
        if type(node) is not NavigableString or node.parent is None:
            continue  # comments, doctype and CDATA are NavigableString subclasses
        if node.parent.name in ("script", "style", "title"):
            continue
        for name, label in labels.items():
            if name not in found and label.search(node):
                found[name] = node
        if len(found) == len(labels):
            break
    return found
