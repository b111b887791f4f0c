"""Where a DailyMed label viewer page keeps its parts, read from the page's lxml tree (``extract.cut``) exactly as
``dailymed`` finds them with BeautifulSoup and soupsieve, so a label needs no BeautifulSoup parse.

Selectors become XPath candidates (C) checked in Python the way soupsieve matches: a class is one of the
attribute's whitespace-separated words, case and all; ``select_one`` is the first match in document order.
"""

from __future__ import annotations

import re

from lxml import etree

from extract.tree_document import text_of

_HEADING = re.compile(r"^h\d$")
_SET_ID_LINK = re.compile(r"drugInfo\.cfm\?setid=", re.I)
_CURRENT = re.compile(r"^\s*(\d+)\s*\(current\)")


def with_class(tree: etree._Element, tag: str, cls: str) -> list[etree._Element]:
    """``soup.select(f"{tag}.{cls}")``."""
    candidates = tree.xpath(f'//{tag}[contains(@class, "{cls}")]')
    return [el for el in candidates if cls in el.get("class", "").split()]


def first_with_class(tree: etree._Element, tag: str, cls: str) -> etree._Element | None:
    """``soup.select_one(f"{tag}.{cls}")``."""
    return next(iter(with_class(tree, tag, cls)), None)


def label_container(tree: etree._Element) -> etree._Element | None:
    """The first of ``dailymed.LABEL_CONTAINERS`` the page has: ``#drug-information``,
    ``div.drug-label-sections``, ``article``."""
    by_id = tree.xpath('//*[@id="drug-information"]')
    if by_id:
        return by_id[0]
    sections = first_with_class(tree, "div", "drug-label-sections")
    if sections is not None:
        return sections
    return next(tree.iter("article"), None)


def section(tree: etree._Element, loinc: str) -> etree._Element | None:
    """``soup.select_one(f'[data-sectioncode="{loinc}"]')``."""
    found = tree.xpath("//*[@data-sectioncode=$code]", code=loinc)
    return found[0] if found else None


def highlights_indications(tree: etree._Element) -> etree._Element | None:
    """``dailymed._highlights_indications``: the Highlights section whose first heading names the indications."""
    for el in with_class(tree, "div", "HighlightSection"):
        head = next((h for h in el.iterdescendants() if isinstance(h.tag, str) and _HEADING.search(h.tag)), None)
        if head is not None and re.search(r"indications", text_of(head, " "), re.I):
            return el
    return None


def set_id_in_page(tree: etree._Element) -> str:
    """``dailymed._set_id_in_page``: the set id of the first label link."""
    for a in tree.iter("a"):
        href = a.get("href")
        if href is not None and _SET_ID_LINK.search(href):
            m = re.search(r"setid=([\w\-]+)", href)
            return m.group(1) if m else ""
    return ""


def current_version(tree: etree._Element) -> str:
    """``dailymed._current_version``: the version in the table cell marked "(current)"."""
    for td in tree.iter("td"):
        m = _CURRENT.match(text_of(td, " "))
        if m:
            return m.group(1)
    return ""
