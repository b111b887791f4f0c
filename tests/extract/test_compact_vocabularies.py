"""The compact vocabularies answer exactly as the sources they were cut from.

The expectations are computed here from drug-named-entity-recognition itself (its own ``find_drugs``) and from
a character automaton like the one MeSH grounding used before, never written down: a name lost or a lookup
changed by the compact form fails here.
"""

from __future__ import annotations

import random
import re

import ahocorasick
import pytest

from extract.analysis import drug_tables, mesh
from extract.analysis.conditions import singular

FILLER = ["the", "and", "with", "take", "of", "a", "is", "used", "for", "to", "not", "or", "in", "1", "mg"]


@pytest.fixture(scope="module")
def drugs_finder():  # noqa: ANN201 - the package's module
    from drug_named_entity_recognition import drugs_finder

    return drugs_finder


def _package_matches(finder, words: list[str]) -> list[tuple[drug_tables.Match, int, int]]:  # noqa: ANN001
    """What the lexicon reads of the package's answer: the entry's name and DrugBank id; where the package has no
    entry for the canonical name ("Xofigo" → "radium-223", on which its callers' entry["name"] raises KeyError),
    that canonical name."""
    out = []
    for entry, first, last in finder.find_drugs(words, is_ignore_case=True):
        canonical = finder.drug_variant_to_canonical.get(entry["matching_string"].lower(), [None])[0]
        name = entry["name"].lower() if "name" in entry else canonical
        out.append(((name, entry.get("drugbank_id")), first, last))
    return out


def _recased(rng: random.Random, word: str) -> str:
    return rng.choice([word, word.upper(), word.title(), word.capitalize()])


def test_every_dictionary_name_is_matched_as_the_package_matches_it(drugs_finder) -> None:  # noqa: ANN001
    """All ~107,000 names of the dictionary, each as our tokens split it, in varied case."""
    rng = random.Random(11)
    names = list(drugs_finder.drug_variant_to_canonical)
    assert len(names) > 100_000
    differ = []
    for name in names:
        words = [_recased(rng, w) for w in drug_tables.TOKEN.findall(name)]
        if drug_tables.find(words) != _package_matches(drugs_finder, words):
            differ.append(name)
    assert not differ, differ[:20]


def test_running_text_of_many_names_is_matched_as_the_package_matches_it(drugs_finder) -> None:  # noqa: ANN001
    """Names side by side and among ordinary words: two-word names, overlaps and what each leaves out."""
    rng = random.Random(7)
    names = list(drugs_finder.drug_variant_to_canonical)
    for _ in range(2000):
        words: list[str] = []
        for name in rng.sample(names, 6):
            words += [_recased(rng, w) for w in drug_tables.TOKEN.findall(name)]
            words += rng.sample(FILLER, rng.randint(0, 2))
        assert drug_tables.find(words) == _package_matches(drugs_finder, words), words


def test_the_class_source_holds_what_the_class_vocabulary_read_of_the_package(drugs_finder) -> None:  # noqa: ANN001
    entries = {}
    for name, entry in drugs_finder.drug_canonical_to_data.items():
        tree = entry.get("mesh_tree")
        trees = tuple(tree if isinstance(tree, list) else [tree]) if tree else ()
        if entry.get("mesh_id") and trees and drug_tables.is_group(name):
            entries[name] = (entry["mesh_id"], trees, entry.get("name") or name)
    source = drug_tables.class_source()
    assert source.entries == entries
    expected = []
    for variant, names in drugs_finder.drug_variant_to_canonical.items():
        named = tuple(n for n in names if n in entries)
        if "," not in variant and named:
            expected.append((variant, named))
    assert source.variants == expected


def _automaton_ground(phrase: str, by_variant: dict, automaton) -> tuple | None:  # noqa: ANN001
    """MeSH grounding as it was with a character automaton over ' variant ' keys (build 3), for comparison."""
    words, spans = mesh._normal_words(phrase)
    if not words:
        return None
    core = [w for w in words if w not in mesh.MODIFIERS] or words
    for candidate in (" ".join(words), " ".join(core), singular(" ".join(core))):
        if candidate in by_variant:
            return by_variant[candidate], spans[0][0], spans[-1][1], True
    text = " " + " ".join(words) + " "
    first_word_at, offset = {}, 1
    for i, w in enumerate(words):
        first_word_at[offset] = i
        offset += len(w) + 1
    best = None
    for end, (variant, count) in automaton.iter(text):
        index = first_word_at.get(end - len(variant))
        if index is not None and (best is None or (index, -count, variant) < best):
            best = (index, -count, variant)
    if best is None:
        return None
    index, neg_count, variant = best
    whole = index == 0 and -neg_count == len(words)
    return by_variant[variant], spans[index][0], spans[index - neg_count - 1][1], whole


def test_mesh_grounding_by_word_runs_finds_what_the_automaton_found() -> None:
    by_variant, _ = mesh._vocabulary()
    automaton = ahocorasick.Automaton()
    for variant in by_variant:
        automaton.add_word(f" {variant} ", (variant, variant.count(" ") + 1))
    automaton.make_automaton()
    rng = random.Random(3)
    variants = list(by_variant)
    words_of = [re.findall(r"\S+", v) for v in rng.sample(variants, 3000)]
    phrases = []
    for words in words_of:  # a variant among other words, cut short, and run into another variant
        other = rng.choice(variants).split(" ")
        phrases += [" ".join(rng.sample(FILLER, 2) + words + ["in", "patients"]), " ".join(words[:-1] or words),
                    " ".join(words[1:] + other), "severe " + " ".join(words) + "s"]
    for phrase in phrases:
        found = mesh.ground.__wrapped__(phrase)
        got = (found.descriptor, found.start, found.end, found.whole) if found else None
        assert got == _automaton_ground(phrase, by_variant, automaton), phrase


def test_a_name_whose_entry_the_package_lacks_is_read_not_an_error() -> None:
    """The package has no entry for "Xofigo"'s canonical name; a page naming it is a page row, not an error."""
    from extract import extract_page

    html = (b'<html><body><div class="articleHtml"><h1>What Is Xofigo Used For?</h1>'
            b"<div>Xofigo is used to treat prostate cancer that has spread to the bones.</div></div></body></html>")
    result = extract_page("http://drugs.emedtv.com/xofigo/what-is-xofigo-used-for.html", html, {})
    assert result.error_type is None and result.record is not None
    assert result.record.drug == "radium-223"
