"""The class a page states for its own drug ("is a prescription X medication")."""

from __future__ import annotations

import re

from extract.analysis import lexicon, mesh, pharmacologic_classes
from extract.analysis.context import DrugContext
from extract.analysis.cues import NEGATIVE_CUE, NOT_INDICATED, PRONOUN_SUBJECT
from extract.analysis.sentences import sentences
from extract.document import Document
from extract.records import Span

# "it is", "they belong": a clause whose subject stands for the page drug.
PRONOUN_CLAUSE = re.compile(r"\b(?:it|they|both)\s+(?:is|are|belongs?|works?)\b", re.I)
CLASS_PATTERNS = [
    re.compile(r"\b(?:drug|pharmacologic|therapeutic|medication) (?:class|group|type):\s*(?P<c>[^.;:\n]{3,60})", re.I),
    re.compile(
        r"\b(?:belongs? to|(?:is|are) (?:part|one|a member|members) of) the\s+(?P<c>[^.,;:]{2,60}?)\s+"
        r"(?:family|class|group|category)\b",
        re.I,
    ),
    re.compile(
        r"\b(?:belongs? to|(?:is|are) (?:part|one|a member|members) of|(?:is|are) in) (?:a|the) "
        r"(?:group|class|family|category|type)"
        r"(?: of [a-z\-]+)?\s+(?:called|known as|referred to as|named)\s+"
        r"(?P<c>[^.,;:]{3,80})",
        re.I,
    ),
    re.compile(  # "it is a type of medicine called a glutamate antagonist"
        r"\b(?:is|are) (?:a|an) (?:type|kind|class|group) of (?:medicine|medication|drug)s?\s+"
        r"(?:called|known as|referred to as)\s+(?:an?\s+)?(?P<c>[^.,;:]{3,80})",
        re.I,
    ),
    re.compile(
        r"\bis classified as (?:a|an)\s+(?P<c>[^.,;:]{3,80}?)(?:\s+(?:medication|medicine|drug|agent)s?\b|[.,;]|$)",
        re.I,
    ),
    re.compile(
        r"\b(?:is|are)\s+(?:a|an)\s+(?P<c>[^.,;:()]{3,80}?)\s+(?:medication|medicine|drug|agent|treatment)s?\b",
        re.I,
    ),
    re.compile(
        r"\b(?:is|are)\s+(?:a|an)\s+(?P<c>[\w\-() ]{0,60}?(?:inhibitor|blocker|antagonist|agonist|antibiotic|"
        r"antidepressant|antipsychotic|corticosteroid|steroid|immunosuppressant|analgesic|anticonvulsant|"
        r"stimulant|diuretic|statin|antihistamine|antiviral|antifungal|hormone|sedative|anticoagulant|"
        r"bronchodilator|biologic|vasodilator|modulator|analog|analogue|derivative|benzodiazepine|opioid|"
        r"stabilizer|antibody|relaxant|hypnotic|anxiolytic|antispasmodic|decongestant|vaccine|antineoplastic|"
        r"nsaid|ssri|snri|maoi|dmard|arb|"
        r"antiemetic|antiarrhythmic|anthelmintic|antimalarial|retinoid|bisphosphonate|contraceptive|laxative))"
        r"(?=[\s.,;:]|$)",
        re.I,
    ),
]
CLASS_REJECT = re.compile(
    r"\b(?:used|that|which|approved|licensed|to|for|treat|treats|is|can|may|combination|common|good|first|new"
    r"|commonly|widely|prescribed|available|generic|brand|name|form|version|type)\b",
    re.I,
)
ROUTE_WORDS = frozenset(
    {"injectable", "oral", "topical", "inhaled", "self-injected", "injected", "long-acting", "short-acting",
     "once-daily", "twice-daily", "extended-release", "liquid", "intravenous", "nasal", "new", "newer", "older"}
)
CLASS_STRIP = re.compile(
    r"^(?:(?:prescription|non-prescription|brand-name|generic)\s+"
    r"|(?:medicine|medication|drug)s? (?:known as|called|classified as)\s+(?:an?\s+)?)+",
    re.I,
)
PARENS = re.compile(r"\(([^()]*)\)")
# The register of FDA labels: "X is a CLASS indicated for ...".
CLASS_IN_SENTENCE = re.compile(
    r"\b(?:is|are)\s+(?:a|an)\s+(?P<c>[^.;:\[]{3,90}?)\s+(?:that is\s+|which is\s+)?indicated\b", re.I
)
# "NORVASC is a calcium channel blocker and may be used ...": the subject is the label's product (capitals).
CLASS_NOUN_SENTENCE = re.compile(
    r"^[A-Z][A-Z0-9\-]+(?:\s+[A-Z][A-Z0-9\-]+)?(?:®|\s+\([^)]*\))?\s+(?:is|are)\s+(?:a|an)\s+"
    r"(?P<c>[a-z][\w\-]*(?:\s+[\w\-]+){0,4}?\s+(?:blocker|inhibitor|antagonist|agonist|antibody|analog|agent))\b"
)


