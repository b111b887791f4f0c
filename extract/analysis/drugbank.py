"""After any site's extractor: link names to DrugBank ids and normalize conditions.

Done once here so every site's records get the same keys.
"""

from __future__ import annotations

from extract.analysis import lexicon
from extract.analysis.conditions import normalize, parenthetical_after
from extract.records import PageRecord


def link(record: PageRecord) -> PageRecord:
    record.drugbank_id = lexicon.drugbank_id(record.drug)
    for use in record.uses:
        use.normalized = normalize(use.condition, parenthetical_after(record.text, use.span.end))
    for co in record.co_medications:
        co.drugbank_id = lexicon.drugbank_id(co.co_medication)
    return record
