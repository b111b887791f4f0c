"""Drug classes named in running text ("other antihypertensive agents", "lipid-lowering treatments"), found by
the class vocabulary rather than a fixed word list: where a co-medication is a class, not one drug."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.analysis import pharmacologic_classes

# Words a class name ends in, in the plural a partner class is named in ("added to diuretics").
_HEAD = re.compile(
    r"\b(?:agents|drugs|medications|medicines|therapies|treatments|inhibitors|blockers|antagonists|agonists"
    r"|diuretics|statins|sulfonylureas|corticosteroids|steroids|antibiotics|antidepressants|antipsychotics"
    r"|immunosuppressants|nsaids|dmards|biologics|insulins?|anticoagulants|bronchodilators|antihistamines"
    r"|anticonvulsants|benzodiazepines|opioids|thiazolidinediones|glucocorticoids|vasodilators|nitrates)\b",
    re.I,
)
# A class named by what it does ("lipid-lowering treatments", "antianginal drugs"), where MeSH has no name.
_BY_EFFECT = re.compile(r"^(?:[a-z]+-(?:lowering|reducing)|anti-?[a-z]{4,})\s+"
                        r"(?:agents|drugs|medications|medicines|therapies|treatments)$", re.I)
_LEAD = re.compile(r"^(?:other|oral|standard|conventional|concomitant|existing|current|usual)\s+", re.I)
_WORD = re.compile(r"[\w\-]+")


@dataclass(frozen=True, slots=True)
class ClassMention:
    surface: str  # as written, without a lead word such as "other"
    start: int
    end: int
    mesh: pharmacologic_classes.PharmacologicClass | None  # None for a class named by its effect


def find_class_mentions(text: str) -> list[ClassMention]:
    """Class names ending at a class head word, the longest that the class vocabulary names whole (or that names
    a class by its effect), with offsets in ``text``."""
    out: list[ClassMention] = []
    taken = 0
    for head in _HEAD.finditer(text):
        words = [m for m in _WORD.finditer(text, max(taken, head.start() - 80), head.end())]
        for k in range(min(4, len(words)), 0, -1):
            first = words[-k]
            surface = text[first.start() : head.end()]
            lead = _LEAD.match(surface)
            if lead:
                continue  # the shorter name without "other" is tried next
            found = pharmacologic_classes.ground(surface)
            if found is not None or _BY_EFFECT.match(surface):
                out.append(ClassMention(surface, first.start(), head.end(), found))
                taken = head.end()
                break
    return out
