"""Approved uses as FDA labels state them in INDICATIONS AND USAGE.

Labels use a fixed register ("X is indicated for the treatment of Y", "indicated to reduce the risk of",
lead-ins ending in ":" over a list), so indications are read with rules for that register; trial
descriptions, limitations and "not indicated" sentences give nothing. The section to read is the page
object's choice; this module reads whatever blocks it is given.
"""

from __future__ import annotations

import re

from extract.analysis.condition_phrases import split_item
from extract.analysis.cues import NOT_INDICATED
from extract.analysis.indication_phrases import Found, conjuncts, object_conditions, phrase_end, split_commas
from extract.analysis.sentences import Sentence, sentences
from extract.document import Block, Document
from extract.records import Span, Use

INDICATED = re.compile(
    r"\b(?:is|are)\s+(?:also\s+)?indicated\b(?:\s+(?:for|to|in|as)\b)?|\bindicated\s+(?:for|to|in|as)\b"
    r"|\b(?:were|was|is|are)\s+(?:also\s+)?effective\s+(?:for|in)\s+(?=the\s+treatment\b)",
    re.I,
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
OPEN_END = re.compile(r"\b(?:and|or|with)\s*$", re.I)
BULLET_ONLY = re.compile(r"^\s*[●•▪◦‣∙·*\-–]\s*$")
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
# "(RA)": an abbreviation the label defines, so a condition restated by it counts once.
ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z]{1,6})\)")
# "1.1 Hypertension": a numbered subsection heading of the indications.
SUBSECTION = re.compile(r"^\d+\.\d+\s+(?P<cond>.+)$")
# Subsection titles that name a way of use, not a condition ("1.2 Combination Therapy").
GENERIC_SUBSECTION = re.compile(
    r"monotherapy|combination|limitation|important|general|adjunct|use in|patients?\b|therapy|population|dosage"
    r"|administration|\bage",
    re.I,
)


def find_indications(doc: Document) -> list[Use]:
    """Approved uses the indications in ``doc`` state, one row per condition, with those only a numbered
    subsection heading names."""
    blocks = [b for b in doc.blocks if not BULLET_ONLY.match(b.text)]
    bulleted = {id(b) for prev, b in zip(doc.blocks, doc.blocks[1:], strict=False) if BULLET_ONLY.match(prev.text)}
    found: list[Found] = []
    lead: str | None = None  # 'all' or 'first' (a composite "reduce the risk of:" list)
    taken_first = False
    entry_kind: str | None = None  # entries are list items or paragraphs, not a mix
    open_entry = False  # the last entry ended in "and"/"or": the next entries are its criteria
    for block in blocks:
        sub_lead = CATEGORY.match(block.text) or block.text.rstrip().endswith(":")
        if lead is not None and block.kind == "text" and sub_lead:
            continue  # "1. Endocrine Disorders", "As adjunctive therapy ... in:": the list goes on under it
        if block.kind == "heading" or (lead is not None and entry_kind not in (None, block.kind)):
            lead = None
        if block.kind == "heading":
            continue
        sents = list(sentences([block]))
        if lead is not None and sents:
            first = sents[0]
            item = block.kind == "item" or id(block) in bulleted  # "●" in a cell of its own, then the entry
            if _is_entry(first.text) or (item and not INDICATED.search(first.text)):
                if open_entry:  # "... in adult patients with elevated TG and" + "● diabetes mellitus": who
                    open_entry = bool(OPEN_END.search(first.text))
                    continue
                open_entry = bool(OPEN_END.search(first.text))
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
    return _with_subsection_uses(_dedupe(found, " ".join(b.text for b in blocks)), blocks)


def _is_entry(text: str) -> bool:
    """A list entry after a lead-in: a short phrase, not a sentence about the drug."""
    words = text.split()
    short = len(words) <= 14 or (len(words) <= 40 and CHAIN.search(text[:60]) is not None)
    return short and not INDICATED.search(text) and bool(re.search(r"[A-Za-z]{3}", text))


def _entry_uses(sent: Sentence) -> list[Found]:
    text = sent.text
    m = CHAIN.search(text)
    start = m.end() if m else len(text) - len(text.lstrip(" -–•●*0123456789."))
    risk = bool(m and RISK_CHAIN.match(m.group(0)))
    return object_conditions(sent, start, risk)


def _clause_uses(sent: Sentence, pos: int) -> list[Found]:
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
            out: list[Found] = []
            for a, z in split_commas(head):
                out += conjuncts(sent, population.end() + a, head[a:z])
            if out:
                return out
    end_of_clause = phrase_end(text, pos + 1)
    limit = len(text)
    pw = PATIENTS_WITH.search(text, pos)
    if pw and REDUCING.search(text[pos : pw.start()]):
        return object_conditions(sent, pw.end(), False)
    m = CHAIN.search(text, pos)
    if m and (end_of_clause is None or m.start() <= end_of_clause.start() or m.start() - pos < 60):
        return object_conditions(sent, m.end(), bool(RISK_CHAIN.match(m.group(0))))
    lead = LEAD_PREFIX.match(text[pos:limit])
    return object_conditions(sent, pos + (lead.end() if lead else 0), False)


def _dedupe(found: list[Found], section: str) -> list[Use]:
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
