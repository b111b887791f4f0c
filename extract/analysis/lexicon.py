"""The drug lexicon shared by every site: names → generic name and DrugBank id.

Matches drug-named-entity-recognition's dictionary as its exact mode does (its fuzzy mode crashes), over
the compact tables ``drug_tables`` keeps of it rather than the package's own (340 MB a process). It takes
tokens, not text, so tokenizing (and dropping ® and ™) happens here, with character offsets kept for
evidence spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.analysis import drug_tables

_TOKEN = drug_tables.TOKEN  # the tables keep only the names these tokens can spell

# Words the dictionary knows as synonyms of some drug but which, in running
# English text, are ordinary words or drug classes rather than one drug.
NOT_A_DRUG = frozenset(
    {
        "sone", "today", "may", "will", "can", "plan", "fortune", "relief", "aid", "key", "alert",
        "advance", "balance", "care", "cure", "ease", "fresh", "clear", "control", "one", "day", "night",
        "medicine", "medication", "drug", "drugs", "vitamin", "oxygen", "water", "alcohol",
        "iron", "salt", "sugar", "caffeine",
        "serotonin", "glutamate", "histamine", "acetylcholine", "adrenaline", "nicotine", "tobacco", "placebo",
        "hormone", "vitamin d",
        "steroid", "steroids", "antibiotic", "antibiotics",
    }
)

# Drug classes the dictionary lacks; found beside an example ("a corticosteroid
# (such as prednisone)") they qualify the example rather than stand alone.
DRUG_CLASS_WORDS = frozenset(
    {
        "corticosteroid", "corticosteroids", "steroid", "steroids", "diuretic", "diuretics",
        "antidepressant", "antidepressants", "antibiotic", "antibiotics", "statin", "statins",
        "beta blocker", "beta blockers", "ace inhibitor", "ace inhibitors", "nsaid", "nsaids",
        "antipsychotic", "antipsychotics", "immunosuppressant", "immunosuppressants", "biologic",
        "biologics", "dmard", "dmards", "calcium channel blocker", "calcium channel blockers",
        "mood stabilizer", "mood stabilizers", "benzodiazepine", "benzodiazepines", "opioid", "opioids",
        "anticonvulsant", "anticonvulsants", "ssri", "ssris", "maoi", "maois", "mao inhibitor",
        "mao inhibitors", "proton pump inhibitor", "proton pump inhibitors", "anticoagulant",
        "anticoagulants", "sulfonylurea", "sulfonylureas", "bronchodilator", "bronchodilators",
    }
)


@dataclass(frozen=True, slots=True)
class DrugMention:
    generic: str  # lower case generic name
    drugbank_id: str | None
    surface: str  # as written on the page
    start: int
    end: int

    @property
    def is_class(self) -> bool:
        """Dictionary entries such as "immunosuppressive agents" name a class, not a drug."""
        head = self.generic.split(",")[0]  # MeSH style "antibodies, monoclonal"
        plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
        return plural or self.generic in DRUG_CLASS_WORDS


def warm() -> None:
    """Load the dictionary now (from the cache, a fraction of a second), e.g. before the extraction pool forks."""
    drug_tables.variants()


def tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text.replace("®", " ").replace("™", " ")))


def find_drug_mentions(text: str, classes: bool = False) -> list[DrugMention]:
    """Every drug the dictionary knows in ``text``, with character offsets (classes on request)."""
    return list(_find_drug_mentions(text, classes))


@lru_cache(maxsize=16384)
def _find_drug_mentions(text: str, classes: bool) -> tuple[DrugMention, ...]:
    toks = tokens(text)
    if not toks:
        return ()
    words = [t.group(0) for t in toks]
    mentions: dict[tuple[int, int], DrugMention] = {}
    for (generic, dbid), first, last in drug_tables.find(words):
        surface_tokens = toks[first : max(last, first + 1)]
        start, end = surface_tokens[0].start(), surface_tokens[-1].end()
        surface = text[start:end]
        if surface.lower() in NOT_A_DRUG or len(surface) < 4:
            continue
        mention = DrugMention(generic, dbid, surface, start, end)
        if mention.is_class and not classes:
            continue
        key = (start, end)
        mentions[key] = mention
    # Keep the longest mention where two overlap ("mycophenolate mofetil" over "mycophenolate").
    ordered = sorted(mentions.values(), key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DrugMention] = []
    for m in ordered:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return tuple(kept)


@lru_cache(maxsize=4096)
def resolve(name: str) -> DrugMention | None:
    """The generic behind one name ("Prograf" → tacrolimus), or None if unknown."""
    mentions = find_drug_mentions(name)
    if len(mentions) == 1 and mentions[0].end - mentions[0].start >= len(name.strip("®™ ").strip()) - 2:
        return mentions[0]
    return None


def drugbank_id(name: str | None) -> str | None:
    if not name:
        return None
    hit = resolve(name)
    return hit.drugbank_id if hit else None


SALT_WORDS = frozenset(
    {"hydrochloride", "hcl", "sodium", "potassium", "calcium", "magnesium", "sulfate", "besylate", "succinate",
     "tartrate", "maleate", "mesylate", "citrate", "phosphate", "acetate", "bromide", "propionate", "carbonate",
     "fumarate", "dihydrate", "monohydrate", "hyclate", "dipropionate", "valerate", "disodium", "xr", "er", "sr"}
)


def without_salt(name: str) -> str:
    """"lithium carbonate" → "lithium": the drug, not the salt it is sold as."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in SALT_WORDS:
        words.pop()
    return " ".join(words)
