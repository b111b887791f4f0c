"""Text analysis shared by every site: brands, class, uses, co-medications.

Rules read meaning cues of ordinary drug-information English ("approved to",
"off-label", "in combination with") and sentence structure, never the
wording of one site, so they carry over to pages nobody has seen. Site page
objects decide *which* text to analyse; this module decides *what it says*.

The rules live in small modules: ``cues`` (phrases several modules read),
``context`` (DrugContext), ``brands``, ``drug_class``, ``condition_phrases``,
``uses`` and ``comedications``; ``indications`` and ``indication_phrases``
read the fixed register of FDA labels ("is indicated for the treatment of"),
which ``find_uses``, ``find_drug_class`` and ``find_co_medications`` apply
when called with ``label=True``. This module re-exports what the site
extractors use.
"""

from __future__ import annotations

from extract.analysis.brands import find_brands
from extract.analysis.comedications import find_co_medications
from extract.analysis.context import DrugContext
from extract.analysis.drug_class import find_drug_class
from extract.analysis.uses import find_uses

__all__ = ["DrugContext", "find_brands", "find_co_medications", "find_drug_class", "find_uses"]
