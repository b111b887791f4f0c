"""A page drug's uses, approved and off-label, from its sentences, lists and headings."""

from __future__ import annotations

import re

from extract.analysis import cue_gates, lexicon
from extract.analysis.condition_phrases import clean_condition, condition_phrases, split_conditions, split_item
from extract.analysis.context import DrugContext
from extract.analysis.cues import COMBINATION_CUE, LISTING_CUE, NEGATIVE_CUE, PRONOUN_SUBJECT
from extract.analysis.grounded_uses import ground_uses
from extract.analysis.indications import find_indications
from extract.analysis.sentences import Sentence, sentences
from extract.document import Document
from extract.records import Span, Use

# Phrases that mark a use as off-label or as approved.
OFF_LABEL_CUE = re.compile(
    r"off[-\s]?label|unapproved|(?:not|n't) (?:been )?(?:officially |specifically )?(?:fda[- ])?approved"
    r"|outside (?:its|the) (?:labell?ed|approved|official)|beyond (?:its|the) label"
    r"|without (?:fda )?approval|may also be used (?:to|for)|is also sometimes used|sometimes (?:used|prescribed)",
    re.I,
)
APPROVED_CUE = re.compile(
    r"\b(?:approved|approvals?|licensed|indicated|fda-approved|prescribed?|recommended?)\b|\btaken (?:to|for)\b"
    r"|\bused (?:to|for|in)\b|\bis used\b|\btreats?\b|\buses? (?:of|for|include)\b"
    r"|\bcan (?:help )?(?:treat|prevent|control)\b"
    r"|\bhelps? (?:treat|prevent|control|relieve|lower|reduce)\b|\bgiven (?:to|for)\b"
    r"|\bto (?:treat|stop|prevent|control|manage)\b"
    r"|\bcan (?:use|take) (?:it|this (?:drug|medicine|medication)) for\b|\bapplied to\b",
    re.I,
)

# --- what makes a sentence, heading or table cell state a use ---

USE_HEADING = re.compile(
    r"\b(?:approved|uses?|indications?|indicated|treats?|treated|used for|what .* treats|prescribed)\b", re.I
)
# "Use 1: Benign prostatic hyperplasia (BPH)": a numbered use heading names its condition
NUMBERED_USE = re.compile(r"^(?:use|indication)\s*\d*\s*[:.\-–]\s*(?P<cond>.+)$", re.I)
# A table row or definition list read as blocks: "Spasticity due to MS" then "FDA-approved"
STATUS_CELL = re.compile(
    r"^(?P<kind>(?:fda[- ]?)?(?:approved|labell?ed)|on[- ]label|off[- ]label|unlabell?ed|unapproved"
    r"|not (?:fda[- ])?approved)\.?$",
    re.I,
)
# Sentences about the page itself ("This eMedTV article explains what it is used for").
META_SENTENCE = re.compile(
    r"\b(?:this|the|our) (?:[\w\-]+ ){0,2}(?:article|page|resource|presentation|section|overview|guide)"
    r" (?:describes|explains|covers|discusses|walks|will|looks|takes|offers|provides|lists|also)\b",
    re.I,
)
# "not approved for use in children": about who may take it, not a use
NOT_FOR_PEOPLE_SCOPE = re.compile(
    r"not (?:been |yet )?(?:fda[- ])?approved for .{0,80}\bin (?:children|kids|teens|adolescents|infants)\b", re.I
)
NOT_FOR_PEOPLE = re.compile(
    r"not (?:been |yet )?(?:fda[- ])?approved for (?:use )?(?:in|by) "
    r"(?:children|kids|adults|teens|people|women|anyone|infants)",
    re.I,
)
# "Alcohol withdrawal is a common off-label use of lorazepam."
NOT_APPROVED = re.compile(r"(?:not|n't) (?:been )?(?:officially |specifically )?(?:fda[- ])?approved", re.I)
USED_ANYWAY = re.compile(
    r"\b(?:but|yet|although|though|still|sometimes|often|however)\b|\b(?:used|prescribe|recommend)", re.I
)
EXPLICIT_APPROVAL = re.compile(r"\b(?:approved|approval|licensed|indicated|fda)\b", re.I)
ANAPHORA = re.compile(
    r"\b(?:for|treat|treating) (?:all|both|each)?\s*(?:\w+ )?(?:of )?(?:these|those|the above)"
    r" (?:conditions|diseases|disorders)",
    re.I,
)
SUBJECT_USE = re.compile(
    r"^(?P<cond>[A-Z][^,.;:]{2,80}?) (?:is|are) (?:also )?(?:a|an|another|one)?\s*(?:common|rare|frequent|possible"
    r"|standard|accepted|main|major|well-known)?\s*(?:other\s+)?(?P<kind>off-label|unapproved|approved|fda-approved|other)"
    r"\s+(?:uses?|indications?|reasons?)\b",
    re.I,
)
HEADING_USE = re.compile(
    r"^(?:using |use of )?(?P<drug>[\w\-®]+(?: [\w\-®]+)?) (?:for|after|in) (?:an? )?(?P<cond>[^:?]+?)(?::.*)?\??$",
    re.I,
)


