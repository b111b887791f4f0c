"""Drugs the page drug is used together with ("in combination with methotrexate")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from extract.analysis import cue_gates, lexicon, pharmacologic_classes
from extract.analysis.class_mentions import ClassMention, find_class_mentions
from extract.analysis.context import DrugContext
from extract.analysis.cues import COMBINATION_CUE, INGREDIENT_CUE, LISTING_CUE, NOT_INDICATED, PRONOUN_SUBJECT
from extract.analysis.sentences import Sentence, sentences
from extract.document import Document
from extract.records import CoMedication, Span

EXAMPLE_BEFORE = re.compile(r"(?:\(|,)?\s*(?:such as|like|e\.g\.,?|for example,?|including)\s+$", re.I)
_CLASS_STOP = frozenset(
    {"including", "include", "with", "and", "or", "plus", "a", "an", "other", "another", "the", "such", "as", "of"}
)


# Words that make a combination a warning, not a use ("should not be combined with").
COMBINATION_NEGATIVE = re.compile(
    r"interact|should not|shouldn't|do not|don't|must not|never|avoid|not be (?:taken|used|combined|given)"
    r"|dangerous|serious|risk|side effect|instead of|rather than|unless|warn|caution|careful|contraindicat"
    r"|tell your|let your|before (?:taking|using|starting)",
    re.I,
)
# Harm said anywhere in the sentence ("... raises the risk of serotonin syndrome"); a benefit such as
# "reduces the risk of" after the partner does not make it an interaction.
COMBINATION_HARM = re.compile(
    r"\b(?:raises?|increases?|higher|greater) (?:the )?(?:risk|chance|levels?)|\b(?:can|may|could|might) cause"
    r"|dangerous|serious|should not|must not|never|avoid|interact|toxic",
    re.I,
)

# The register of FDA labels: a combination counts where the indication recommends it.
LABEL_COMBINATION = re.compile(
    r"\b(?:in combination with|in conjunction with|adjunct(?:ive)?(?:\s+therapy)?\s+(?:to|with)|as an adjunct to"
    r"|add-on (?:to|therapy)|added to|be added|in addition to|co-?administered with|concomitantly with"
    r"|regimen (?:consisting of|containing|of|with)|together with|alone or with|with other)\b",
    re.I,
)
# Classes the dictionary lacks ("corticosteroids"), named as such in a label.
CLASS_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, lexicon.DRUG_CLASS_WORDS), key=len, reverse=True)) + r")\b", re.I
)
# "reduce total-C, LDL-C, apo B, and TG levels": analytes measured, not drugs given
LAB_VALUE = re.compile(r"[^.;]{0,40}?\b(?:levels?|concentrations?)\b")
# Label wording that puts the combination in the indication itself ("may be used ... in combination with").
RECOMMENDATION = re.compile(
    r"\bindicated\b|\brecommend(?:ed|s)?\b|\b(?:may|can) be (?:used|administered|given|taken)\b"
    r"|\bshould be (?:administered|given|used|taken)\b",
    re.I,
)
# A trial described, or a combination refused: no recommendation.
STUDY = re.compile(r"\b(?:stud(?:y|ies)|trials?|randomi[sz]ed|compared|enrolled|placebo|efficacy)\b", re.I)
REFUSAL = re.compile(r"\bnot\s+(?:be\s+)?(?:used|indicated|recommended|given|administered|combined)\b|\bshould not\b"
                     r"|\bdo not (?:use|take|give|administer|co-?administer|combine|start)\b|\bcontraindicated\b"
                     r"|\bavoid\b", re.I)
CROSS_REFERENCE = re.compile(r"\[\s*see\b[^\]]*\]", re.I)
# Body substances a label measures, which the dictionary lists as classes ("apolipoproteins B").
ANALYTE = re.compile(r"lipoprotein|cholesterol|triglyceride|glucose|hemoglobin|albumin|creatinine", re.I)


def find_co_medications(doc: Document, ctx: DrugContext, *, label: bool = False) -> list[CoMedication]:
    """Drugs the page drug is given with; ``label``: ``doc`` is an FDA label's indications, where only a
    combination the indication itself recommends counts."""
    if label:
        return _label_co_medications(doc, ctx)
    out: list[CoMedication] = []
    seen: set[str] = set()
    pending: Sentence | None = None
    pending_list: int | None = None
    for block in doc.blocks:
        if block.kind == "item" and pending is not None and pending_list in (None, block.list_id):
            pending_list = block.list_id
            _co_meds_in(block.text, block.start, block.text, ctx, out, seen)
            continue
        pending, pending_list = None, None
        if block.kind == "heading":
            continue
        follow_up = False  # a cue that named no drug: the next sentence's list names them
        for sent in sentences([block]):
            cue = COMBINATION_CUE.search(sent.text) if cue_gates.COMBINATION.may_match(sent.text) else None
            if follow_up and not cue and LISTING_CUE.search(sent.text) and not COMBINATION_NEGATIVE.search(sent.text):
                _co_meds_in(sent.text, sent.start, sent.text, ctx, out, seen)
            follow_up = False
            if not cue or INGREDIENT_CUE.search(sent.text):
                continue
            partners = lexicon.find_drug_mentions(sent.text[cue.end() :])
            reach = cue.end() + (partners[0].end if partners else len(sent.text))
            if COMBINATION_NEGATIVE.search(sent.text[:reach]) or COMBINATION_HARM.search(sent.text):
                continue  # "should not be combined with X", "combining it with X raises the risk of ..."
            before = len(out)
            head, tail = sent.text[: cue.start()], sent.text[cue.end() :]
            head_is_self = ctx.mentions_drug(head) or PRONOUN_SUBJECT.search(head.strip()) or not head.strip()
            tail_drugs = lexicon.find_drug_mentions(tail)
            if not head_is_self and tail_drugs and ctx.is_self(tail_drugs[0].generic):
                # "people continue taking methotrexate together with Enbrel": the partner is before the cue
                _co_meds_in(head, sent.start, sent.text, ctx, out, seen)
            elif head_is_self or not any(not ctx.is_self(m.generic) for m in lexicon.find_drug_mentions(head)):
                # "X is used in combination with Y": X must be this page's drug
                _co_meds_in(tail, sent.start + cue.end(), sent.text, ctx, out, seen)
            follow_up = len(out) == before
            if sent.text.rstrip().endswith(":"):
                pending = sent
    return out


def _label_co_medications(doc: Document, ctx: DrugContext) -> list[CoMedication]:
    """Drugs the indications say the drug is given with ("in combination with", "adjunct to", a regimen)."""
    out: list[CoMedication] = []
    seen: set[str] = set()
    for sent in sentences(doc.blocks):
        text = sent.text
        cue = LABEL_COMBINATION.search(text)
        if not cue or not (RECOMMENDATION.search(text) or sent.block.kind == "item"):
            continue  # an item of the indications' list states an indication as its lead-in does
        said = CROSS_REFERENCE.sub("", text)  # "[see Clinical Studies (14.1)]" points elsewhere; it describes no trial
        if STUDY.search(said) or REFUSAL.search(said) or NOT_INDICATED.search(said):
            continue
        # classes after the cue only: "X, an ACE inhibitor, is indicated with ..." names the drug's own class
        named = [c for c in find_class_mentions(text, singular=True) if c.start >= cue.start()]
        for m in lexicon.find_drug_mentions(text, classes=True):
            if m.is_class and any(c.start <= m.start and m.end <= c.end and (c.start, c.end) != (m.start, m.end)
                                  for c in named):
                continue  # "anti-rheumatic drugs" inside "disease-modifying anti-rheumatic drugs": the longer name
            if _in_example_parens(text, m.start) or LAB_VALUE.match(text, m.end) or NEGATED_MODIFIER.search(
                    text, 0, m.start):
                continue  # "non-biologic DMARDs": "biologic" says which DMARDs, it is no partner of its own
            is_class = m.is_class or pharmacologic_classes.ground(m.surface) is not None  # "a thiazolidinedione"
            if is_class and (_names_a_drug_after(text, m.end) or _abbreviation_after(text, m.start, named)):
                continue  # "the muscarinic antagonist solifenacin": the drug; "... drugs (DMARDs)": one partner
            if is_class and m.start < cue.start():
                continue  # "X, an ACE inhibitor, is indicated with ...": the drug's own class
            name = m.surface.lower() if is_class else m.generic
            if name in seen or m.generic in ctx.names or m.surface.lower() in ctx.names:
                continue
            if ANALYTE.search(m.generic):
                continue
            seen.add(name)
            s, e = sent.span_of(m.start, m.end)
            out.append(CoMedication(name, name if is_class else None, Span(m.surface, s, e, text)))
        found = [(m.group(0), m.start(), m.end()) for m in CLASS_WORD.finditer(text, cue.start())]  # not in the
        # dictionary; like the vocabulary's classes below, only after the cue ("X, an ACE inhibitor, ...": itself)
        found += [(c.surface, c.start, c.end) for c in named]  # and those the class vocabulary names
        def usable(surface: str, start: int, end: int) -> bool:
            return (surface.lower() not in seen and not _in_example_parens(text, start)  # noqa: B023 - used at once
                    and not _names_a_drug_after(text, end) and not NEGATED_MODIFIER.search(text, 0, start))  # noqa: B023

        for surface, start, end in _longest_first(found, usable):
            name = surface.lower()
            seen.add(name)
            s, e = sent.span_of(start, end)
            out.append(CoMedication(name, name, Span(surface, s, e, text)))
    return out


NEGATED_MODIFIER = re.compile(r"\bnon-$", re.I)


def _names_a_drug_after(text: str, end: int) -> bool:
    """A class word set before a drug's name as its appositive: "the muscarinic antagonist solifenacin"."""
    m = re.match(r"\s+([A-Za-z][\w\-]+)", text[end:])
    return m is not None and any(not d.is_class for d in lexicon.find_drug_mentions(m.group(1)))


