"""The page drug's own brand names, from its opening sentences, brand phrases and headings."""

from __future__ import annotations

import re

from extract.analysis import cue_gates, lexicon
from extract.analysis.context import DrugContext
from extract.analysis.cues import COMBINATION_CUE, INGREDIENT_CUE, NEGATIVE_CUE, PRONOUN_SUBJECT
from extract.analysis.sentences import Sentence, sentences
from extract.document import Block, Document
from extract.records import BrandName, Span

BRAND_MARK = re.compile(r"[®™]")
_MAY_NAME_BRANDS = re.compile(r"[®™(]|\bbrand|\bsold\b|\bmarketed\b", re.I)


def norm_name(name: str) -> str:
    return BRAND_MARK.sub("", name).strip(" ,.;:'\"")

INTRO = re.compile(r"^(?P<head>[^()]{2,80}?)\s*\((?P<inner>[^()]{2,120})\)\s+(?:is|are|was|belongs|works|comes|has)\b")
# A label over the page's brand names: "Brand names", "Brand(s)", "Trade name(s)", "Proprietary names",
# "Common brand names (US)"; not "Brand names of combination products".
BRAND_LABEL = re.compile(
    r"^\s*(?:(?:common|other|available|u\.?s\.?|uk|canadian)\s+)?(?:brand|trade|proprietary)"
    r"(?:[- ]?names?|s|\(s\)|[- ]name\(s\))?(?:\s*\((?:us|u\.s\.|uk|canada|international)\))?\s*:?\s*$",
    re.I,
)
FOOTNOTE_MARK = re.compile(r"[*†‡§¶¹²³⁴]+")
BRAND_PHRASE = re.compile(
    r"\b(?i:brand names?|sold (?:under|as)(?: the brand names?)?|marketed (?:under|as)(?: the brand names?)?"
    r"|known by the brand names?|brand-name (?:versions?|products?))\s*(?i:is|are|include|includes|of)?\s*:?\s*"
    r"(?P<list>(?:[A-Z][\w\-]*[®™]?(?:\s+[A-Z][\w\-]*[®™]?)?"
    r"(?:\s*\([^()]{1,60}\)|\s+in\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z]\w*)?)?"  # "(no longer sold)", "in the UK"
    r"(?:,\s+(?:and|or)\s+|,\s*|\s+(?:and|or)\s+)?)+)"
)
# What follows a brand in a brand-name list without being part of it: "(no longer sold)", "in the UK".
REGIONS = frozenset({"us", "usa", "u.s.", "uk", "eu", "europe", "canada", "australia", "india", "ireland",
                     "new zealand", "united states", "united kingdom", "japan", "china", "mexico", "asia", "africa"})
LIST_QUALIFIER = re.compile(r"\s*\([^()]*\)|\s+in\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z]\w*)?")


# "The tacrolimus ointment (Protopic®)", "An oral solution (Xatmep®)": a product of the drug itself.
FORM_BRAND = re.compile(
    r"\b(?:solution|tablets?|capsules?|ointment|cream|injection|version|form|patch|gel|spray|suspension"
    r"|formulation|lotion|foam|shampoo)\s*\(([A-Z][\w\-]+(?:\s[A-Z0-9][\w\-]*)?)[®™]\)"
)


def split_names(inner: str) -> list[tuple[str, int]]:
    """Comma/and/or separated names with their offsets inside ``inner``."""
    out, pos = [], 0
    for piece in re.split(r"(,\s*(?:and|or)?\s*|\s+(?:and|or)\s+)", inner):
        if piece and not re.fullmatch(r",\s*(?:and|or)?\s*|\s+(?:and|or)\s+", piece):
            name = norm_name(piece)
            if name:
                out.append((name, pos + piece.find(name[:1])))
        pos += len(piece)
    return out