def _sentence_use_type(sent: Sentence, off_label_section: bool) -> str | None:
    """'approved', 'off_label' or None; positive cues first, since most sentences have none."""
    text = sent.text
    if not (cue_gates.USE_OR_LISTING if off_label_section else cue_gates.USE).may_match(text):
        return None  # no word the cues below need: the patterns cannot match
    off_label = OFF_LABEL_CUE.search(text) if cue_gates.OFF_LABEL.may_match(text) else None
    if off_label and NOT_APPROVED.fullmatch(off_label.group(0)) and not USED_ANYWAY.search(text):
        return None  # "it is not approved to treat high blood pressure": no use at all
    if off_label:
        kind = "off_label"
    elif cue_gates.APPROVED.may_match(text) and APPROVED_CUE.search(text):
        kind = "off_label" if off_label_section else "approved"
    elif off_label_section and LISTING_CUE.search(text):
        kind = "off_label"  # "Examples include ..." under an off-label heading
    else:
        return None
    if NEGATIVE_CUE.search(text) or META_SENTENCE.search(text) or NOT_FOR_PEOPLE.search(text):
        return None
    if NOT_FOR_PEOPLE_SCOPE.search(text):
        return None
    return kind


def listed_conditions(text: str) -> list[tuple[str, int, int]]:
    """The comma list a sentence opens with ("In RA, PsA, AS, and UC, the immune system ...")."""
    m = re.match(r"\s*(?:in|for|with|like)\s+", text, re.I)
    start = m.end() if m else 0
    out: list[tuple[str, int, int]] = []
    pos = start
    for piece in re.finditer(r"[^,]+(?:\([^)]*\))?", text[start:]):
        raw = piece.group(0)
        words = re.sub(r"^\s*(?:and|or)\s+", "", raw).split()
        if not words or len(words) > 5:
            break
        found = split_conditions(text, start + piece.start(), start + piece.end())
        if not found:
            break
        out += found
        pos = start + piece.end()
    del pos
    return out if len(out) >= 2 else []


def _other_drug_subject(sent: Sentence, ctx: DrugContext) -> bool:
    """True when the sentence is about another drug ("Prednisone is used to treat ...")."""
    cue = APPROVED_CUE.search(sent.text) or OFF_LABEL_CUE.search(sent.text)
    head = sent.text[: cue.start()] if cue else sent.text
    if ctx.mentions_drug(head) or PRONOUN_SUBJECT.match(head.strip()):
        return False
    if any(not ctx.is_self(m.generic) for m in lexicon.find_drug_mentions(head)):
        return True
    # "Medicines that carry an approval for insomnia include zolpidem": only other drugs are named
    others = [m for m in lexicon.find_drug_mentions(sent.text) if not ctx.is_self(m.generic)]
    return (
        bool(others)
        and not ctx.mentions_drug(sent.text)
        and not re.search(r"\b(?:it|this (?:drug|medicine|medication))\b", sent.text, re.I)
    )


