"""Drug pages of sites we have no page object for: trafilatura finds the main
text, then the same text analysis as the site extractors runs on it.

Records carry page_type 'generic' and a lower confidence than known sites.
"""

from __future__ import annotations

from urllib.parse import urlparse

import trafilatura
from bs4 import BeautifulSoup

from extract import analysis
from extract.analysis import lexicon
from extract.document import build_document, clean, parse_html
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
    h1 = soup.find("h1")
    title = clean(h1.get_text(" ")) if h1 is not None else None
    if not title:
        meta = trafilatura.extract_metadata(html)
        title = meta.title if meta is not None else None
    drug = _page_drug(title, [b.text for b in doc.blocks[:OPENING_BLOCKS]])
    if drug is None:
        return None
    ctx = analysis.DrugContext(drug, {drug})
    brands = analysis.find_brands(doc, ctx)
    ctx.names.update(b.brand_name.lower() for b in brands)
    base = base_url(soup, url)
    links = [Link("navigation", t, clean(a.get_text(" "))) for a in soup.find_all("a", href=True)
             if (t := absolute(base, a["href"])) is not None]
    return PageRecord(
        url=url, site=urlparse(url).hostname or SITE, page_type="generic", title=title, drug=drug, text=doc.text,
        drug_class=analysis.find_drug_class(doc, ctx), brand_names=brands, uses=analysis.find_uses(doc, ctx),
        co_medications=analysis.find_co_medications(doc, ctx), links=links, confidence=CONFIDENCE,
    )


def _page_drug(title: str | None, opening: list[str]) -> str | None:
    for text in (title or "", *opening):
        mentions = lexicon.find_drug_mentions(text)
        if mentions:
            return lexicon.without_salt(mentions[0].generic)
    return None