def _abbreviation_after(text: str, start: int, named: list[ClassMention]) -> bool:
    """"(DMARDs)" right after "disease-modifying anti-rheumatic drugs": the partner's abbreviation, not another."""
    before = text[:start].rstrip()
    return before.endswith("(") and any(c.end == len(before[:-1].rstrip()) for c in named)


def _in_example_parens(text: str, at: int) -> bool:
    """Inside "(e.g., RIFATER® …)": a product named as an example, not a co-medication."""
    open_at = text.rfind("(", 0, at)
    return open_at >= 0 and text.rfind(")", open_at, at) < 0 and bool(
        re.match(r"\(\s*(?:e\.g\.|for example|such as)", text[open_at:])
    )


def _co_meds_in(
    text: str, base: int, evidence: str, ctx: DrugContext, out: list[CoMedication], seen: set[str]
) -> None:
    previous_end, previous_class = None, None
    mentions = lexicon.find_drug_mentions(text)
    for m in mentions:
        # brands in parentheses right after a drug name it ("mycophenolate (CellCept®, Myfortic®)")
        if previous_end is not None and re.fullmatch(r"\s*\([^()]*", text[previous_end : m.start]):
            continue
        gap = text[previous_end : m.start] if previous_end is not None else None
        previous_end = m.end
        # every member of "a corticosteroid such as prednisone, methylprednisolone or dexamethasone" is one
        drug_class = _example_class(text[: m.start]) or (previous_class if gap is not None and LIST_GAP.fullmatch(gap)
                                                         else None)
        previous_class = drug_class
        if ctx.is_self(m.generic) or m.generic in seen:
            continue
        seen.add(m.generic)
        # a generic as written stays ("divalproex"); a brand ("Imuran") becomes its generic
        name = lexicon.without_salt(m.surface.lower()) if m.surface[:1].islower() else m.generic
        span = Span(m.surface, base + m.start, base + m.end, evidence)
        out.append(CoMedication(name, drug_class, span))
    reach = text[:CLASS_REACH]
    classes = [(m.group(0), m.start(), m.end()) for m in CLASS_WORD.finditer(reach)]
    classes += [(c.surface, c.start, c.end) for c in find_class_mentions(reach)]  # as the class vocabulary names them
    def usable(surface: str, start: int, end: int) -> bool:
        if surface.lower() in seen or EXAMPLE_AFTER.match(text, end) or ctx.mentions_drug(surface):
            return False  # "a corticosteroid such as prednisone": the examples are the partners, the class theirs
        # "a diuretic (hydrochlorothiazide)", "hydrochlorothiazide, a diuretic": the class says what it is
        return not any(d.start < end and start < d.end or -40 < start - d.end < 40 or -40 < d.start - end < 40
                       for d in mentions)

    for surface, start, end in _longest_first(classes, usable):  # the partner a class: "added to an ACE inhibitor"
        name = surface.lower()
        seen.add(name)
        out.append(CoMedication(name, name, Span(surface, base + start, base + end, evidence)))