def find_drug_class(doc: Document, ctx: DrugContext, *, label: bool = False) -> Span | None:
    """The class the page states for its own drug ("is a prescription X medication"); ``label``: ``doc`` is
    an FDA label's indications, where the class is stated in the label's own register."""
    if label:
        return _indicated_class(doc)
    labelled = _labelled_class(doc)
    if labelled is not None:
        return labelled
    for sent in sentences(doc.blocks):
        if not (ctx.mentions_drug(sent.text) or PRONOUN_SUBJECT.match(sent.text) or PRONOUN_CLAUSE.search(sent.text)):
            continue
        if NEGATIVE_CUE.search(sent.text) or re.search(r"\b(?:not|never|unlike)\b", sent.text, re.I):
            continue
        for pattern in CLASS_PATTERNS:
            for m in pattern.finditer(sent.text):
                value, offset = _clean_class(m.group("c"))
                if value:
                    start = m.start("c") + offset
                    s, e = sent.span_of(start, start + len(value))
                    return Span(value, s, e, sent.text)
    return None


CLASS_LABEL = re.compile(r"^(?:drug|pharmacologic(?:al)?|therapeutic|medication)?\s*class(?:es)?\s*:?$", re.I)


def _labelled_class(doc: Document) -> Span | None:
    """A summary table's or fact box's "Drug class" row: the label, then the class on its own."""
    for label, value in zip(doc.blocks, doc.blocks[1:], strict=False):
        if label.kind != "heading" and value.kind != "heading" and CLASS_LABEL.match(label.text):
            cleaned, offset = _clean_class(value.text.split(";")[0])
            if cleaned:
                return Span(cleaned, value.start + offset, value.start + offset + len(cleaned), value.text)
    return None


# "DEMADEX (torsemide) is a loop diuretic", "MYSOLINE (primidone) is an anticonvulsant": a label's description.
DESCRIBED_AS = re.compile(
    r"^[A-Z][\w\-]*(?:\s+[\w\-]+){0,3}?(?:®|™)?(?:\s+\([^()]+\))?(?:\s+[a-z]+){0,2}\s+(?:is|are)\s+(?:a|an)\s+"
    r"(?P<c>[A-Za-z][\w\-]*(?:\s+[\w\-]+){0,5}?)(?=\s*(?:[.,;:(]|$|\s+(?:that|which|used|indicated|with|for|in|"
    r"supplied|available|and)\b))"
)


def described_class(doc: Document) -> Span | None:
    """A label's description stating what its product is, where the class vocabulary names the phrase
    ("a loop diuretic", "an anticonvulsant"); the rules find the sentence, the vocabulary decides it is a class."""
    for sent in sentences(doc.blocks):
        m = DESCRIBED_AS.match(sent.text)
        if m and pharmacologic_classes.ground(m.group("c")) is not None:
            s, e = sent.span_of(m.start("c"), m.end("c"))
            return Span(m.group("c"), s, e, sent.text)
    return None


def _indicated_class(doc: Document) -> Span | None:
    """"X is a CLASS indicated for …", as the label's indications state it; else "X is a CLASS and …"
    where CLASS ends in a class noun (blocker, inhibitor, …)."""
    sents = list(sentences(doc.blocks))
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


def _clean_class(raw: str) -> tuple[str | None, int]:
    """The class phrase as written, less "prescription" and a closing parenthetical, in the singular.

    It stays a prefix of the written text, so its evidence offsets hold."""
    stripped = CLASS_STRIP.sub("", raw)
    offset = len(raw) - len(stripped)
    closing = re.search(r"\(([^()]*)\)\s*$", stripped)
    if closing and len(closing.group(1).split()) >= 2 and re.search(r"\b[A-Z]{2,}", closing.group(1)):
        # "angiotensin-converting enzyme inhibitors (ACE inhibitors)": the common short name
        offset += closing.start(1)
        stripped = closing.group(1)
    value = re.sub(r"\s*\([^()]*\)\s*$", "", stripped.rstrip()).rstrip()
    value = re.sub(r"\s+(?:prescription|non-prescription)\b", "", value, flags=re.I)
    if (
        not value
        or set(value.lower().split()) <= ROUTE_WORDS
        or CLASS_REJECT.search(PARENS.sub("", value))
        or len(value.split()) > 6
        or _names_no_class(value)
        or _names_a_disease(value)
    ):
        return None, 0
    if value.endswith("s") and not value.endswith(("ss", "us", "is")) and not value.split()[-1].isupper():
        value = value[:-1]
    return value, offset


def _names_a_disease(value: str) -> bool:
    """"a diabetes medication", "a seizure medicine": the words name what it treats, not what it is."""
    grounding = mesh.ground(value)
    return grounding is not None and grounding.whole


def _names_no_class(value: str) -> bool:
    low = value.lower()
    hit = lexicon.resolve(value)
    return low in {"prescription", "medication", "medicine", "drug"} or hit is not None
