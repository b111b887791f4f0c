"""Keyword gates in front of the cue patterns: most sentences hold no cue, and a substring test rules them out
in C far faster than a case-insensitive pattern of many alternatives scanning every position.

A gate lists lower-case substrings, one of which every match of its pattern contains; a sentence holding none
of them cannot match, so the pattern is not run. The gate never decides for text beyond ASCII: under
``re.I`` some other letters match ASCII ones ("ſ" matches "s", "ı" matches "i") without ``str.lower``
turning them into those letters, so such text always goes to the pattern. A gate changes no result, only
which sentences pay for the pattern (``tests/extract/test_cue_gates.py`` checks each against its pattern).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Gate:
    """Substrings (lower case) of which every match of one cue pattern holds at least one."""

    words: tuple[str, ...]

    def may_match(self, text: str) -> bool:
        """False only when no match of the gated pattern can be in ``text``."""
        if not text.isascii():
            return True
        low = text.lower()
        return any(w in low for w in self.words)


# uses.OFF_LABEL_CUE: "off-label" and "beyond the label", "(un/not) approved", "outside its labelled",
# "without approval", "may also be used", "(is also) sometimes used / prescribed".
OFF_LABEL = Gate(("label", "approved", "outside", "without", "also be used", "sometimes used", "sometimes prescribed"))
# uses.APPROVED_CUE, alternative by alternative: approved/licensed/indicated/prescribed/recommended; taken to/for;
# used to/for/in, is used; treats; uses of/for/include; can (help) treat/prevent/control; helps
# treat/prevent/control/relieve/lower/reduce; given to/for; to treat/stop/prevent/control/manage; can use/take
# it for; applied to.
APPROVED = Gate((
    "approv", "licensed", "indicated", "prescribe", "recommend", "taken to", "taken for", "used ", "is used", "treat",
    "use of", "uses of", "use for", "uses for", "use include", "uses include", "can use", "can take", "given to",
    "given for", "to stop", "to manage", "applied to",
    *(f"{lead} {verb}" for lead in ("can", "help", "helps", "to") for verb in ("prevent", "control")),
    *(f"{lead} {verb}" for lead in ("help", "helps") for verb in ("relieve", "lower", "reduce")),
))
# Either use cue (what ``uses._sentence_use_type`` needs outside an off-label section).
USE = Gate(OFF_LABEL.words + APPROVED.words)
# cues.COMBINATION_CUE: combination/combined/combines/combining, ... with, added/add-on/addition/adds,
# adjunct(ive), alongside, also given / also prescribed.
COMBINATION = Gate(("combin", "with", "add", "adjunct", "alongside", "also "))
# brands._MAY_NAME_BRANDS beyond its marks (® and ™ are not ASCII, so the gate lets them through).
BRAND_WORDS = Gate(("(", "brand", "sold", "marketed"))
