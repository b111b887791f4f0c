"""Links and link blocks read from the lxml tree of a page (``extract.cut``), node for node as
``extract.link_blocks`` reads them from BeautifulSoup, so a cut page gets the very links of a whole parse.

BeautifulSoup's nodes in document order are lxml's elements (at their start), each element's ``text`` after
its start and its ``tail`` after its end, and comments (whose ``text`` is no string of the page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from extract.document import BLOCK_TAGS, HEADING_TAGS, clean
from extract.link_blocks import _FOOTERISH, _SEPARATORS, MAX_WALK, resolve_base

_RAW_TEXT = frozenset({"script", "style"})


@dataclass(slots=True)
class TextNode:
    text: str
    parent: etree._Element  # the element the string sits in


Node = etree._Element | TextNode


def document_order(tree: etree._Element) -> list[Node]:
    """Every node of the page as BeautifulSoup orders ``descendants``: elements, strings, comments."""
    out: list[Node] = []
    add = out.append
    for node in (*reversed(list(tree.itersiblings(preceding=True))), tree, *tree.itersiblings()):
        if not isinstance(node.tag, str):
            add(node)  # a comment beside the root: no string of the page, and iterwalk takes elements only
            continue
        # iterwalk (C) instead of a recursive walk: an element at its start, its text, its tail at its end
        for event, el in etree.iterwalk(node, events=("start", "end")):
            if event == "start":
                add(el)
                if isinstance(el.tag, str) and el.text:
                    add(TextNode(el.text, el))
            elif el is not node and el.tail:
                add(TextNode(el.tail, el.getparent()))
    return out


def is_element(node: Node) -> bool:
    return not isinstance(node, TextNode) and isinstance(node.tag, str)


def link_text(a: etree._Element) -> str:
    """``clean(a.get_text(" "))``: the strings under ``a`` in document order, less comments, script and style."""
    return clean(" ".join(strings_in_order(a)))


def strings_in_order(el: etree._Element) -> list[str]:
    out: list[str] = []
    if isinstance(el.tag, str) and el.text and el.tag not in _RAW_TEXT:
        out.append(el.text)
    for child in el:
        out += strings_in_order(child)
        if child.tail:
            out.append(child.tail)
    return out


def base_url(tree: etree._Element, url: str) -> str:
    """``link_blocks.base_url``: the first ``<base href>`` against the page URL."""
    for el in tree.iter("base"):
        href = el.get("href")
        if href is not None:
            return resolve_base(url, href)
    return url


def anchors(tree: etree._Element) -> list[etree._Element]:
    """``find_all("a", href=True)``."""
    return [a for a in tree.iter("a") if a.get("href") is not None]


def find_labels(nodes: list[Node], labels: dict[str, re.Pattern[str]],
                needs: dict[str, str] | None = None) -> dict[str, int]:
    """``link_blocks.find_labels``: where in ``nodes`` the first visible string matching each label is.
    ``needs[name]``: lower-case ASCII every match of that label holds, so an ASCII string without it is not
    searched (beyond ASCII, ``re.I`` matches letters ``str.lower`` keeps apart, so those are searched)."""
    found: dict[str, int] = {}
    needs = needs or {}
    for i, node in enumerate(nodes):
        if not isinstance(node, TextNode) or node.parent.tag in ("script", "style", "title"):
            continue
        text = node.text
        low = text.lower() if text.isascii() else None
        for name, label in labels.items():
            need = needs.get(name)
            if need is not None and low is not None and need not in low:
                continue
            if name not in found and label.search(text):
                found[name] = i
        if len(found) == len(labels):
            break
    return found


def _ancestors(el: etree._Element) -> list[etree._Element]:
    return [el, *el.iterancestors()]


def anchors_after_label(nodes: list[Node], at: int, is_label: re.Pattern[str],
                        footer_texts: frozenset[str]) -> list[etree._Element]:
    """``link_blocks.anchors_after_label`` from the string at ``nodes[at]``."""
    found: list[etree._Element] = []
    collected: set[etree._Element] = set()
    for steps, node in enumerate(nodes[at + 1 :]):
        if steps > MAX_WALK:
            break
        if isinstance(node, TextNode):
            if node.parent.tag in _RAW_TEXT:
                continue
            text = clean(node.text)
            lineage = _ancestors(node.parent)
            if _SEPARATORS.match(text) or any(el.tag == "a" for el in lineage):
                continue
            if is_label.search(text) or text.endswith(":"):
                break
            block = next((el for el in lineage if el.tag in BLOCK_TAGS), None)
            if found and (block is None or not any(a in collected for a in anchors(block))):
                break
            continue
        if not isinstance(node.tag, str):
            continue  # a comment
        if node.tag in HEADING_TAGS:
            break
        if _FOOTERISH.search(" ".join([node.get("id") or "", *(node.get("class") or "").split()])):
            break
        if node.tag == "a" and node.get("href") is not None:
            if link_text(node).lower() in footer_texts:
                break
            found.append(node)
            collected.add(node)
    return found
