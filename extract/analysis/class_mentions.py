"""Drug classes named in running text ("other antihypertensive agents", "lipid-lowering treatments"), found by
the class vocabulary rather than a fixed word list: where a co-medication is a class, not one drug."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.analysis import pharmacologic_classes

# Words a class name ends in, in the plural a partner class is named in ("added to diuretics").
_PLURAL_HEADS = (
    r"agents|drugs|medications|medicines|therapies|treatments|inhibitors|blockers|antagonists|agonists|diuretics"
    r"|statins|sulfonylureas|corticosteroids|steroids|antibiotics|antidepressants|antipsychotics|immunosuppressants"
    r"|nsaids|dmards|biologics|insulins?|anticoagulants|bronchodilators|antihistamines|anticonvulsants"
    r"|benzodiazepines|opioids|thiazolidinediones|glucocorticoids|vasodilators|nitrates|antacids|biguanides"
)
_HEAD = re.compile(rf"\b(?:{_PLURAL_HEADS})\b", re.I)
# Labels name a partner class in the singular too ("with an ACE inhibitor", "adjunct to statin therapy").
_HEAD_OR_SINGULAR = re.compile(
    rf"\b(?:{_PLURAL_HEADS}|agent|inhibitor|blocker|antagonist|agonist|diuretic|statin|sulfonylurea|therapy"
    r"|thiazolidinedione|biguanide|antacid|corticosteroid)\b",
    re.I,
)
# A class named by what it does ("lipid-lowering treatments", "antianginal drugs"), where MeSH has no name.
_BY_EFFECT = re.compile(r"^(?:[a-z]+-(?:lowering|reducing)|anti-?[a-z]{4,})\s+"
                        r"(?:agents|drugs|medications|medicines|therapies|treatments)$", re.I)
_LEAD = re.compile(r"^(?:a|an|the|other|oral|standard|conventional|concomitant|existing|current|usual)\s+", re.I)
_WORD = re.compile(r"[\w\-]+")


@dataclass(frozen=True, slots=True)
class ClassMention:
    surface: str  # as written, without a lead word such as "other"
    start: int
    end: int
    mesh: pharmacologic_classes.PharmacologicClass | None  # None for a class named by its effect


def find_class_mentions(text: str, *, singular: bool = False) -> list[ClassMention]:
    """Class names ending at a class head word (in the plural, as prose names partners; ``singular`` too, as
    labels do), the longest that the class vocabulary names whole (or that names a class by its effect)."""
    out: list[ClassMention] = []
    taken = 0
    for head in (_HEAD_OR_SINGULAR if singular else _HEAD).finditer(text):
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
