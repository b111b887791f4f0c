"""The parts of drug-named-entity-recognition's dictionary that extraction reads, in a compact form.

Importing the package's ``drugs_finder`` builds, besides the dictionary, a character-trigram index for its fuzzy
mode (which we never use): about 340 MB in every process. The lexicon reads only a name's generic name and
DrugBank id, and only for names its tokens can spell; the class vocabulary reads only the entries MeSH files
with an id and tree numbers. So we read the package's data file ourselves (without importing the package) and
keep just that, interned and shared: about 10 MB, built once per machine and cached.
"""

from __future__ import annotations

import bz2
import pickle
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from extract.analysis.vocab_cache import cache_path, cached

PACKAGE = "drug_named_entity_recognition"
BUILD = 3  # raise when _build changes what it makes: the cache key includes it
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-']*")  # the lexicon's word tokens
# What a token or two tokens joined by a space can be, lower-cased: no other dictionary name can ever be matched.
_SPELLABLE = re.compile(r"[a-z0-9][a-z0-9\-']*(?: [a-z0-9][a-z0-9\-']*)?")

Match = tuple[str | None, str | None]  # (generic name in lower case, None when the entry has none; DrugBank id)


@dataclass(frozen=True, slots=True)
class ClassSource:
    """What the class vocabulary reads: groups with a MeSH id and tree numbers, and the variant names naming them
    (but MeSH's inverted entry terms, "blockers, beta-adrenergic", which are never running text)."""

    entries: dict[str, tuple[str, tuple[str, ...], str]]  # canonical name → (MeSH id, tree numbers, display name)
    variants: list[tuple[str, tuple[str, ...]]]  # (variant, its canonical names among ``entries``), package order


def is_group(name: str) -> bool:
    """A chemical group named in the plural ("benzodiazepines", "antibodies, monoclonal"), not one substance."""
    head = name.split(",")[0]
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def _data_file() -> Path:
    """The package's dictionary, found without importing the package (which would build its fuzzy index)."""
    spec = find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(PACKAGE)
    return Path(next(iter(spec.submodule_search_locations))) / "drug_ner_dictionary.pkl.bz2"


def _read() -> dict:
    with bz2.open(_data_file(), "rb") as fh:
        return pickle.load(fh)  # noqa: S301 - the library's own data file, installed with a pinned version


def _depends_on(name: str) -> tuple[object, ...]:
    return (name, BUILD, version("drug-named-entity-recognition"), TOKEN.pattern, _SPELLABLE.pattern)


def _build_variants(data: dict) -> dict[str, tuple[Match, ...]]:
    """Lower-case variant → what the package's exact match returns for it, as ``find_drugs`` merges it: the
    canonical entry's name and DrugBank id (its variant data holds only ``is_brand``). Variants of an entry the
    dictionary lacks, or of one without a name, are named by the canonical key (the package raises KeyError there:
    "Xofigo", "milk protein")."""
    canonical = data["drug_canonical_to_data"]
    matches: dict[str, Match] = {}  # one tuple per canonical name, shared by all its variants
    out: dict[str, tuple[Match, ...]] = {}
    for variant, names in data["drug_variant_to_canonical"].items():
        if not names or not _SPELLABLE.fullmatch(variant):
            continue
        found = []
        for name in names:
            if name not in matches:
                entry = canonical.get(name, {})
                generic = (entry.get("name") or name).lower()  # an entry without a name: its canonical key
                dbid = entry.get("drugbank_id")
                matches[name] = (sys.intern(generic) if generic else generic, sys.intern(dbid) if dbid else dbid)
            found.append(matches[name])
        out[sys.intern(variant)] = tuple(found)
    return out


def _build_classes(data: dict) -> ClassSource:
    entries: dict[str, tuple[str, tuple[str, ...], str]] = {}
    for name, entry in data["drug_canonical_to_data"].items():
        tree = entry.get("mesh_tree")
        trees = tuple(tree if isinstance(tree, list) else [tree]) if tree else ()
        if entry.get("mesh_id") and trees and is_group(name):
            entries[name] = (entry["mesh_id"], trees, entry.get("name") or name)
    variants = []
    for variant, names in data["drug_variant_to_canonical"].items():
        if "," in variant:
            continue
        named = tuple(n for n in names if n in entries)
        if named:
            variants.append((variant, named))
    return ClassSource(entries, variants)


def _build_both() -> tuple[dict[str, tuple[Match, ...]], ClassSource]:
    """One read of the package's file makes both cache files (the first read of either writes the other too)."""
    data = _read()
    built = _build_variants(data), _build_classes(data)
    cached(cache_path("drug-classes", _depends_on("classes")), lambda: built[1])
    return built


@lru_cache(maxsize=1)
def variants() -> dict[str, tuple[Match, ...]]:
    """Lower-case dictionary name (one or two of our tokens) → its matches. Kept for the process's life."""
    return cached(cache_path("drug-lexicon", _depends_on("lexicon")), lambda: _build_both()[0])


def class_source() -> ClassSource:
    """Read once, when the class vocabulary is built from it, and then dropped (not kept here)."""
    return cached(cache_path("drug-classes", _depends_on("classes")), lambda: _build_classes(_read()))


def find(words: list[str]) -> list[tuple[Match, int, int]]:
    """``drug_named_entity_recognition.find_drugs(words, is_ignore_case=True)``'s exact matches, as (match, first
    token, token after the last): two-token names first, then single tokens not inside one, each in text order."""
    table = variants()
    found: list[tuple[Match, int, int]] = []
    covered: set[int] = set()
    for i in range(len(words) - 1):
        hit = table.get((words[i] + " " + words[i + 1]).lower())
        if hit:
            found.extend((m, i, i + 2) for m in hit)
            covered.update((i, i + 1))
    for i, word in enumerate(words):
        if i not in covered and (hit := table.get(word.lower())):
            found.extend((m, i, i + 1) for m in hit)
            covered.add(i)
    return found