def find_uses(doc: Document, ctx: DrugContext, *, label: bool = False) -> list[Use]:
    """The drug's approved and off-label uses; ``label``: ``doc`` is the indications section of an FDA label,
    whose fixed register ("is indicated for the treatment of") states approved uses only."""
    if label:
        return ground_uses(find_indications(doc))
    uses: list[Use] = []
    seen: set[tuple[str, str]] = set()
    heading = ""
    off_label_section = False
    blocks = doc.blocks
    lead_type: str | None = None  # use type announced by a lead-in ending in ':'
    lead_sentence: Sentence | None = None
    lead_list: int | None = None

    def add(use_type: str, value: str, s: int, e: int, evidence: str) -> None:
        key = (use_type, value.lower())
        if key in seen:
            return
        seen.add(key)
        uses.append(Use(use_type, value, Span(value, s, e, evidence)))

    for block in blocks:
        if block.kind == "heading":
            heading = block.text
            off_label_section = bool(OFF_LABEL_CUE.search(heading))
            use_heading = "approved" if USE_HEADING.search(heading) else None
            lead_type = "off_label" if off_label_section else use_heading
            continue
        if block.kind == "item" and lead_type is not None and (lead_list in (None, block.list_id)):
            lead_list = block.list_id
            item = re.split(r"\s(?:--|[-–—])\s|:\s", block.text, maxsplit=1)[0]
            for value, s, e in split_item(item):
                add(lead_type, value, block.start + s, block.start + e, block.text)
            continue
        lead_type, lead_list = None, None
        previous: Sentence | None = None
        for sent in sentences([block]):
            before, previous = previous, sent
            if sent.text.startswith("(") and sent.text.rstrip(" .").endswith(")"):
                continue  # an aside in parentheses ("(Click X for more information.)")
            use_type = _sentence_use_type(sent, off_label_section)
            subject = SUBJECT_USE.match(sent.text)
            if subject and not NEGATIVE_CUE.search(subject.group(0)):
                kind = "approved" if subject.group("kind").lower() in ("approved", "fda-approved") else "off_label"
                if subject.group("kind").lower() == "other":
                    kind = "off_label" if off_label_section else "approved"
                found = split_conditions(sent.text, subject.start("cond"), subject.end("cond"))
                for value, s0, e0 in found:
                    start, end = sent.span_of(s0, e0)
                    add(kind, value, start, end, sent.text)
                if found:
                    continue
            if use_type is None or _other_drug_subject(sent, ctx):
                continue
            # a lead-in (ending in ':' or followed by a list) hands its type to the list's items
            lead_type, lead_sentence = use_type, sent
            if sent.text.rstrip().endswith(":"):
                continue
            combo = COMBINATION_CUE.search(sent.text)
            lo, hi = 0, len(sent.text)
            comma = sent.text.find(",", combo.end()) if combo else -1
            use_after = comma > 0 and (APPROVED_CUE.search(sent.text, comma) or OFF_LABEL_CUE.search(sent.text, comma))
            cue_after = combo and (APPROVED_CUE.search(sent.text, combo.end()) or
                                   OFF_LABEL_CUE.search(sent.text, combo.end()))
            if combo and use_after:
                lo = comma + 1  # "When X is combined with Y, the pair is approved for ..."
            elif cue_after:
                lo = cue_after.start()  # "used alone or together with other medicines to treat X": X is the use
            elif combo:
                hi = combo.start()
            for value, s, e in condition_phrases(sent.text[lo:hi]):
                start, end = sent.span_of(lo + s, lo + e)
                add(use_type, value, start, end, sent.text)
            if before is not None and ANAPHORA.search(sent.text):
                # "approved for all four of these conditions": the conditions the previous sentence listed
                for value, s, e in listed_conditions(before.text):
                    start, end = before.span_of(s, e)
                    add(use_type, value, start, end, before.text)
        if lead_type is None and off_label_section and block.kind == "text":
            lead_type = "off_label"
    del lead_sentence
    for use in uses_from_headings(doc, ctx):
        words = set(use.condition.lower().split())
        explicit = STATUS_CELL.match(doc.text[use.span.end : use.span.end + 40].strip().split("\n")[-1] or "")
        if not explicit and any(words <= set(u.condition.lower().split()) for u in uses):
            continue
        uses.append(use)
    return ground_uses(_drop_fragments(_explicit_wins(uses)))


def _explicit_wins(uses: list[Use]) -> list[Use]:
    """A condition the page calls off-label is not also approved on an implicit reading
    ("When it is used for X, ..." without "approved", "indicated" or "licensed")."""
    off = {u.condition.lower() for u in uses if u.use_type == "off_label"}
    return [u for u in uses if not (u.use_type == "approved" and u.condition.lower() in off
                                    and not EXPLICIT_APPROVAL.search(u.span.evidence))]


def uses_from_headings(doc: Document, ctx: DrugContext) -> list[Use]:
    """Section headings such as "Using Tacrolimus for Transplant Rejection" name an (approved) use."""
    out: list[Use] = []
    previous = None
    for block in doc.blocks:
        status = STATUS_CELL.match(block.text)
        if status and previous is not None and previous.kind != "heading" and len(previous.text.split()) <= 10:
            kind = "off_label" if re.match(r"off|un|not", status.group("kind"), re.I) else "approved"
            for value, s, e in split_item(previous.text):
                out.append(Use(kind, value, Span(value, previous.start + s, previous.start + e, previous.text)))
        previous = block
        numbered = NUMBERED_USE.match(block.text) if block.kind == "heading" else None
        if numbered:
            for value, s, e in split_item(numbered.group("cond")):
                start = block.start + numbered.start("cond") + s
                out.append(Use("approved", value, Span(value, start, start + (e - s), block.text)))
            continue
        if block.kind == "heading" and block.level == 1:
            continue  # the page title names the topic, not necessarily an approved use
        m = HEADING_USE.match(block.text) if block.kind == "heading" else None
        if not m or not ctx.mentions_drug(m.group("drug")) or OFF_LABEL_CUE.search(block.text):
            continue
        cleaned = clean_condition(m.group("cond"))
        if cleaned:
            value, off = cleaned
            start = block.start + m.start("cond") + off
            out.append(Use("approved", value, Span(value, start, start + len(value), block.text)))
    return out


def _drop_fragments(uses: list[Use]) -> list[Use]:
    """Drop a condition that is only the tail of another of the same type ("rejection")."""
    kept = []
    for use in uses:
        low = use.condition.lower()
        if " " not in low and any(
            o is not use and o.use_type == use.use_type and o.condition.lower().endswith(" " + low)
            for o in uses
        ):
            continue
        kept.append(use)
    return kept
