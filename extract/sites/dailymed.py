"""Page object for DailyMed drug labels: the label viewer and the older archive page.

Label viewer (``/dailymed/drugInfo.cfm?setid=…``): title in the heading after
"Label:", sections as blocks keyed by LOINC section codes (34067-9 is
INDICATIONS AND USAGE). Archive (``/dailymed/archives/fdaDrugInfo.cfm?archiveid=…``):
the product line in ``p.DocumentTitle``, sections under plain headings.

FDA labels use a fixed register ("X is indicated for the treatment of Y",
"indicated to reduce the risk of", "in combination with"), so approved uses
and co-medications are read with rules for that register here, only from the
INDICATIONS AND USAGE section; trial descriptions, limitations and "not
indicated" sentences in that section give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from bs4 import BeautifulSoup, Tag

from extract.analysis import lexicon
from extract.analysis.condition_phrases import split_item
from extract.analysis.sentences import Sentence, split_block
from extract.document import Block, Document, build_document, clean
from extract.records import BrandName, CoMedication, PageRecord, Span, Use
from extract.registry import handle_urls

SITE = "dailymed"
HOST = "dailymed.nlm.nih.gov"
INDICATIONS_LOINC = "34067-9"
CHROME = frozenset({"Close"})  # the label viewer's section toggle link
LABEL_CONTAINERS = ("#drug-information", "div.drug-label-sections", "article")
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

# --- the register of indications ----------------------------------------------------------

INDICATED = re.compile(
    r"\b(?:is|are)\s+(?:also\s+)?indicated\b(?:\s+(?:for|to|in|as)\b)?|\bindicated\s+(?:for|to|in|as)\b"
    r"|\b(?:were|was|is|are)\s+(?:also\s+)?effective\s+(?:for|in)\s+(?=the\s+treatment\b)",
    re.I,
)
NOT_INDICATED = re.compile(
    r"\bnot\s+(?:been\s+)?(?:indicated|approved|established|recommended)\b|\bnot for use\b", re.I
)
# "treatment of", "relief of": what follows names the condition.
CHAIN = re.compile(
    r"\b(?:treatment|retreatment|therapy|prophylaxis|prevention|management|relief|healing|eradication|control"
    r"|progression|incidence|risk|reduction|maintenance|symptoms)\s+of\s+",
    re.I,
)
LEAD_IN_TAIL = r"\s*(?:in|for)?\s*(?:(?:the\s+)?(?:treatment|prevention|prophylaxis|management)\s+of\s*)?:?\s*"
# A category line inside an indications list ("1. Endocrine Disorders", "Allergic States").
CATEGORY = re.compile(
    r"^\s*(?:\d+\.\s*)?(?:[A-Z][a-z]+\s+){0,3}(?:Disorders|Diseases|States|Conditions|Infections)\s*$"
)
RISK_CHAIN = re.compile(r"^(?:risk|incidence|reduction)\b", re.I)
POPULATION_PREFIX = re.compile(
    r"^\s*(?:for|in)\s+(?:adult\s+|pediatric\s+)?(?:patients|adults|children)\s+(?:with|who have)\s+"
    r"(?:a\s+(?:recent\s+)?history\s+of\s+)?",
    re.I,
)
ENDPOINT = re.compile(r"\s*(?:to\s+)?(?:decrease|reduce|lower)\s+the\s+(?:rate|risk|incidence)\b", re.I)
LEAD_PREFIX = re.compile(
    r"^\s*(?:(?:for|in|as|to\s+(?:treat|prevent|manage))\s+)?(?:the\s+|an?\s+aid\s+to\s+)?", re.I
)
# "treatment of patients with Y", "reduce … in patients with Y": Y is the condition.
PATIENTS_WITH = re.compile(
    r"\b(?:patients|adults|children|adolescents|individuals|women|men|boys and girls|infants|subjects)\b"
    r"[^.;:\[]{0,120}?\bwith\s+",
    re.I,
)
REDUCING = re.compile(r"\b(?:reduc\w*|risk|lower\w*|maintain\w*|decreas\w*|improv\w*)\b|\btreatment\s+of\s+$", re.I)
OBJECT_END = re.compile(
    r"\s*\[|[;:]|(?<![\s(][A-Z])\.(?:\s|$)|,?\s+(?:who|which|that|when|whose|where|if|unless|because|since|while|until|following"
    r"|due to|caused by|as part of|either|as (?:a|an|the|monotherapy|adjunct|adjunctive)|including|such as|e\.g\."
    r"|for (?:patients|adults"
    r"|children|use|up to|at least|the first)|aged|in (?:[a-z0-9\-–]+\s+){0,3}(?:adults?|children|pediatric|patients"
    r"|adolescents|infants|neonates|those|combination|individuals|subjects|men|women)"
    r"|to (?!the\b|severe|moderate)[a-z]+)\b"
    r"|,\s+(?:including|in|for|and to|or to|with|without|within|during|at|from|but)\b"
    r"|\s+in (?:multiple|various|several|many) (?:clinical )?settings\b"
    r"|\s+with an? (?:elevated|history|documented)\b",
    re.I,
)
# Words heading a phrase that is no condition: outcomes, generic heads, therapy words.
NOT_CONDITION = re.compile(
    r"^(?:death|mortality|events?|prophylaxis|prevention|treatment|therapy|use|patients?|adults?|children"
    r"|conditions?|disorders?|diseases?|symptoms?|infections?|the following|following)$",
    re.I,
)
LEADING = re.compile(
    r"^(?:(?:the|a|an|all|both|all forms of|forms of|certain|(?:the )?(?:signs and )?symptoms of"
    r"|for the (?:treatment|management|prevention) of|(?:initial|recurrent|first|acute)?\s*episodes? of"
    r"|(?:confirmed|suspected|documented)(?:\s+or\s+(?:confirmed|suspected))?"
    r"|(?:adult |pediatric )?(?:patients|adults|children) with)\s+|[-–•●*]\s*|\d+\.\s*)+",
    re.I,
)
TRAILING = re.compile(r"(?:\s*\([^()]*\)|\s*\d+$|\s+(?:treatment|therapy))+$", re.I)
ADJECTIVE = re.compile(r"^[a-z\-]+(?:al|ic|ive|ous|ary|ar|oid|ed)$", re.I)
PREPOSITION = re.compile(r"\b(?:of|with|in|to|for|from|after|associated)\b", re.I)
CONJ = re.compile(r"\s+(and/or|and|or)\s+", re.I)
MAX_WORDS = 16
LABEL_SEVERITY = re.compile(
    r"(?:(?:moderately|severely|mildly|moderate|severe|mild)(?:\s+(?:to|or|and)\s+(?:moderately|severely|moderate|severe))?"
    r"\s+)?(?:active|chronic\s+active)?\s*",
    re.I,
)

COMBINATION = re.compile(
    r"\b(?:in combination with|in conjunction with|adjunct(?:ive)?(?:\s+therapy)?\s+(?:to|with)|as an adjunct to"
    r"|add-on (?:to|therapy)|added to|be added|in addition to|co-?administered with|concomitantly with"
    r"|regimen (?:consisting of|containing|of|with)|together with)\b",
    re.I,
)
CLASS_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, lexicon.DRUG_CLASS_WORDS), key=len, reverse=True)) + r")\b", re.I
)
# "reduce total-C, LDL-C, apo B, and TG levels": analytes measured, not drugs given
LAB_VALUE = re.compile(r"[^.;]{0,40}?\b(?:levels?|concentrations?)\b")
# Label wording that puts the combination in the indication itself ("may be used ... in combination with").
RECOMMENDATION = re.compile(
    r"\bindicated\b|\brecommend(?:ed|s)?\b|\b(?:may|can) be used\b"
    r"|\bshould be (?:administered|given|used|taken)\b",
    re.I,
)
STUDY = re.compile(r"\b(?:stud(?:y|ies)|trials?|randomi[sz]ed|compared|enrolled|placebo|efficacy)\b", re.I)
REFUSAL = re.compile(r"\bnot\s+(?:be\s+)?(?:used|indicated|recommended|given|administered|combined)\b|\bshould not\b"
                     r"|\bdo not (?:use|take|give|administer|co-?administer|combine|start)\b|\bcontraindicated\b"
                     r"|\bavoid\b", re.I)
# Body substances a label measures, which the dictionary lists as classes ("apolipoproteins B").
ANALYTE = re.compile(r"lipoprotein|cholesterol|triglyceride|glucose|hemoglobin|albumin|creatinine", re.I)
CLASS_IN_SENTENCE = re.compile(
    r"\b(?:is|are)\s+(?:a|an)\s+(?P<c>[^.;:\[]{3,90}?)\s+(?:that is\s+|which is\s+)?indicated\b", re.I
)
# "NORVASC is a calcium channel blocker and may be used ...": the subject is the label's product (capitals).
CLASS_NOUN_SENTENCE = re.compile(
    r"^[A-Z][A-Z0-9\-]+(?:\s+[A-Z][A-Z0-9\-]+)?(?:®|\s+\([^)]*\))?\s+(?:is|are)\s+(?:a|an)\s+"
    r"(?P<c>[a-z][\w\-]*(?:\s+[\w\-]+){0,4}?\s+(?:blocker|inhibitor|antagonist|agonist|antibody|analog|agent))\b"
)
ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z]{1,6})\)")


@handle_urls(HOST, site=SITE)
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
    title_doc = build_document(heading)
    title = clean(re.sub(r"^\s*Label\s*:\s*", "", title_doc.text))
    container = next((soup.select_one(sel) for sel in LABEL_CONTAINERS if soup.select_one(sel)), soup.body or soup)
    doc = _concat([title_doc, build_document(container)])
    indications = _element_blocks(doc, soup.select_one(f'[data-sectioncode="{INDICATIONS_LOINC}"]'))
    if not indications:
        indications = _heading_blocks(doc)
    highlights = _element_blocks(doc, _highlights_indications(soup))
    meta = {"set_id": (query.get("setid") or [""])[0] or _set_id_in_page(soup), "version": _current_version(soup)}
    title_block = doc.blocks[0]
    drug, brand = _drug_and_brand(title, r"\s?-\s+")
    return _record(url, title, drug, brand, title_block, doc, indications, highlights,
                   {k: v for k, v in meta.items() if v})


def _archive(url: str, soup: BeautifulSoup, query: dict[str, list[str]]) -> PageRecord:
    product = soup.select_one("p.DocumentTitle")
    title = clean(soup.title.get_text(" ")) if soup.title else None
    root = soup.body or soup
    doc = build_document(root)
    indications = _heading_blocks(doc)
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
            doc: Document, indications: list[Block], highlights: list[Block], meta: dict[str, str]) -> PageRecord:
    names = _self_names(drug, brand)
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
        drug_class=find_class(highlights + indications),
        brand_names=brands,
        uses=_with_subsection_uses(find_indications(indications), indications),
        co_medications=find_co_medications(indications, names),
        meta=meta,
    )


SUBSECTION = re.compile(r"^\d+\.\d+\s+(?P<cond>.+)$")
# Subsection titles that name a way of use, not a condition ("1.2 Combination Therapy").
GENERIC_SUBSECTION = re.compile(
    r"monotherapy|combination|limitation|important|general|adjunct|use in|patients?\b|therapy|population|dosage"
    r"|administration|\bage",
    re.I,
)


def _with_subsection_uses(uses: list[Use], blocks: list[Block]) -> list[Use]:
    """A numbered subsection of the indications names a condition ("1.1 Hypertension") that its prose,
    written around endpoints ("to reduce the rate of ..."), may not state on its own."""
    have = [set(u.condition.lower().split()) for u in uses]
    out = list(uses)
    for block in blocks:
        m = SUBSECTION.match(block.text) if block.kind == "heading" else None
        if not m or GENERIC_SUBSECTION.search(m.group("cond")):
            continue
        for value, s, e in split_item(m.group("cond")):
            mine = set(value.lower().split()) - {"and", "or", "of", "in", "the", "with"}
            if any(len(mine & words) * 2 >= len(mine) for words in have):
                continue  # mostly said already by the prose
            start = block.start + m.start("cond") + s
            out.append(Use("approved", value, Span(value, start, start + (e - s), block.text)))
    return out


# --- layout ---------------------------------------------------------------------------------


def _label_heading(soup: BeautifulSoup) -> Tag | None:
    for h in soup.find_all(["h1", "h2"]):
        if re.match(r"^\s*Label\s*:", h.get_text(" ")):
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


def _concat(docs: list[Document]) -> Document:
    blocks: list[Block] = []
    pos = 0
    for d in docs:
        for b in d.blocks:
            if blocks:
                pos += 1
            blocks.append(Block(b.kind, b.text, pos, pos + len(b.text), b.list_id, b.level))
            pos += len(b.text)
    return Document("\n".join(b.text for b in blocks), blocks)


def _element_blocks(doc: Document, element: Tag | None) -> list[Block]:
    """The blocks of ``doc`` that ``element`` produced (same texts, in a row)."""
    if element is None:
        return []
    texts = [b.text for b in build_document(element).blocks]
    while texts and texts[-1] in CHROME:
        texts.pop()
    if not texts:
        return []
    for i, b in enumerate(doc.blocks):
        if b.text == texts[0] and [x.text for x in doc.blocks[i : i + len(texts)]] == texts:
            return doc.blocks[i : i + len(texts)]
    return []


def _heading_blocks(doc: Document) -> list[Block]:
    """Blocks under an INDICATIONS AND USAGE heading, up to the next heading of its level."""
    for i, b in enumerate(doc.blocks):
        if b.kind == "heading" and INDICATIONS_HEADING.match(b.text):
            out = []
            for nxt in doc.blocks[i + 1 :]:
                if nxt.kind == "heading" and nxt.level <= b.level:
                    break
                out.append(nxt)
            return out
    return []


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


def _self_names(drug: str | None, brand: str | None) -> set[str]:
    names: set[str] = set()
    for name in (drug, brand):
        if not name:
            continue
        names.add(name.lower())
        for m in lexicon.find_drug_mentions(name):
            names.add(m.generic)
    return names


# --- class ----------------------------------------------------------------------------------


def find_class(blocks: list[Block]) -> Span | None:
    """"X is a CLASS indicated for …", as the label's indications state it; else "X is a CLASS and …"
    where CLASS ends in a class noun (blocker, inhibitor, …)."""
    sents = _sentences(blocks)
    for sent in sents:
        m = CLASS_IN_SENTENCE.search(sent.text)
        if m and not NOT_INDICATED.search(sent.text):
            value = m.group("c").strip()
            s, e = sent.span_of(m.start("c"), m.start("c") + len(value))
            return Span(value, s, e, sent.text)
    for sent in sents:
        m = CLASS_NOUN_SENTENCE.match(sent.text)
        if m and not NOT_INDICATED.search(sent.text):
            s, e = sent.span_of(m.start("c"), m.end("c"))
            return Span(m.group("c"), s, e, sent.text)
    return None


# --- approved uses --------------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    condition: str
    start: int
    end: int
    evidence: str
    surface: str = ""  # the text at start:end when it differs from the condition ("A and B noun")


def find_indications(blocks: list[Block]) -> list[Use]:
    found: list[_Found] = []
    lead: str | None = None  # 'all' or 'first' (a composite "reduce the risk of:" list)
    taken_first = False
    entry_kind: str | None = None  # entries are list items or paragraphs, not a mix
    for block in blocks:
        sub_lead = CATEGORY.match(block.text) or block.text.rstrip().endswith(":")
        if lead is not None and block.kind == "text" and sub_lead:
            continue  # "1. Endocrine Disorders", "As adjunctive therapy ... in:": the list goes on under it
        if block.kind == "heading" or (lead is not None and entry_kind not in (None, block.kind)):
            lead = None
        if block.kind == "heading":
            continue
        sents = list(split_block(block))
        if lead is not None and sents:
            first = sents[0]
            if _is_entry(first.text) or (block.kind == "item" and not INDICATED.search(first.text)):
                if lead == "all" or not taken_first:
                    found += _entry_uses(first)
                    taken_first = True
                entry_kind = block.kind
                sents = sents[1:]
            elif re.search(r"[a-z]", first.text) and not first.text.startswith(("(", "[")):
                lead = None
        for sent in sents:
            if NOT_INDICATED.search(sent.text):
                continue
            cue = INDICATED.search(sent.text)
            if cue is None:
                continue
            tail = re.sub(r"\s*\[[^\]]*\]", "", sent.text[cue.end() :])  # "[see Clinical Studies (14)]"
            tail = re.sub(r"\bthe following(?:\s+(?:conditions|indications|disorders))?\s*(?=:)", "", tail)
            if re.fullmatch(LEAD_IN_TAIL, tail) \
                    or re.fullmatch(r"[^.]{0,40}\b(?:risk|incidence)\s+of\s*:\s*|[^.]{0,40}:\s*", tail):
                if tail.rstrip().endswith(":"):
                    lead, taken_first = ("first" if re.search(r"\b(?:risk|incidence)\s+of", tail) else "all"), False
                    entry_kind = None
                continue
            found += _clause_uses(sent, cue.end())
    return _dedupe(found, " ".join(b.text for b in blocks))


def _is_entry(text: str) -> bool:
    """A list entry after a lead-in: a short phrase, not a sentence about the drug."""
    words = text.split()
    short = len(words) <= 14 or (len(words) <= 40 and CHAIN.search(text[:60]) is not None)
    return short and not INDICATED.search(text) and bool(re.search(r"[A-Za-z]{3}", text))


def _entry_uses(sent: Sentence) -> list[_Found]:
    text = sent.text
    m = CHAIN.search(text)
    start = m.end() if m else len(text) - len(text.lstrip(" -–•●*0123456789."))
    risk = bool(m and RISK_CHAIN.match(m.group(0)))
    return _object_uses(sent, start, risk)


def _clause_uses(sent: Sentence, pos: int) -> list[_Found]:
    text = sent.text
    population = POPULATION_PREFIX.match(text)
    if population and ENDPOINT.match(text, pos):
        # "For patients with STEMI, X is indicated to reduce the rate of MI and stroke": the indication is
        # the patients' condition; the rates are the outcomes it improves.
        head = text[population.end() : pos]
        cut = head.rfind(",")
        if cut > 0:
            head = head[:cut]
            bracket = head.find("[")
            head = head[:bracket] if bracket >= 0 else head
            out: list[_Found] = []
            for a, z in _split_commas(head):
                out += _conjuncts(sent, population.end() + a, head[a:z])
            if out:
                return out
    end_of_clause = _boundary(text, pos + 1)
    limit = len(text)
    pw = PATIENTS_WITH.search(text, pos)
    if pw and REDUCING.search(text[pos : pw.start()]):
        return _object_uses(sent, pw.end(), False)
    m = CHAIN.search(text, pos)
    if m and (end_of_clause is None or m.start() <= end_of_clause.start() or m.start() - pos < 60):
        return _object_uses(sent, m.end(), bool(RISK_CHAIN.match(m.group(0))))
    lead = LEAD_PREFIX.match(text[pos:limit])
    return _object_uses(sent, pos + (lead.end() if lead else 0), False)


def _object_uses(sent: Sentence, start: int, risk: bool) -> list[_Found]:
    text = sent.text
    b = _boundary(text, start)
    end = b.start() if b else len(text)
    segment = text[start:end]
    its = re.search(r"\s+and\s+its\s+\w+", segment)
    if its:  # "venous thrombosis and its extension": the extension is no condition of its own
        segment = segment[: its.start()] + " " * (its.end() - its.start()) + segment[its.end() :]
    items = _split_commas(segment)
    if risk:
        # a composite outcome ("death, recurrent MI, and stroke") is one use: its first real condition
        for a, z in items:
            got = _clean(segment[a:z])
            if got:
                value, off = got
                return [_found(sent, start + a + off, value)]
        return []
    out: list[_Found] = []
    for a, z in items:
        out += _conjuncts(sent, start + a, segment[a:z])
    return out


def _boundary(text: str, start: int) -> re.Match[str] | None:
    """Where a condition phrase ends, ignoring cues inside parentheses ("(up to four weeks)")."""
    for m in OBJECT_END.finditer(text, start):
        if text.count("(", start, m.start()) <= text.count(")", start, m.start()):
            return m
    return None


def _split_commas(segment: str) -> list[tuple[int, int]]:
    cuts, pos = [], 0
    for m in re.finditer(r",\s*(?:(?:and/or|and|or)\s+)?", segment):
        if segment.count("(", 0, m.start()) == segment.count(")", 0, m.start()):
            cuts.append((pos, m.start()))
            pos = m.end()
    cuts.append((pos, len(segment)))
    return cuts


def _conjuncts(sent: Sentence, base: int, item: str) -> list[_Found]:
    """Split one list item at and/or where both sides are full phrases; distribute "A and B noun"."""
    for m in CONJ.finditer(item):
        if item.count("(", 0, m.start()) != item.count(")", 0, m.start()):
            continue
        left_text = item[: m.start()]
        preps = list(PREPOSITION.finditer(left_text))
        left = left_text[preps[-1].end() :] if preps else left_text
        right_text = item[m.end() :]
        nxt = PREPOSITION.search(right_text)
        right = right_text[: nxt.start()] if nxt else right_text
        lw, rw = len(re.sub(r"\([^()]*\)", "", left).split()), len(right.split())
        if lw >= 2 and rw >= 2:
            return _conjuncts(sent, base, left_text) + _conjuncts(sent, base + m.end(), right_text)
        if not preps and lw == 1 and rw >= 2 and m.group(1).lower() == "and" and ADJECTIVE.match(left.strip()):
            noun = " ".join(right.split()[1:])
            first = _clean(item)
            if first:
                value, off = first
                distributed = f"{left.strip()} {noun}".lower()
                s = sent.start + base + off
                out = [_Found(distributed, s, s + len(value), sent.text, value)]
                return out + _conjuncts(sent, base + m.end(), right_text)
    got = _clean(item)
    return [_found(sent, base + got[1], got[0])] if got else []


def _clean(raw: str) -> tuple[str, int] | None:
    text = raw.rstrip()
    off = 0
    for pattern in (LEADING, LABEL_SEVERITY, LEADING):  # "adult patients with moderately to severely active RA"
        lead = pattern.match(text, off)
        if lead:
            off = lead.end()
    text = TRAILING.sub("", text[off:]).strip(" ,.\"'")
    off += len(raw[off:]) - len(raw[off:].lstrip(" ,.\"'"))
    words = text.split()
    if not words or len(words) > MAX_WORDS or words[0].lower() in ("other", "its", "their", "this", "these", "without"):
        return None
    if re.search(r"[<>%≥≤]", text):
        return None  # a measurement ("ejection fraction <40%"), not a condition
    if NOT_CONDITION.match(text) or not re.search(r"[A-Za-z]{2}", text):
        return None
    if words[-1].lower() in ("levels", "level", "regimen", "agents", "drugs"):
        return None
    if lexicon.find_drug_mentions(text):
        return None
    return text, off


def _found(sent: Sentence, local: int, value: str) -> _Found:
    s = sent.start + local
    return _Found(value, s, s + len(value), sent.text)


def _dedupe(found: list[_Found], section: str) -> list[Use]:
    """One row per condition: the same condition restated (by its abbreviation, in the plural) counts once."""
    expansions: dict[str, str] = {}
    for m in ABBREVIATION.finditer(section):
        abbr = m.group(1)
        words = section[: m.start()].split()
        for k in range(1, min(len(abbr) + 2, len(words)) + 1):
            phrase = words[-k:]
            if phrase[0][:1].lower() == abbr[0].lower():
                expansions[abbr.lower()] = " ".join(phrase).lower()
                break
    out: list[Use] = []
    seen: set[str] = set()
    for f in found:
        key = _key(f.condition, expansions)
        if key in seen:
            continue
        seen.add(key)
        out.append(Use("approved", f.condition, Span(f.surface or f.condition, f.start, f.end, f.evidence)))
    return out


def _key(condition: str, expansions: dict[str, str]) -> str:
    words = [expansions.get(w, w) for w in re.findall(r"[a-z0-9]+", condition.lower())]
    text = " ".join(words)
    text = re.sub(r"\b(\w{4,}?)s\b", r"\1", text)
    return re.sub(r"\s+disease$", "", text)


# --- co-medications -------------------------------------------------------------------------


def find_co_medications(blocks: list[Block], self_names: set[str]) -> list[CoMedication]:
    """Drugs the indications say the drug is given with ("in combination with", "adjunct to", a regimen)."""
    out: list[CoMedication] = []
    seen: set[str] = set()
    for sent in _sentences(blocks):
        text = sent.text
        if not COMBINATION.search(text) or not RECOMMENDATION.search(text):
            continue
        if STUDY.search(text) or REFUSAL.search(text) or NOT_INDICATED.search(text):
            continue
        for m in lexicon.find_drug_mentions(text, classes=True):
            if _in_example_parens(text, m.start) or LAB_VALUE.match(text, m.end):
                continue
            name = m.surface.lower() if m.is_class else m.generic
            if name in seen or m.generic in self_names or m.surface.lower() in self_names:
                continue
            if ANALYTE.search(m.generic):
                continue
            seen.add(name)
            s, e = sent.span_of(m.start, m.end)
            out.append(CoMedication(name, name if m.is_class else None, Span(m.surface, s, e, text)))
        for m in CLASS_WORD.finditer(text):  # classes the dictionary lacks ("corticosteroids")
            name = m.group(0).lower()
            if name in seen or _in_example_parens(text, m.start()):
                continue
            seen.add(name)
            s, e = sent.span_of(m.start(), m.end())
            out.append(CoMedication(name, name, Span(m.group(0), s, e, text)))
    return out


def _in_example_parens(text: str, at: int) -> bool:
    """Inside "(e.g., RIFATER® …)": a product named as an example, not a co-medication."""
    open_at = text.rfind("(", 0, at)
    return open_at >= 0 and text.rfind(")", open_at, at) < 0 and bool(
        re.match(r"\(\s*(?:e\.g\.|for example|such as)", text[open_at:])
    )


def _sentences(blocks: list[Block]) -> list[Sentence]:
    return [s for b in blocks if b.kind != "heading" for s in split_block(b)]
