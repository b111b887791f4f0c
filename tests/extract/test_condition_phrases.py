"""Where a condition starts and ends in a phrase: the pieces of extract.analysis.condition_phrases held one by one."""

from __future__ import annotations

import pytest

from extract.analysis.condition_phrases import _is_condition, clean_condition, condition_phrases, split_item


@pytest.mark.parametrize(("raw", "value"), [
    ("asthma, and", "asthma"),  # a list's dangling conjunction and its comma
    ("chronic bronchitis or", "chronic bronchitis"),
    ("plaque psoriasis and/or", "plaque psoriasis"),
])
def test_a_trailing_conjunction_and_comma_are_no_part_of_the_condition(raw: str, value: str) -> None:
    assert clean_condition(raw) == (value, 0)


@pytest.mark.parametrize("raw", ["A type of arthritis", "a kind of infection", "The form of anemia"])
def test_an_appositive_description_is_no_condition(raw: str) -> None:
    assert clean_condition(raw) is None


@pytest.mark.parametrize(("item", "value"), [
    ("Kidney disease caused by type 2 diabetes (diabetic nephropathy)", "diabetic nephropathy"),
    ("treatment of high blood pressure", "high blood pressure"),
    ("management of chronic pain in adults", "chronic pain"),
    ("for high blood pressure in adults", "high blood pressure"),
])
def test_a_list_item_is_its_condition_and_its_offsets_point_at_it(item: str, value: str) -> None:
    (found,) = split_item(item)
    assert found[0] == value and item[found[1] : found[2]] == value


def test_a_cause_named_after_the_condition_is_judged_apart_from_it() -> None:
    """"edema caused by steroids" is a condition: the class word belongs to the cause, not the head."""
    assert _is_condition("edema caused by steroids") and _is_condition("swelling due to corticosteroids")
    assert not _is_condition("steroids")


@pytest.mark.parametrize("text", ["this swelling", "these infections", "those symptoms", "uses of the drug"])
def test_a_demonstrative_is_no_condition(text: str) -> None:
    assert not _is_condition(text)


def test_an_item_opening_with_a_parenthesis_is_still_cut_at_its_population() -> None:
    (found,) = split_item("(Chronic) hives, in adults")
    assert "hives" in found[0] and "adults" not in found[0]


def test_a_participle_before_a_comma_joins_the_words_after_it() -> None:
    """"Infected, inflamed skin" is one condition: a word in -ed before the comma qualifies what follows."""
    assert [v for v, _, _ in split_item("Infected, inflamed skin")] == ["Infected, inflamed skin"]


def test_a_drug_class_in_quotes_is_still_no_condition() -> None:
    assert not _is_condition('"steroids"') and not _is_condition("“antibiotics”")


def test_a_list_that_began_inside_parentheses_goes_on_after_them() -> None:
    text = "such as tic disorders (including Tourette's syndrome), post-traumatic stress disorder (PTSD), and insomnia."
    found = condition_phrases(text)
    assert [v for v, _, _ in found] == ["tic disorders", "Tourette's syndrome", "post-traumatic stress disorder",
                                       "insomnia"]
    assert all(text[s:e] == v for v, s, e in found)


def test_the_risk_for_is_no_part_of_the_condition() -> None:
    assert clean_condition("the risk for stroke") == ("stroke", 13)
