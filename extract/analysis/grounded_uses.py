"""The disease vocabulary's say on use rows: where one condition ends and the next begins, and what is no
condition at all.

The use rules decide whether a sentence or list item states a use and roughly where its object lies; the
vocabulary (MeSH, ``extract.analysis.mesh``) then decides what the object is:
- "myocardial infarction and stroke": two diseases MeSH knows whole, joined, and no disease by the joint name,
  are two conditions ("nausea and vomiting", one descriptor, stays one);
- "acute and chronic pain": a modifier shared out over one disease name is two conditions when MeSH knows both
  readings whole ("seasonal and perennial allergic rhinitis" stays one: MeSH has no perennial allergic rhinitis);
- "wakefulness", "an adjunct", "serotonin-2 receptors": a phrase that names no disease and ends in a word no
  disease name in MeSH uses is not a condition, whatever cue led to it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extract.analysis import mesh
from extract.records import Span, Use

# Uses that are no disease and that MeSH's disease names do not end in, kept although ungrounded: states a drug
# brings about, and procedures whose need or complications a drug reduces ("revascularization procedures").
NON_DISEASE_USES = frozenset({
    "sedation", "anesthesia", "anaesthesia", "contraception", "prophylaxis",
    "procedure", "procedures", "replacement", "surgery", "revascularization", "transplantation", "transplants",
    # conditions whose kind heads too few names of the disease dictionary to count as a head word there
    "withdrawal", "rejection", "gambling",
})
# An abbreviation as the last word ("recent MI", "non-ST-elevation ACS"): the rules' reading stands.
_ABBREVIATION = re.compile(r"(?:^|\s)(?=[\w\-]*[A-Z][\w\-]*[A-Z])[\w\-]{2,8}\W*$")  # "MI", "ACS", "heFH"
_JOINT = re.compile(r"\s*,\s*(?:and|or)\s+|\s+(?:and|or|and/or)\s+")
_PAREN_END = re.compile(r"\s*\([^()]*\)\s*$")


def _whole(phrase: str) -> bool:
    """MeSH names the phrase whole (a closing abbreviation in parentheses aside: "hypertrophy (LVH)")."""
    found = mesh.ground(_PAREN_END.sub("", phrase))
    return found is not None and found.whole


def is_condition(phrase: str) -> bool:
    """A phrase the vocabulary accepts as naming a condition (grounded, or its head a word of disease names:
    the last word, or the one before "of" in "complications of valve replacement")."""
    head = re.split(r"\s(?:of|in|from|after|following)\s", phrase, maxsplit=1)[0]
    if mesh.ground(phrase) is not None or mesh.head_is_disease_word(phrase) or mesh.head_is_disease_word(head):
        return True
    last = phrase.split()[-1].lower().strip(".,;:()") if phrase.split() else ""
    return last in NON_DISEASE_USES or bool(_ABBREVIATION.search(phrase))


def _parts(use: Use) -> list[Use] | None:
    """The conditions a joined phrase holds, where the vocabulary names each whole and not the whole phrase."""
    text = use.condition
    joints = [m for m in _JOINT.finditer(text) if text.count("(", 0, m.start()) == text.count(")", 0, m.start())]
    if len(joints) != 1 or _whole(text) or _whole(text.replace("and/or", "and")) or use.span.value != text:
        return None
    joint = joints[0]
    left, right = text[: joint.start()], text[joint.end() :]
    if _whole(left) and _whole(right) and _two(left, right):
        return [_sub(use, 0, len(left)), _sub(use, joint.end(), len(text))]
    words = right.split()
    if len(left.split()) == 1 and len(words) >= 2 and not _whole(left):
        # "acute and chronic pain": one word each on one disease name, when MeSH names both readings whole
        shared = f"{left} {' '.join(words[1:])}"
        if _whole(shared) and _whole(right):
            return [replace(use, condition=shared), _sub(use, joint.end(), len(text))]
    return None


def _two(left: str, right: str) -> bool:
    """The two sides are not one descriptor under two names ("nausea and vomiting")."""
    a, b = mesh.ground(_PAREN_END.sub("", left)), mesh.ground(_PAREN_END.sub("", right))
    return a is None or b is None or a.descriptor.mesh_id != b.descriptor.mesh_id


def _sub(use: Use, start: int, end: int) -> Use:
    value = use.condition[start:end]
    span = Span(value, use.span.start + start, use.span.start + end, use.span.evidence)
    return replace(use, condition=value, span=span)


def ground_uses(uses: list[Use]) -> list[Use]:
    """Use rows split where the vocabulary sees two conditions, without those that name no condition."""
    out: list[Use] = []
    seen: set[tuple[str, str]] = set()
    for use in uses:
        for part in _parts(use) or [use]:
            key = (part.use_type, part.condition.lower())
            if key not in seen and is_condition(part.condition):
                seen.add(key)
                out.append(part)
    return out
