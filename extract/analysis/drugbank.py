"""After any site's extractor: link drugs to DrugBank ids, conditions and classes to MeSH, so each has one key.

Done once here so every site's records get the same keys.
"""

from __future__ import annotations

import re

from extract.analysis import lexicon, mesh, pharmacologic_classes
from extract.analysis.conditions import normalize, parenthetical_after, singular
from extract.analysis.confidence import use_confidence
from extract.records import PageRecord, Use


def link(record: PageRecord) -> PageRecord:
    record.drugbank_id = lexicon.drugbank_id(record.drug)
    if record.drug_class is not None and (found := pharmacologic_classes.ground(record.drug_class.value)):
        record.drug_class_mesh_name, record.drug_class_mesh_id = found.name, found.mesh_id
    whole: set[int] = set()
    for use in record.uses:
        beside = parenthetical_after(record.text, use.span.end)
        found = [g for g in (mesh.ground(use.condition), mesh.ground(beside) if beside else None) if g is not None]
        grounding = next((g for g in found if g.whole), found[0] if found else None)
        use.normalized = normalize(use.condition, beside)
        if grounding is not None:
            d = grounding.descriptor
            use.mesh_id, use.mesh_name, use.mesh_tree = d.mesh_id, d.name, d.tree
            if grounding.whole:
                use.normalized = grounding.key
                whole.add(id(use))
        use.confidence = use_confidence(use.use_type, use.span.evidence, grounding, record.confidence)
    record.uses = one_row_per_condition(record.uses, whole)
    for co in record.co_medications:
        co.drugbank_id = lexicon.drugbank_id(co.co_medication)
        if co.drug_class is not None and (found := pharmacologic_classes.ground(co.drug_class)):
            co.class_mesh_name, co.class_mesh_id = found.name, found.mesh_id
    return record


def one_row_per_condition(uses: list[Use], whole: set[int]) -> list[Use]:
    """A page's rows of one use type that name one MeSH descriptor (or none) the same way are one condition, kept
    once (the first): "stable heart failure" after "heart failure" (one holds the other's words), "GERD" after
    "gastroesophageal reflux disease" (an abbreviation MeSH names whole). The dictionary files some kinds under
    their parent ("absence seizures" and "myoclonic seizures" are both Seizures), so two names that are merely
    both whole stay two, as do subtypes ("bipolar I disorder" beside "bipolar disorder")."""
    kept: list[Use] = []
    for use in uses:
        same = (k for k in kept if k.mesh_id == use.mesh_id and k.use_type == use.use_type)
        if not any(_one_name(k, use, whole) for k in same):
            kept.append(use)
    return kept


_ABBREVIATION = re.compile(r"^(?=(?:[a-z]*[A-Z]){2})[A-Za-z]{2,6}$")  # "GERD", "ADHD", "HoFH"
_RELATION = frozenset({"of", "with", "in", "associated", "due", "caused", "by", "from", "after", "and", "or", "to"})
_SUBTYPE = re.compile(r"^(?:i{1,3}|iv|v|[0-9]|type)$")


def _one_name(a: Use, b: Use, whole: set[int]) -> bool:
    abbreviation = _ABBREVIATION.match(a.condition) or _ABBREVIATION.match(b.condition)
    if a.mesh_id is not None and id(a) in whole and id(b) in whole and abbreviation:
        return True
    wa, wb = _words(a.condition), _words(b.condition)
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    # only modifiers added: "manic episodes associated with bipolar I disorder" is another condition than bipolar
    # I disorder, "heart attacks, strokes, and other heart problems" a list
    return small <= large and not any(_SUBTYPE.match(w) or w in _RELATION for w in large - small) and not (
        "," in a.condition or "," in b.condition)


def _words(phrase: str) -> set[str]:
    return {singular(w) for w in re.findall(r"[a-z0-9]+", phrase.lower())}
