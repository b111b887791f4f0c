"""Drugs the page drug is used together with ("in combination with methotrexate")."""

from __future__ import annotations

import re

from extract.analysis import lexicon
from extract.analysis.context import DrugContext
from extract.analysis.cues import COMBINATION_CUE, COMBINATION_NEGATIVE, INGREDIENT_CUE, LISTING_CUE, PRONOUN_SUBJECT
from extract.analysis.sentences import Sentence, sentences
from extract.document import Document
from extract.records import CoMedication, Span

EXAMPLE_BEFORE = re.compile(r"(?:\(|,)?\s*(?:such as|like|e\.g\.,?|for example,?|including)\s+$", re.I)
_CLASS_STOP = frozenset(
    {"including", "include", "with", "and", "or", "plus", "a", "an", "other", "another", "the", "such", "as", "of"}
)


# Harm said anywhere in the sentence ("... raises the risk of serotonin syndrome"); a benefit such as
# "reduces the risk of" after the partner does not make it an interaction.
COMBINATION_HARM = re.compile(
    r"\b(?:raises?|increases?|higher|greater) (?:the )?(?:risk|chance|levels?)|\b(?:can|may|could|might) cause"
    r"|dangerous|serious|should not|must not|never|avoid|interact|toxic",
    re.I,
)


def find_co_medications(doc: Document, ctx: DrugContext) -> list[CoMedication]:
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
            cue = COMBINATION_CUE.search(sent.text)
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


def _co_meds_in(
    text: str, base: int, evidence: str, ctx: DrugContext, out: list[CoMedication], seen: set[str]
) -> None:
    previous_end = None
    for m in lexicon.find_drug_mentions(text):
        # brands in parentheses right after a drug name it ("mycophenolate (CellCept®, Myfortic®)")
        if previous_end is not None and re.fullmatch(r"\s*\([^()]*", text[previous_end : m.start]):
            continue
        previous_end = m.end
        if ctx.is_self(m.generic) or m.generic in seen:
            continue
        seen.add(m.generic)
        # a generic as written stays ("divalproex"); a brand ("Imuran") becomes its generic
        name = lexicon.without_salt(m.surface.lower()) if m.surface[:1].islower() else m.generic
        span = Span(m.surface, base + m.start, base + m.end, evidence)
        out.append(CoMedication(name, _example_class(text[: m.start]), span))


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
