"""A cue gate never turns away a sentence its pattern matches: checked on every alternative of each pattern
and on every sentence of the fixture pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract import extract_page
from extract.analysis import cue_gates
from extract.analysis.brands import _MAY_NAME_BRANDS
from extract.analysis.cues import COMBINATION_CUE, LISTING_CUE
from extract.analysis.sentences import split_block
from extract.analysis.uses import APPROVED_CUE, OFF_LABEL_CUE
from extract.document import Block
from qa.evaluation import fixture_sets, load_cases

GATED = [
    (cue_gates.OFF_LABEL, OFF_LABEL_CUE),
    (cue_gates.APPROVED, APPROVED_CUE),
    (cue_gates.USE, OFF_LABEL_CUE),
    (cue_gates.USE, APPROVED_CUE),
    (cue_gates.COMBINATION, COMBINATION_CUE),
    (cue_gates.BRAND_WORDS, _MAY_NAME_BRANDS),
    (cue_gates.LISTING, LISTING_CUE),
    (cue_gates.USE_OR_LISTING, LISTING_CUE),
    (cue_gates.USE_OR_LISTING, APPROVED_CUE),
    (cue_gates.USE_OR_LISTING, OFF_LABEL_CUE),
]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# One sentence for each alternative of the gated patterns, in odd case.
EXAMPLES = [
    "It is used OFF-LABEL for pain.", "An Off label use.", "This is unapproved.", "It isn't FDA approved for that.",
    "Outside its labelled uses.", "Beyond the label.", "Without FDA approval.", "It may also be used to help.",
    "It is also sometimes used for X.", "Sometimes prescribed for Y.", "Approvals came later.", "It is licensed.",
    "It is INDICATED for X.", "An fda-approved drug.", "Doctors prescribe it.", "It is recommended.",
    "It is taken for pain.", "It is used in adults.", "This is used.", "It treats acne.", "Uses include pain.",
    "It can help control X.", "It can prevent Y.", "It helps relieve pain.", "It helps lower pressure.",
    "It is given to children.", "It is given for X.", "Used to stop seizures.", "To manage pain.",
    "It can control it.", "Taken to sleep.", "It is taken for pain.", "It helps reduce X.", "It can help treat Y.",
    "Uses for X.", "One use of it.", "A use for it.", "Its uses include X.", "Given for pain.", "It helps prevent X.",
    "It helps control X.", "Help lower it.", "To prevent X.", "To control Y.", "Beyond its label.",
    "You can take it for pain.", "You can use this medicine for pain.", "It is applied to the skin.",
    "In combination with X.", "Combined with Y.", "Along with Z.", "Together with W.", "Added to V.",
    "In addition to U.", "Adjunctive to T.", "As an adjunct.", "Add-on with S.", "As an add-on.", "Alongside R.",
    "Paired with Q.", "Added on to P.", "Combines it with O.", "Combining them with N.", "Pairs it with M.",
    "Also given L.", "Also prescribed K.", "Usually taken together with J.", "Adding a second medicine.",
    "Examples include X.", "Such as Y.", "These are Z.", "They are W.", "An example.", "Including V.",
    "Brand names include X.", "Sold under Y.", "Marketed as Z.", "Tacrolimus (Prograf) is", "Prograf® is",
    # letters beyond ASCII that match ASCII ones under re.I: the gate must let these through
    "It is uſed to treat X.", "Sometımes used.", "It is \u212anown.",
]


def _check(text: str) -> None:
    for gate, pattern in GATED:
        if pattern.search(text):
            assert gate.may_match(text), (pattern.pattern[:40], text)


@pytest.mark.parametrize("text", EXAMPLES)
def test_gate_passes_every_alternative(text: str) -> None:
    assert any(p.search(text) for _, p in GATED) or not text.isascii(), text
    _check(text)


def test_gate_rules_out_a_sentence_without_cue_words() -> None:
    text = "The patient felt better after a week of rest."
    assert not cue_gates.USE.may_match(text) and not cue_gates.COMBINATION.may_match(text)
    assert not cue_gates.BRAND_WORDS.may_match(text)
    assert not any(p.search(text) for _, p in GATED)


def test_gates_agree_with_their_patterns_on_every_fixture_sentence() -> None:
    checked = 0
    for case in (c for s in fixture_sets(FIXTURES) for c in load_cases(s.path)):  # sealed sets stay unrun
        record = extract_page(case.url, case.page.read_bytes(), {"content-type": "text/html"}).record
        if record is None:
            continue
        for line in record.text.split("\n"):
            for sent in split_block(Block("text", line, 0, len(line))):
                _check(sent.text)
                checked += 1
    assert checked > 1000


def _gate_words(gate: cue_gates.Gate) -> list[str]:
    return [*gate.substrings, *gate.words, *(w for pair in gate.pairs for side in pair for w in side)]


def test_every_gate_word_is_lower_case_ascii() -> None:
    for gate, _ in GATED:
        words = _gate_words(gate)
        assert words and all(w.isascii() and w == w.lower() and w for w in words)
        assert not any(re.search(r"\s{2}", w) for w in words)


def test_gates_tell_word_ends_apart() -> None:
    for text in ("The treatment lasted a week.", "Its user felt fine.", "A prevention program to fight it.",
                 "Combination products exist.", "He was given a card for the trial."):
        assert not cue_gates.USE.may_match(text) or not cue_gates.COMBINATION.may_match(text), text
    assert not cue_gates.USE.may_match("The treatment lasted a week.")
    assert not cue_gates.COMBINATION.may_match("Combination products exist.")


def test_gates_agree_with_their_patterns_on_word_soup() -> None:
    """Random runs of every cue word, gate word and near miss, joined by word ends and non-ends."""
    import random

    rng = random.Random(11)
    vocab = sorted({w for gate, _ in GATED for w in _gate_words(gate)} | {
        "it", "them", "this", "drug", "medicine", "fda", "not", "n't", "been", "its", "the", "label", "labelled",
        "official", "beyond", "without", "may", "also", "be", "is", "sometimes", "help", "a", "another", "second",
        "treatment", "users", "treated", "controls", "stopped", "offlabel", "un", "x", "Used", "TREAT"})
    joins = [" ", " ", " ", "-", "_", "", ",", "'", ". ", " (", "® "]
    checked = 0
    for _ in range(40_000):
        words = rng.choices(vocab, k=rng.randint(1, 6))
        text = "".join(w + rng.choice(joins) for w in words)
        _check(text)
        checked += 1
    assert checked == 40_000


def test_gates_agree_with_their_patterns_on_every_generated_sentence(tmp_path: Path) -> None:
    from bench.mirror import generate

    mirror = generate(tmp_path / "gen", 60, dailymed=3)
    pages = [(a.url, mirror.file_of(a.url)) for a in mirror.articles] + [(u, Path(p)) for u, p in mirror.dailymed]
    checked = 0
    for url, path in pages:
        record = extract_page(url, path.read_bytes(), {"content-type": "text/html"}).record
        assert record is not None
        for line in record.text.split("\n"):
            for sent in split_block(Block("text", line, 0, len(line))):
                _check(sent.text)
                checked += 1
    assert checked > 5000