def find_brands(doc: Document, ctx: DrugContext, scan: int = 12) -> list[BrandName]:
    """The page drug's own brands: from its opening "Generic (Brand®)" / "Brand® (generic)"
    sentences, brand-name phrases, and any ®-marked name the lexicon maps to the drug."""
    found: dict[str, BrandName] = {}

    def add(name: str, sent: Sentence, local: int) -> None:
        key = name.lower()
        if key in ctx.names and key == ctx.drug or not name[:1].isupper() or key in found:
            return
        hit = lexicon.resolve(name)
        if (hit is None and not ctx.drug) or (hit is not None and not ctx.is_self(hit.generic)):
            return
        written = _written_end(sent.text, local, name)  # "Prevacid® SoluTab": the span covers the mark
        start, end = sent.span_of(local, written)
        found[key] = BrandName(name, Span(sent.text[local:written], start, end, sent.text))

    for i, sent in enumerate(sentences(doc.blocks)):
        if not (cue_gates.BRAND_WORDS.may_match(sent.text) and _MAY_NAME_BRANDS.search(sent.text)):
            continue  # cheap test first: every rule below needs one of these marks or words
        if i < scan:
            m = INTRO.match(sent.text)
            if m:
                head, inner = m.group("head"), m.group("inner")
                head_names = split_names(head)
                head_is_drug = ctx.mentions_drug(head)
                if BRAND_MARK.search(head) and head_names and ctx.mentions_drug(inner):
                    # Brand-first: "Wellbutrin® (bupropion) is ..."
                    name, off = head_names[-1]
                    add(name, sent, m.start("head") + off)
                elif head_is_drug and (BRAND_MARK.search(inner) or _all_resolve_to(inner, ctx)
                                       or _names_of_self(inner, ctx)):
                    for name, off in split_names(inner):
                        if not ctx.is_self(name.lower()):  # a generic in parentheses is no brand
                            add(name, sent, m.start("inner") + off)
        combo = COMBINATION_CUE.search(sent.text) or INGREDIENT_CUE.search(sent.text)
        for m in BRAND_PHRASE.finditer(sent.text):
            if combo and combo.start() < m.start():
                continue  # "combined with X; ... sold as Hyzaar": a combination product
            if ctx.mentions_drug(sent.text) or PRONOUN_SUBJECT.match(sent.text):
                listed = LIST_QUALIFIER.sub(lambda q: " " * len(q.group(0)), m.group("list"))
                for name, off in split_names(listed):
                    if name.lower() in REGIONS:
                        continue  # "sold as Forxiga in Europe and Canada": where, not what
                    hit = lexicon.resolve(name)
                    if hit is None or ctx.is_self(hit.generic):
                        add(name, sent, m.start("list") + off)
        cue = NEGATIVE_CUE.search(sent.text) or COMBINATION_CUE.search(sent.text) or INGREDIENT_CUE.search(sent.text)
        for m in re.finditer(r"\b([A-Z][\w\-]+(?:\s[A-Z0-9][\w\-]*)?)[®™]", sent.text):
            if cue and cue.start() < m.start():
                continue  # a brand named after "should not be taken with" or "in combination with"
            name = m.group(1)
            hit = lexicon.resolve(name) or lexicon.resolve(name.split()[0])
            if hit and ctx.drug and ctx.is_self(hit.generic) and name.lower() != ctx.drug:
                add(name, sent, m.start(1))
        for m in FORM_BRAND.finditer(sent.text):
            if not NEGATIVE_CUE.search(sent.text[: m.start()]):
                add(m.group(1), sent, m.start(1))
    for names in _brand_section(doc):
        for sent in sentences([names]):  # "Brand names" then "Vibramycin, Doryx, Oracea", or a list of them
            bare = re.sub(r"\s*\([^()]*\)", lambda q: " " * len(q.group(0)), sent.text).replace(";", ",")
            for name, off in split_names(FOOTNOTE_MARK.sub(" ", BRAND_MARK.sub(" ", bare)).rstrip()):
                if re.fullmatch(r"[A-Z][\w\-]*(?:\s[A-Z0-9][\w\-]*)?", name):
                    add(name, sent, off)
    for brand in brands_in_headings(doc, ctx):
        found.setdefault(brand.brand_name.lower(), brand)
    return list(found.values())


def _written_end(text: str, start: int, name: str) -> int:
    """Where ``name`` (its marks taken out) ends as written from ``start``: past any ® or ™ inside it."""
    i = start
    for ch in name:
        while i < len(text) and text[i] != ch and BRAND_MARK.match(text[i]):
            i += 1
        if i >= len(text) or text[i] != ch:
            return start + len(name)
        i += 1
    return i


def _brand_section(doc: Document) -> list[Block]:
    """The blocks a "Brand names" label introduces: the list of items under it, or else the one block after it
    (a label that is itself a row of a list or table names the next row only; a label that names something
    else, such as "Brand names of combination products", introduces none)."""
    out: list[Block] = []
    for i, label in enumerate(doc.blocks):
        if not BRAND_LABEL.match(label.text):
            continue
        following = doc.blocks[i + 1 :]
        if following and following[0].kind == "item" and label.kind != "item":  # a label over a list
            items = [b for b in following[: next((j for j, b in enumerate(following) if b.kind != "item"),
                                                 len(following))]]
            out += [b for b in items if b.list_id == items[0].list_id and len(b.text) < 80]
        elif following and following[0].kind != "heading" and len(following[0].text) < 200:
            out.append(following[0])
    return out


def brands_in_headings(doc: Document, ctx: DrugContext) -> list[BrandName]:
    """Brand names of the drug used as a heading's subject ("What Is Wellbutrin Used For?")."""
    out: list[BrandName] = []
    for block in doc.blocks:
        if block.kind != "heading":
            continue
        for m in lexicon.find_drug_mentions(block.text):
            if ctx.is_self(m.generic) and m.surface[:1].isupper() and not ctx.is_self(m.surface.lower()):
                span = Span(m.surface, block.start + m.start, block.start + m.end, block.text)
                out.append(BrandName(m.surface, span))
    return out


def _names_of_self(inner: str, ctx: DrugContext) -> bool:
    """"(Cardura, Cardura XL)": capitalized names, one of which the lexicon knows as this drug's and none as
    another's; a product line ("Cardura XL") goes with its known name."""
    names = split_names(inner)
    if not names or not all(re.fullmatch(r"[A-Z][\w\-]*(?:\s[A-Z0-9][\w\-]*)?", n) for n, _ in names):
        return False
    hits = [lexicon.resolve(n) for n, _ in names]
    return any(h is not None and ctx.is_self(h.generic) for h in hits) and not any(
        h is not None and not ctx.is_self(h.generic) for h in hits)


def _all_resolve_to(inner: str, ctx: DrugContext) -> bool:
    names = split_names(inner)
    if not names:
        return False
    for name, _ in names:
        hit = lexicon.resolve(name)
        if hit is None or not ctx.is_self(hit.generic):
            return False
    return True
