"""What a page is about: its drug and the names that stand for it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extract.analysis import lexicon


@dataclass(slots=True)
class DrugContext:
    """What a page is about: its drug and the names that stand for it."""

    drug: str | None
    names: set[str] = field(default_factory=set)  # lower-case generic and brand names

    @classmethod
    def named(cls, drug: str | None, *others: str | None) -> DrugContext:
        """The drug, its other names (a brand) and the generics the lexicon finds in them, so that
        "warfarin sodium" and "COUMADIN" both stand for the page drug."""
        names: set[str] = set()
        for name in (drug, *others):
            if not name:
                continue
            names.add(name.lower())
            for m in lexicon.find_drug_mentions(name):
                names.add(m.generic)
        return cls(drug, names)

    def mentions_drug(self, text: str) -> bool:
        if self.names and _names_pattern(frozenset(self.names)).search(text):
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


@lru_cache(maxsize=256)
def _names_pattern(names: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b", re.I)


@lru_cache(maxsize=1024)
def _salt_base(name: str) -> str:
    """An acid and its salts are one drug: "mycophenolic acid" ~ "mycophenolate"."""
    return re.sub(r"(\w+)ic acid\b", r"\1ate", name)
