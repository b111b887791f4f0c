"""Drug classes grounded in MeSH, so one class has one key ("statin", "HMG-CoA reductase inhibitors").

The vocabulary is the MeSH part of the dictionary drug-named-entity-recognition ships (the package the drug
lexicon wraps): its entries filed under Pharmacologic Actions (MeSH tree D27.505) and the chemical groups that
pages name as classes (plural names such as "benzodiazepines", "sulfonylurea compounds"), each with variant
names, MeSH id and tree numbers. A class phrase is grounded only when it names a descriptor whole (after case,
hyphens and a plural): "tricyclic antidepressant" is not filed under "antidepressive agents", a broader class.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from extract.analysis import drug_tables
from extract.analysis.conditions import singular

# Names pages use that the dictionary lacks, to the dictionary entry they name. Each one checked by hand.
OVERRIDES: dict[str, str] = {
    "beta blocker": "adrenergic beta-antagonists",  # the lay name; the dictionary only has inverted forms
    "beta adrenergic blocker": "adrenergic beta-antagonists",  # as above
    "antidepressant": "antidepressive agents",  # MeSH names the class by its action
    "antipsychotic": "antipsychotic agents",  # as above
    "immunosuppressant": "immunosuppressive agents",  # as above
    "antihypertensive": "antihypertensive agents",  # as above ("antihypertensive therapy" after the cleaning)
    "snri": "serotonin and noradrenaline reuptake inhibitors",  # the abbreviation pages use
    "serotonin norepinephrine reuptake inhibitor": "serotonin and noradrenaline reuptake inhibitors",  # US name
    "alpha blocker": "adrenergic alpha-antagonists",  # the lay name, as for beta blockers
    "h2 blocker": "histamine h2 antagonists",  # the lay name
    "sulfonylurea": "sulfonylurea compounds",  # MeSH's name of the group adds "compounds"
    "tetracycline antibiotic": "tetracyclines",  # a member of the tetracycline group, not the drug tetracycline
    "antiplatelet": "platelet aggregation inhibitors",  # "antiplatelet medicine", "antiplatelet therapy"
    "nonsteroidal anti-inflammatory drug": "anti-inflammatory agents, non-steroidal",  # only inverted there
}
_SPACE = re.compile(r"[\s\-]+")
_PARENS = re.compile(r"\s*\(([^()]*)\)")
_MEDICATION_NOUN = re.compile(r"\s+(?:medication|medicine|drug|agent|therapy|treatment)s?$")


def squashed(folded: str) -> str:
    """Spaces gone too: "hmg co a reductase inhibitor" and "hmg coa reductase inhibitor" are one name."""
    return folded.replace(" ", "")


def key(phrase: str) -> str:
    """Case, hyphens and spacing folded and the last word in the singular: the form names are looked up in."""
    words = _SPACE.sub(" ", phrase.lower().replace("®", "").replace("™", "")).strip().split(" ")
    if words and words[-1]:
        words[-1] = singular(words[-1])
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class PharmacologicClass:
    mesh_id: str | None  # None where the dictionary's id for it cannot be trusted (below)
    name: str  # MeSH's name, e.g. "Adrenergic beta-Antagonists"
    tree: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.name.lower()


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, PharmacologicClass]:
    """Folded variant name → its class. The names and tree numbers are the entry's own; the ids are not always:
    the dictionary gives drugs and some groups the id of an action they are filed under (amlodipine and
    "Antihypertensive Agents" carry Vasodilator Agents' D014665, "Biguanides" Hypoglycemic Agents',
    "Glucocorticoids" the glucocorticoid receptor's). An id is kept only where no other group carries it."""
    source = drug_tables.class_source()  # the dictionary's MeSH groups, dropped once this is built
    groups = source.entries
    groups_of_id: dict[str, int] = defaultdict(int)
    for mesh_id, _, _ in groups.values():
        groups_of_id[mesh_id] += 1
    canonical = {name: PharmacologicClass(mesh_id if groups_of_id[mesh_id] == 1 else None, display, trees)
                 for name, (mesh_id, trees, display) in groups.items()}
    out: dict[str, PharmacologicClass] = {}
    for variant, names in source.variants:  # without MeSH's inverted entry terms ("blockers, beta-adrenergic")
        found = [canonical[n] for n in names if n in canonical]
        if len(found) == 1:
            out.setdefault(key(variant), found[0])
    for name, target in OVERRIDES.items():
        if target in canonical:
            out[key(name)] = canonical[target]
    squashed_names: dict[str, set[PharmacologicClass]] = defaultdict(set)
    for name, found_class in out.items():
        squashed_names[squashed(name)].add(found_class)
    for name, classes in squashed_names.items():  # a squashed name two classes share is left out
        if len(classes) == 1:
            out.setdefault(name, next(iter(classes)))
    return out


def warm() -> None:
    """Build the vocabulary now (before the extraction pool forks, as for the other vocabularies)."""
    vocabulary()


def _is_pharmacologic(trees: tuple[str, ...]) -> bool:
    return any(t.startswith("D27.505") for t in trees)




def ground(phrase: str | None) -> PharmacologicClass | None:
    """The MeSH class a class phrase names whole ("a beta-blocker", "statins", "NSAID", "selective serotonin
    reuptake inhibitor (SSRI)", "angiotensin-converting enzyme (ACE) inhibitor"), else None."""
    if not phrase:
        return None
    text = re.sub(r"^(?:an?|the)\s+", "", phrase.strip(), flags=re.I)
    forms = [text, _PARENS.sub("", text)]  # the name with and without what it puts in parentheses
    forms += [m.group(1) + text[m.end() :] for m in _PARENS.finditer(text)]  # "(ACE) inhibitor": "ACE inhibitor"
    words = vocabulary()
    for form in forms:
        folded = key(form)
        for name in (folded, key(_MEDICATION_NOUN.sub("", folded))):
            found = words.get(name) or words.get(f"{name}s") or words.get(squashed(name))
            if found is not None:  # "SSRI": the dictionary has only "SSRIs"
                return found
    return None
