"""What a page is about: its drug and the names that stand for it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract import lexicon


@dataclass(slots=True)
class DrugContext:
    """What a page is about: its drug and the names that stand for it."""

    drug: str | None
    names: set[str] = field(default_factory=set)  # lower-case generic and brand names

    def mentions_drug(self, text: str) -> bool:
        low = text.lower()
        if any(re.search(rf"\b{re.escape(n)}\b", low) for n in self.names):
            return True
        return any(self.is_self(m.generic) for m in lexicon.find_drug_mentions(text))

    def is_self(self, generic: str) -> bool:
        """Same drug, allowing salt forms ("warfarin" and "warfarin sodium"), not combinations."""
        if generic in self.names:
            return True
        if self.drug is None or " and " in generic or " and " in self.drug:
            return False
        a, b = set(_salt_base(generic).split()), set(_salt_base(self.drug).split())
        return a <= b or b <= a


def _salt_base(name: str) -> str:
    """An acid and its salts are one drug: "mycophenolic acid" ~ "mycophenolate"."""
    return re.sub(r"(\w+)ic acid\b", r"\1ate", name)
