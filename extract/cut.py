"""Cut before you parse: lxml (C) parses the whole page, BeautifulSoup (Python objects per node) only the
container a page object reads its text from.

``cut`` gives up (returns None, and the caller parses the whole page with BeautifulSoup as before) wherever
the two trees might not agree: no container or a doubtful one, node kinds BeautifulSoup reads its own way
(processing instructions, entities, CDATA, ``template``/``rt``/``rp`` strings), or a page big enough to need
the whole-page text limit. The cut changes no record (``tests/extract/test_cut.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bs4 import Tag
from lxml import etree

from extract.document import parse_html

# Elements whose strings BeautifulSoup types apart (RubyTextString, TemplateString): left to the full parse.
_OWN_STRING_TAGS = frozenset({"template", "rt", "rp"})
_PARSER = etree.HTMLParser(recover=True)


@dataclass(slots=True)
class Cut:
    """The whole page as an lxml tree, its container there, and the container alone parsed by BeautifulSoup."""

    tree: etree._Element
    container: etree._Element
    root: Tag


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


def cut(html: str, find_container: Callable[[etree._Element], etree._Element | None], selector: str) -> Cut | None:
    """The page cut to its container (``find_container`` on the lxml tree; ``selector`` finds it again in the
    BeautifulSoup of its markup), or None: parse the whole page instead."""
    if "<![CDATA[" in html or "<?" in html:
        return None
    tree = parse_tree(html)
    if tree is None:
        return None
    container = find_container(tree)
    if container is None:
        return None
    markup = etree.tostring(container, encoding="unicode", method="html", with_tail=False)
    root = parse_html(markup).select_one(selector)
    if root is None:
        return None
    return Cut(tree, container, root)
