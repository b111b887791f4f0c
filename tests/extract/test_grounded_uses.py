"""The disease vocabulary decides where one condition ends and the next begins, and what is no condition: on
use rows built here and on pages extracted end to end (the real MeSH vocabulary, no stand-in)."""

from __future__ import annotations

import pytest

from extract.analysis.grounded_uses import ground_uses, is_condition
from extract.records import Span, Use
from tests.extract.test_uses import _uses


def _row(phrase: str, use_type: str = "approved", at: int = 100) -> Use:
    return Use(use_type, phrase, Span(phrase, at, at + len(phrase), f"It is used for {phrase}."))


def test_two_diseases_joined_are_two_conditions_with_their_own_spans() -> None:
    rows = ground_uses([_row("myocardial infarction and stroke")])
    assert [(u.condition, u.span.value, u.span.start, u.span.end) for u in rows] == [
        ("myocardial infarction", "myocardial infarction", 100, 121), ("stroke", "stroke", 126, 132)]


@pytest.mark.parametrize("phrase", ["nausea and vomiting", "postoperative nausea and/or vomiting",
                                    "hypertension and left ventricular hypertrophy (LVH)"])
def test_a_joined_name_the_vocabulary_knows_as_one_stays_one(phrase: str) -> None:
    """One descriptor ("nausea and vomiting"), a name MeSH has whole, or a joint inside parentheses' reach."""
    rows = ground_uses([_row(phrase)])
    if "LVH" in phrase:
        assert [u.condition for u in rows] == ["hypertension", "left ventricular hypertrophy (LVH)"]
    else:
        assert [u.condition for u in rows] == [phrase]


def test_a_modifier_shared_over_one_disease_name_gives_both_readings_the_vocabulary_names() -> None:
    rows = ground_uses([_row("acute and chronic pain")])
    assert [u.condition for u in rows] == ["acute pain", "chronic pain"]
    shared, own = rows
    assert shared.span.value == "acute and chronic pain"  # the evidence is the whole phrase
    assert own.span.value == "chronic pain" and own.span.start == 110
    # MeSH has no perennial allergic rhinitis: the phrase stays one condition
    assert [u.condition for u in ground_uses([_row("seasonal and perennial allergic rhinitis")])] == [
        "seasonal and perennial allergic rhinitis"]


@pytest.mark.parametrize("phrase", ["wakefulness", "serotonin-2 receptors", "As an adjunct", "mid-scalp", "usually",
                                    "a few weeks at a time", "progressive"])
def test_a_phrase_naming_no_disease_and_ending_in_no_disease_word_is_dropped(phrase: str) -> None:
    assert not is_condition(phrase)
    assert ground_uses([_row(phrase)]) == []


@pytest.mark.parametrize("phrase", ["recent MI", "heFH", "Sedation", "cardiac valve replacement", "organ rejection",
                                    "alcohol withdrawal", "thromboembolic complications of valve replacement",
                                    "Palmoplantar pustulosis", "neurogenic detrusor overactivity", "poor appetite",
                                    "bipolar", "compulsive gambling", "soman nerve agent poisoning"])
def test_what_the_vocabulary_lacks_but_reads_as_a_condition_is_kept(phrase: str) -> None:
    """Ungrounded, but an abbreviation, a use that is no disease, or a head word disease names use."""
    assert is_condition(phrase)
    assert [u.condition for u in ground_uses([_row(phrase)])] == [phrase]


def test_a_split_does_not_repeat_a_condition_already_found() -> None:
    rows = ground_uses([_row("stroke", at=10), _row("myocardial infarction and stroke")])
    assert [u.condition for u in rows] == ["stroke", "myocardial infarction"]


def test_list_items_under_a_use_heading_are_split_and_filtered_end_to_end() -> None:
    uses = _uses("<h2>Uses</h2><ul><li>Hypertension and left ventricular hypertrophy</li>"
                 "<li>Acute and chronic pain</li><li>Wakefulness</li></ul>")
    assert uses["approved"] == {"hypertension", "left ventricular hypertrophy", "acute pain", "chronic pain"}


def test_a_head_word_counts_when_it_heads_several_disease_names_not_one_odd_entry() -> None:
    """"time" heads only "total sleep time" and "time, sedentary" in the dictionary, "progressive" one inverted
    name: neither makes a phrase a condition; "poisoning", "infection" and "syndrome" head hundreds."""
    from extract.analysis.mesh import head_is_disease_word

    assert not head_is_disease_word("a few weeks at a time") and not head_is_disease_word("progressive")
    assert all(head_is_disease_word(p) for p in ("nerve agent poisoning", "a rare infection", "odd syndromes"))
