"""After any site's extractor: link drugs to DrugBank ids, conditions and classes to MeSH, so each has one key.

Done once here so every site's records get the same keys.
"""

from __future__ import annotations

from extract.analysis import lexicon, mesh, pharmacologic_classes
from extract.analysis.conditions import normalize, parenthetical_after
from extract.analysis.confidence import use_confidence
from extract.records import PageRecord


def link(record: PageRecord) -> PageRecord:
    record.drugbank_id = lexicon.drugbank_id(record.drug)
    if record.drug_class is not None and (found := pharmacologic_classes.ground(record.drug_class.value)):
        record.drug_class_mesh_name, record.drug_class_mesh_id = found.name, found.mesh_id
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
        use.confidence = use_confidence(use.use_type, use.span.evidence, grounding, record.confidence)
    for co in record.co_medications:
        co.drugbank_id = lexicon.drugbank_id(co.co_medication)
        if co.drug_class is not None and (found := pharmacologic_classes.ground(co.drug_class)):
            co.class_mesh_name, co.class_mesh_id = found.name, found.mesh_id
    return record
