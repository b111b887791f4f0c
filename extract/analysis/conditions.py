"""Condition names in one normal form, so the same condition from any page gets one key.

Lower case, singular, and the standard name where the page gives an
abbreviation or a lay term beside it ("high blood pressure (hypertension)").
"""

from __future__ import annotations

import re

# Endings of medical terms: between a lay term and a medical one, keep the medical one.
_MEDICAL = re.compile(r"(?:itis|osis|emia|aemia|pathy|tension|algia|oma|ectomy|plasia|trophy|penia|uria|ism)\b")
_KEEP_S = ("ss", "us", "is", "tes", "pes", "sis", "ies", "ics", "xis")


def singular(phrase: str) -> str:
    words = phrase.split()
    last = words[-1] if words else ""
    if last.endswith(("shes", "ches", "xes", "sses")) and not last.endswith("aches"):
        words[-1] = last[:-2]
    elif last.endswith("s") and not last.endswith(_KEEP_S) and len(last) > 3:
        words[-1] = last[:-1]
    return " ".join(words)


def normalize(condition: str, beside: str | None = None) -> str:
    """``beside`` is a parenthetical the page puts right after the condition, if any."""
    name = condition
    if beside:
        alt = beside.strip()
        if not alt.isupper() and len(alt) > 3 and _MEDICAL.search(alt.lower()) and not _MEDICAL.search(name.lower()):
            name = alt
    name = name.replace("’", "'").lower()
    name = re.sub(r"\s+", " ", name).strip(" .,;:")
    return singular(name)


def parenthetical_after(text: str, end: int) -> str | None:
    """The "(...)" right after offset ``end`` in ``text``."""
    m = re.match(r"\s*\(([^()]{1,80})\)", text[end:])
    return m.group(1) if m else None