def _longest_first(found: list[tuple[str, int, int]],
                   usable: Callable[[str, int, int], bool]) -> Iterator[tuple[str, int, int]]:
    """Class names (surface, start, end) in text order, longest first where they start together, each one
    ``usable`` says may be a partner and that overlaps none yielded before ("disease-modifying anti-rheumatic
    drugs" over "anti-rheumatic drugs"). Lazy, so the caller's bookkeeping of one name counts for the next."""
    kept: list[tuple[int, int]] = []
    for surface, start, end in sorted(found, key=lambda f: (f[1], -f[2])):
        if usable(surface, start, end) and not any(a < end and start < b for a, b in kept):
            kept.append((start, end))
            yield surface, start, end


CLASS_REACH = 60  # a partner class follows the combination cue closely; one further on is about something else
EXAMPLE_AFTER = re.compile(r"\s*(?:,\s*|\()?\s*(?:such as|like|e\.g\.|for example|including|namely)\b", re.I)
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or|and/or)\s*", re.I)  # between members of one list


def _example_class(before: str) -> str | None:
    """The class a drug is given as an example of: "a corticosteroid (such as prednisone)"."""
    ex = EXAMPLE_BEFORE.search(before)
    if not ex:
        return None
    words: list[str] = []
    for word in reversed(re.split(r"\s+", before[: ex.start()].strip())):
        if not word or word.lower() in _CLASS_STOP or not word[-1].isalpha() or len(words) == 3:
            break
        words.insert(0, word.lower())
    if not words or all(w.rstrip("s") in ("medication", "medicine", "drug", "treatment", "other") for w in words):
        return None
    return " ".join(words)
