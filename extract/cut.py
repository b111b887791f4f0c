"""Cut before you parse: lxml (C) parses the whole page and a page object reads its container from the lxml
tree (``extract.tree_document``, ``extract.tree_links``); BeautifulSoup (Python objects per node) is not run.

``cut_tree`` gives up (returns None, and the caller parses the whole page with BeautifulSoup as before) wherever
the two trees might not agree: no container or a doubtful one, node kinds BeautifulSoup reads its own way
(processing instructions, entities, CDATA, ``template``/``rt``/``rp`` strings), or a page big enough to need
the whole-page text limit. The cut changes no record (``tests/extract/test_cut.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

# Elements whose strings BeautifulSoup types apart (RubyTextString, TemplateString): left to the full parse.
_OWN_STRING_TAGS = frozenset({"template", "rt", "rp"})
_PARSER = etree.HTMLParser(recover=True)
_MARKERS = ("<![CDATA[", "<?")


@dataclass(slots=True)
class TreeCut:
    """The whole page as an lxml tree and the container a page object reads its text from."""

    tree: etree._Element
    container: etree._Element


def parse_tree(html: str) -> etree._Element | None:
    """The page as an lxml tree, or None when lxml makes nothing of it or it holds nodes read apart."""
    try:
        tree = etree.fromstring(html, _PARSER)
    except (ValueError, etree.ParserError, etree.XMLSyntaxError):
        return None
    if tree is None:
        return None
    for node in (*tree.itersiblings(preceding=True), tree, *tree.itersiblings()):
        for el in node.iter():
            tag = el.tag
            if not isinstance(tag, str):
                if tag is not etree.Comment:
                    return None  # processing instruction or entity
            elif tag in _OWN_STRING_TAGS:
                return None
    return tree


def _markers_in_raw_text(html: str, tree: etree._Element) -> bool:
    """True unless a CDATA section or processing instruction (read apart by BeautifulSoup) may stand outside
    scripts and styles: every ``<![CDATA[`` and ``<?`` of the page must be in their raw text (DailyMed's
    scripts hold ``//<![CDATA[``)."""
    counts = [html.count(marker) for marker in _MARKERS]
    if not any(counts):
        return True
    raw = [el.text or "" for el in tree.iter("script", "style")]
    return all(n == sum(text.count(marker) for text in raw) for marker, n in zip(_MARKERS, counts, strict=True))


def cut_tree(html: str, find_container: Callable[[etree._Element], etree._Element | None]) -> TreeCut | None:
    """The page's lxml tree and its container (``find_container`` on the tree), or None: parse the whole page
    with BeautifulSoup instead."""
    tree = parse_tree(html)
    if tree is None or not _markers_in_raw_text(html, tree):
        return None
    container = find_container(tree)
    if container is None:
        return None
    return TreeCut(tree, container)
