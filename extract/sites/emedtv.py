"""Page object for eMedTV (``*.emedtv.com``), desktop and mobile layouts.

Every selector and phrase specific to eMedTV lives in the constants below.
Only ``div.articleHtml`` is known from real markup; everything else (the
mobile layout, the Referring Pages block, the footer) is found by visible
labels and document structure, since real copies will differ from a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Tag
from lxml import etree

from extract import analysis, tree_document, tree_links
from extract.analysis import lexicon
from extract.cut import TreeCut, cut_tree
from extract.document import Document, build_document, clean, slice_document
from extract.link_blocks import absolute, anchors_after_label, base_url, find_labels
from extract.records import Link, PageRecord
from extract.registry import handle_urls

SITE = "emedtv"
HOST_SUFFIX = "emedtv.com"
ARTICLE_CONTAINER = "div.articleHtml"  # seen in real markup
NAVIGATION_PATH = re.compile(r"^/?(?:index\.html?)?$|a-z|/index\.html?$|sitemap|/search/", re.I)
REFERRING_LABEL = re.compile(r"^\s*Referring Pages\s*:?\s*$", re.I)
DRUG_INFO_LABEL = re.compile(r"^\s*[\w\-®’' ]{2,60} Drug Information\s*:?\s*$", re.I)
# Labels that end the article text and any link block (desktop and mobile).
BOUNDARY_LABEL = re.compile(
    r"^(?:Referring Pages\s*:?|Other Articles in This eMedTV Presentation|Written by|Last reviewed by"
    r"|Topics (?:&|and) Medications|Related Channels|eMedTV Links|Terms of Use|Copyright ©"
    r"|eMedTV serves only|[\w\-®’' ]{2,60} Drug Information\s*:?$)",
    re.I,
)
# In-article asides pointing elsewhere ("(Click Tacrolimus Dosage for more information.)"): text, not facts.
ASIDE = re.compile(r"^\(?Click .{3,200}\)?\.?$", re.I)
FOOTER_LINK_TEXTS = frozenset({"terms of use", "advertise with us", "contact us", "about emedtv", "privacy policy"})


def extract_cut(url: str, html: str) -> PageRecord | None:
    """The record of ``extract`` read from the lxml tree (``extract.cut``, ``extract.tree_document``), or None
    where the page must be parsed whole: no article container, or none holding the title."""
    found = cut_tree(html, _container)
    if found is None:
        return None
    h1 = next(found.container.iter("h1"), None)
    if h1 is None:
        return None
    title = clean(tree_document.text_of(h1, " "))
    return _record(url, tree_document.build_document(found.container), title, lambda: _tree_links(url, found))


@handle_urls(HOST_SUFFIX, site=SITE, cut=extract_cut)
def extract(url: str, soup: BeautifulSoup) -> PageRecord:
    root = soup.select_one(ARTICLE_CONTAINER) or soup.body or soup
    h1 = root.find("h1") if isinstance(root, Tag) else None
    if h1 is None:
        h1 = soup.find("h1")
    title = clean(h1.get_text(" ")) if h1 is not None else None
    return _record(url, build_document(root), title, lambda: _links(url, soup, root))


def _record(url: str, whole: Document, title: str | None, links_of: Callable[[], list[Link]]) -> PageRecord:
    """The record of the article container's document ``whole``."""
    doc = _article_text(whole, title)
    path = urlparse(url).path

    drug = None if NAVIGATION_PATH.search(path) else _page_drug(path, title, doc)
    links = links_of()
    if drug is None:
        page_type = "navigation" if NAVIGATION_PATH.search(path) or _link_dense(doc, links) else "topic"
        return PageRecord(url, SITE, page_type, title, None, doc.text, links=links)

    ctx = analysis.DrugContext(drug, {drug})
    facts = Document(doc.text, [b for b in doc.blocks if not ASIDE.match(b.text)])
    doc = facts
    brands = analysis.find_brands(doc, ctx)
    ctx.names.update(b.brand_name.lower() for b in brands)
    return PageRecord(
        url=url,
        site=SITE,
        page_type="article",
        title=title,
        drug=drug,
        text=doc.text,
        drug_class=analysis.find_drug_class(doc, ctx),
        brand_names=brands,
        uses=analysis.find_uses(doc, ctx),
        co_medications=analysis.find_co_medications(doc, ctx),
        links=links,
    )


