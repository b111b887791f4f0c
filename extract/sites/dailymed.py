"""Page object for DailyMed drug labels: the label viewer and the older archive page.

Label viewer (``/dailymed/drugInfo.cfm?setid=…``): title in the heading after
"Label:", sections as blocks keyed by LOINC section codes (34067-9 is
INDICATIONS AND USAGE). Archive (``/dailymed/archives/fdaDrugInfo.cfm?archiveid=…``):
the product line in ``p.DocumentTitle``, sections under plain headings.

Only the layout lives here: where the title, the set id and version, and the
INDICATIONS AND USAGE section are, and how a label title names the drug and
its brand. FDA labels state uses, class and co-medications in a fixed register
("X is indicated for the treatment of Y", "in combination with"); the shared
analysis reads that register (``label=True``), only from the indications
section (plus the Highlights' indications for the class).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlparse

from bs4 import BeautifulSoup, Tag

from extract import analysis, tree_document
from extract.analysis import lexicon
from extract.analysis.drug_class import described_class
from extract.cut import cut_tree
from extract.document import (
    Block,
    Document,
    blocks_under_heading,
    build_document,
    clean,
    concat_documents,
    element_blocks,
)
from extract.records import BrandName, PageRecord, Span
from extract.registry import handle_urls
from extract.sites import dailymed_tree as tree_layout

SITE = "dailymed"
HOST = "dailymed.nlm.nih.gov"
INDICATIONS_LOINC = "34067-9"
DESCRIPTION_LOINC = "34089-3"
CHROME = frozenset({"Close"})  # the label viewer's section toggle link
LABEL_CONTAINERS = ("#drug-information", "div.drug-label-sections", "article")
LABEL_HEADING = re.compile(r"^\s*Label\s*:")
DESCRIPTION_HEADING = re.compile(r"^(?:\d+\s+)?description\s*:?$", re.I)
INDICATIONS_HEADING = re.compile(r"^(?:\d+(?:\.\d+)?\s+)?indications?(?:\s+(?:and|&)\s+usage)?\s*:?$", re.I)
# SPL dosage forms: where the generic name in a title ends ("warfarin sodium tablet, film coated").
DOSAGE_FORM = re.compile(
    r"\s+\b(?:tablets?|capsules?|injections?|solutions?|suspensions?|creams?|ointments?|gels?|lotions?|patch(?:es)?"
    r"|powders?|sprays?|aerosols?|kits?|films?|granules?|liquids?|elixirs?|syrups?|lozenges?|suppositor(?:y|ies)"
    r"|implants?|emulsions?|concentrates?|inhalants?|shampoos?|foams?|pastes?|pellets?|inserts?|rings?|tinctures?"
    r"|oils?|sticks?|swabs?|wafers?|gums?|troches?|jell(?:y|ies)|enemas?|douches?|strips?|pastilles?|cloths?"
    r"|sponges?|discs?|soaps?|plasters?|salves?|dressings?|drops?|for (?:oral |injectable )?(?:solution|suspension)"
    r"|oral|topical|ophthalmic|otic|nasal|transdermal|intravenous|extended|delayed|chewable|orally)\b.*$",
    re.I,
)


def extract_cut(url: str, html: str) -> PageRecord | None:
    """The record of ``extract`` for a label viewer page read from the lxml tree (``extract.cut``,
    ``extract.tree_document``), with no BeautifulSoup parse; None for archive pages and pages the cut leaves to
    the whole parse."""
    parsed = urlparse(url)
    found = None if "/archives/" in parsed.path.lower() else cut_tree(html, lambda tree: tree)
    if found is None or tree_layout.first_with_class(found.tree, "p", "DocumentTitle") is not None:
        return None
    tree = found.tree
    heading = next((h for h in tree.iter("h1", "h2") if LABEL_HEADING.match(tree_document.text_of(h, " "))), None)
    body = next(tree.iter("body"), None)
    if heading is None:
        if body is None:
            return None
        title_el = next(tree.iter("title"), None)
        title = clean(tree_document.text_of(title_el, " ")) if title_el is not None else None
        return PageRecord(url, SITE, "navigation", title, None, tree_document.build_document(body).text)
    container = tree_layout.label_container(tree)
    if container is None and body is None:
        return None
    return _label(url, parse_qs(parsed.query), tree_document.build_document(heading),
                  container if container is not None else body, tree_layout.section(tree, INDICATIONS_LOINC),
                  tree_layout.section(tree, DESCRIPTION_LOINC),
                  tree_layout.highlights_indications(tree), lambda: tree_layout.set_id_in_page(tree),
                  tree_layout.current_version(tree), tree_document.build_document)


@handle_urls(HOST, site=SITE, cut=extract_cut)
def extract(url: str, soup: BeautifulSoup) -> PageRecord:
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    if "/archives/" in parsed.path.lower() or soup.select_one("p.DocumentTitle") is not None:
        return _archive(url, soup, query)
    heading = _label_heading(soup)
    if heading is None:
        body = soup.body or soup
        doc = build_document(body)
        title = clean(soup.title.get_text(" ")) if soup.title else None
        return PageRecord(url, SITE, "navigation", title, None, doc.text)
    container = next((soup.select_one(sel) for sel in LABEL_CONTAINERS if soup.select_one(sel)), soup.body or soup)
    return _label(url, query, build_document(heading), container,
                  soup.select_one(f'[data-sectioncode="{INDICATIONS_LOINC}"]'),
                  soup.select_one(f'[data-sectioncode="{DESCRIPTION_LOINC}"]'), _highlights_indications(soup),
                  lambda: _set_id_in_page(soup), _current_version(soup), build_document)


def _label(url: str, query: dict[str, list[str]], title_doc: Document, container: Any, indications_el: Any,
           description_el: Any, highlights_el: Any, set_id_in_page: Callable[[], str], version: str,
           build: Callable[[Any], Document]) -> PageRecord:
    """A label viewer page's record from its parts, found in BeautifulSoup or in the lxml tree (``build``
    reads either kind of element)."""
    title = clean(re.sub(r"^\s*Label\s*:\s*", "", title_doc.text))
    doc = concat_documents([title_doc, build(container)])
    indications = element_blocks(doc, indications_el, CHROME, build)
    if not indications:
        indications = blocks_under_heading(doc, INDICATIONS_HEADING)
    highlights = element_blocks(doc, highlights_el, CHROME, build)
    description = element_blocks(doc, description_el, CHROME, build)
    meta = {"set_id": (query.get("setid") or [""])[0] or set_id_in_page(), "version": version}
    title_block = doc.blocks[0]
    drug, brand = _drug_and_brand(title, r"\s?-\s+")
    return _record(url, title, drug, brand, title_block, doc, indications, highlights,
                   {k: v for k, v in meta.items() if v}, description)


def _archive(url: str, soup: BeautifulSoup, query: dict[str, list[str]]) -> PageRecord:
    product = soup.select_one("p.DocumentTitle")
    title = clean(soup.title.get_text(" ")) if soup.title else None
    root = soup.body or soup
    doc = build_document(root)
    indications = blocks_under_heading(doc, INDICATIONS_HEADING, every=True)  # the highlights' and the section's
    drug, brand, title_block = None, None, None
    if product is not None:
        product_doc = build_document(product)
        line = product_doc.blocks[0].text if product_doc.blocks else ""
        title_block = next((b for b in doc.blocks if b.text == line), None)
        m = re.match(r"^(?P<brand>[^()]+?)\s*\((?P<drug>[^()]+)\)", line)
        if m:
            drug, brand = clean(m.group("drug")).lower(), clean(m.group("brand"))
            if _is_generic(brand, drug):
                brand = None
        else:
            drug, brand = _drug_and_brand(line, None)
    meta = {"archive_id": (query.get("archiveid") or [""])[0]}
    return _record(url, title or (title_block.text if title_block else None), drug, brand, title_block, doc,
                   indications, [], {k: v for k, v in meta.items() if v})


def _record(url: str, title: str | None, drug: str | None, brand: str | None, title_block: Block | None,
            doc: Document, indications: list[Block], highlights: list[Block], meta: dict[str, str],
            description: list[Block] | None = None) -> PageRecord:
    """The brand from the title line; class, uses and co-medications from the indications alone (offsets stay
    those of ``doc``), since the rest of a label (trials, warnings) names drugs and conditions that are no use;
    where they state no class, the description's "X is a CLASS" does (an older label's only statement of it)."""
    if description is None:
        description = blocks_under_heading(doc, DESCRIPTION_HEADING)
    ctx = analysis.DrugContext.named(drug, brand)
    section = Document(doc.text, indications)
    brands: list[BrandName] = []
    if brand and title_block is not None:
        at = title_block.text.lower().find(brand.lower())
        if at >= 0:
            surface = title_block.text[at : at + len(brand)]
            start = title_block.start + at
            brands.append(BrandName(_brand_case(surface), Span(surface, start, start + len(surface), title_block.text)))
    page_type = "label" if drug else "navigation"
    return PageRecord(
        url=url, site=SITE, page_type=page_type, title=title, drug=drug, text=doc.text,
        drug_class=analysis.find_drug_class(Document(doc.text, highlights + indications), ctx, label=True)
        or described_class(Document(doc.text, description)),
        brand_names=brands,
        uses=analysis.find_uses(section, ctx, label=True),
        co_medications=analysis.find_co_medications(section, ctx, label=True),
        meta=meta,
    )


# --- layout ---------------------------------------------------------------------------------


def _label_heading(soup: BeautifulSoup) -> Tag | None:
    for h in soup.find_all(["h1", "h2"]):
        if LABEL_HEADING.match(h.get_text(" ")):
            return h
    return None


def _highlights_indications(soup: BeautifulSoup) -> Tag | None:
    for section in soup.select("div.HighlightSection"):
        head = section.find(re.compile(r"^h\d$"))
        if head is not None and re.search(r"indications", head.get_text(" "), re.I):
            return section
    return None


def _set_id_in_page(soup: BeautifulSoup) -> str:
    a = soup.find("a", href=re.compile(r"drugInfo\.cfm\?setid=", re.I))
    m = re.search(r"setid=([\w\-]+)", a["href"]) if isinstance(a, Tag) else None
    return m.group(1) if m else ""


def _current_version(soup: BeautifulSoup) -> str:
    """The version number in the label's version table row marked "(current)"."""
    for td in soup.find_all("td"):
        m = re.match(r"^\s*(\d+)\s*\(current\)", td.get_text(" "))
        if m:
            return m.group(1)
    return ""


# --- drug and brand from the title -----------------------------------------------------------


def _drug_and_brand(title: str, separator: str | None) -> tuple[str | None, str | None]:
    """"COUMADIN- warfarin sodium tablet" → ("warfarin sodium", "COUMADIN"); none if brand is the generic."""
    brand, rest = None, title
    if separator:
        m = re.match(rf"^(?P<brand>.+?){separator}(?P<rest>.+)$", title)
        if m:
            brand, rest = m.group("brand").strip(), m.group("rest")
    drug = DOSAGE_FORM.sub("", " " + rest).strip(" ,-").lower() or None
    if brand and drug and _is_generic(brand, drug):
        brand = None
    return drug, brand


def _is_generic(brand: str, drug: str) -> bool:
    words = set(re.findall(r"[a-z0-9]+", brand.lower()))
    if words <= set(re.findall(r"[a-z0-9]+", drug.lower())):
        return True
    hit = lexicon.resolve(brand)
    return hit is not None and hit.generic == brand.lower()


def _brand_case(name: str) -> str:
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split())
