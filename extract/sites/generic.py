"""Drug pages of sites we have no page object for: trafilatura finds the main
text, then the same text analysis as the site extractors runs on it.

Records carry page_type 'generic' and a lower confidence than known sites.
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urlparse

import trafilatura
from bs4 import BeautifulSoup, Tag

from extract import analysis
from extract.analysis import lexicon
from extract.analysis.brands import BRAND_LABEL
from extract.document import Document, build_document, clean, concat_documents, parse_html
from extract.link_blocks import absolute, base_url
from extract.records import Link, PageRecord

SITE = "generic"
CONFIDENCE = 0.6
# A page is about a drug when its title or its opening names one (the first one wins).
OPENING_BLOCKS = 3


def extract(url: str, html: str, soup: BeautifulSoup) -> PageRecord | None:
    """A record for a page about one drug, or None when the page is not about a drug."""
    main = trafilatura.extract(html, output_format="html", include_links=False, include_tables=True,
                               include_comments=False)
    if not main:
        return None
    main_soup = parse_html(main)
    doc = build_document(main_soup.body or main_soup)
    facts = _fact_blocks(soup, doc.text)
    # Fact boxes and brand lists, which trafilatura takes for boilerplate, after the main text (whose offsets
    # stay): read for brands and class only, since their other rows (doses, side effects) state no use.
    whole = concat_documents([doc, facts]) if facts is not None else doc
    h1 = soup.find("h1")
    title = clean(h1.get_text(" ")) if h1 is not None else None
    if not title:
        meta = trafilatura.extract_metadata(html)
        title = meta.title if meta is not None else None
    drug = _page_drug(title, [b.text for b in doc.blocks[:OPENING_BLOCKS]], url)
    if drug is None:
        return None
    ctx = analysis.DrugContext(drug, {drug})
    brands = analysis.find_brands(whole, ctx)
    ctx.names.update(b.brand_name.lower() for b in brands)
    base = base_url(soup, url)
    links = [Link("navigation", t, clean(a.get_text(" "))) for a in soup.find_all("a", href=True)
             if (t := absolute(base, a["href"])) is not None]
    return PageRecord(
        url=url, site=urlparse(url).hostname or SITE, page_type="generic", title=title, drug=drug, text=whole.text,
        drug_class=analysis.find_drug_class(whole, ctx), brand_names=brands, uses=analysis.find_uses(doc, ctx),
        co_medications=analysis.find_co_medications(doc, ctx), links=links, confidence=CONFIDENCE,
    )


# Containers that are not the page's own statements: comments, sidebars of other content, ads, sharing.
BOILERPLATE = re.compile(r"comment|sidebar|related|advert|\bads?\b|\bad-|promo|newsletter|share|social|review",
                         re.I)


def _fact_blocks(soup: BeautifulSoup, main_text: str) -> Document | None:
    """The article's fact tables, definition lists and "Brand names" sections that the main text lacks: drug
    sites state brands, class and indication status there, and trafilatura drops them as boilerplate."""
    h1 = soup.find("h1")
    root = (h1.find_parent(["article", "main"]) if h1 is not None else None) or soup.find(["article", "main"])
    root = root or soup.body or soup
    seen = re.sub(r"\s+", " ", main_text)
    picked: list[Tag] = []
    for el in root.find_all(["table", "dl"]):
        if el.find_parent(["table", "dl"]) is None and not _boilerplate(el) and clean(el.get_text(" ")) not in seen:
            picked.append(el)
    for heading in root.find_all(re.compile(r"^h[2-6]$")):
        after = heading.find_next_sibling()
        if (BRAND_LABEL.match(clean(heading.get_text(" "))) and after is not None and not _boilerplate(heading)
                and after.name in ("ul", "ol", "p", "div") and clean(after.get_text(" ")) not in seen):
            picked += [heading, after]
    if not picked:
        return None
    holder = BeautifulSoup("<div></div>", "lxml").div
    for el in picked:
        holder.append(copy.copy(el))
    return build_document(holder)


def _boilerplate(el: Tag) -> bool:
    for node in (el, *el.parents):
        if node.name in ("nav", "footer", "header"):
            return True
        marks = " ".join([*(node.get("class") or []), node.get("id") or ""]) if isinstance(node, Tag) else ""
        if marks and BOILERPLATE.search(marks):
            return True
    return False


LISTING = 3  # an opening block naming this many different drugs lists them (a topic or index page)


def _page_drug(title: str | None, opening: list[str], url: str) -> str | None:
    """The drug the title names; failing that, the drug the opening names if the URL names it too. A drug page of
    any site names its drug in its heading or its address; a page that names a drug only in passing in its
    opening ("Insulins, GLP-1 pens ... must stay cold") is about something else."""
    path = urlparse(url).path.lower()
    for i, text in enumerate((title or "", *opening)):
        mentions = lexicon.find_drug_mentions(text)
        if i and len({m.generic for m in mentions}) >= LISTING:
            return None  # "Popular drugs in this topic: Amlodipine Lisinopril Losartan ...": about none of them
        if i:
            mentions = [m for m in mentions if m.surface.lower() in path or m.generic.split()[0] in path]
        if mentions:
            return lexicon.without_salt(mentions[0].generic)
    return None