def _article_text(doc: Document, title: str | None) -> Document:
    """Blocks from the title down to the first boundary label (byline, boxes, footer)."""
    first = 0
    if title:
        for i, b in enumerate(doc.blocks):
            if b.kind == "heading" and b.text == title:
                first = i
                break
    last = len(doc.blocks)
    for i in range(first + 1, len(doc.blocks)):
        if BOUNDARY_LABEL.match(doc.blocks[i].text):
            last = i
            break
    return slice_document(doc, first, last)


def _page_drug(path: str, title: str | None, doc: Document) -> str | None:
    """The generic name: from the URL's drug folder, else the title's first drug."""
    parts = [p for p in path.split("/") if p]
    if parts and parts[0] == "m":
        parts = parts[1:]
    if len(parts) >= 2:
        slug = parts[0].replace("-", " ")
        hit = lexicon.resolve(slug)
        if hit is not None:
            return lexicon.without_salt(hit.generic)
    for text in (title or "", doc.blocks[1].text if len(doc.blocks) > 1 else ""):
        mentions = lexicon.find_drug_mentions(text)
        if mentions:
            return lexicon.without_salt(mentions[0].generic)
    return None


def _link_dense(doc: Document, links: list[Link]) -> bool:
    words = len(doc.text.split())
    return len(links) * 8 > words


def _links(url: str, soup: BeautifulSoup, root: Tag) -> list[Link]:
    base = base_url(soup, url)
    kinds: dict[int, str] = {}
    labels = find_labels(soup, {"referring": REFERRING_LABEL, "drug_info": DRUG_INFO_LABEL})
    for kind, node in labels.items():
        for a in anchors_after_label(node, BOUNDARY_LABEL, FOOTER_LINK_TEXTS):
            kinds.setdefault(id(a), kind)
    in_article = {id(a) for a in root.find_all("a", href=True)} if root is not soup.body else set()
    out: list[Link] = []
    for a in soup.find_all("a", href=True):
        target = absolute(base, a["href"])
        if target is None:
            continue
        kind = kinds.get(id(a)) or ("article" if id(a) in in_article else "navigation")
        out.append(Link(kind, target, clean(a.get_text(" "))))
    return out


def _container(tree: etree._Element) -> etree._Element | None:
    """The first ``div.articleHtml`` (what ``select_one`` finds); None where a class differs only in case."""
    for div in tree.iter("div"):
        classes = (div.get("class") or "").split()
        if "articleHtml" in classes:
            return div
        if any(c.lower() == "articlehtml" for c in classes):
            return None
    return None


def _tree_links(url: str, found: TreeCut) -> list[Link]:
    """``_links`` read from the lxml tree of the whole page."""
    nodes = tree_links.document_order(found.tree)
    base = tree_links.base_url(found.tree, url)
    kinds: dict[etree._Element, str] = {}
    labels = tree_links.find_labels(nodes, {"referring": REFERRING_LABEL, "drug_info": DRUG_INFO_LABEL},
                                    {"referring": "referring pages", "drug_info": "drug information"})
    for kind, at in labels.items():
        for a in tree_links.anchors_after_label(nodes, at, BOUNDARY_LABEL, FOOTER_LINK_TEXTS):
            kinds.setdefault(a, kind)
    in_article = set(tree_links.anchors(found.container))
    out: list[Link] = []
    for a in tree_links.anchors(found.tree):
        target = absolute(base, a.get("href"))
        if target is None:
            continue
        kind = kinds.get(a) or ("article" if a in in_article else "navigation")
        out.append(Link(kind, target, tree_links.link_text(a)))
    return out
