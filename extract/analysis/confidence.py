"""How far to trust one extracted use, from its evidence: so a user can pick a threshold.

Three things raise it: the vocabulary knows the condition (the whole phrase, or
at least its head), the sentence says so in so many words ("approved",
"indicated", "off-label"), and the page is of a site we have a page object
for. ``qa eval`` prints precision per band, so the figures mean what they say.
"""

from __future__ import annotations

import re

from extract.analysis.mesh import Grounding

EXPLICIT = {
    "approved": re.compile(r"\b(?:approved|approval|licensed|indicated|fda)\b", re.I),
    "off_label": re.compile(r"off[-\s]?label|unapproved|not (?:been )?(?:fda[- ])?approved|unlabell?ed", re.I),
}
BANDS = ((0.75, "high"), (0.5, "medium"), (0.0, "low"))  # lower bound, name


def use_confidence(use_type: str, evidence: str, grounding: Grounding | None, page_confidence: float) -> float:
    """0-1: vocabulary (up to 0.4), an explicit cue (0.25), the page object's trust in its site (up to 0.35)."""
    vocabulary = 0.0 if grounding is None else (0.4 if grounding.whole else 0.25)
    cue = 0.25 if EXPLICIT[use_type].search(evidence) else 0.05
    return round(min(1.0, vocabulary + cue + 0.35 * page_confidence / 0.9), 2)


def band(confidence: float | None) -> str:
    if confidence is None:
        return "none"
    return next(name for low, name in BANDS if confidence >= low)
