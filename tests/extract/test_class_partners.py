"""Drug classes named as partners, found by the class vocabulary (MeSH pharmacologic actions) rather than a word
list; and the label register's combinations: a list item of the indications, "alone or with", a cross-reference."""

from __future__ import annotations

import pytest

from extract.analysis.class_mentions import find_class_mentions
from tests.extract.test_comedications import _co_medications, _label_rows


@pytest.mark.parametrize(("text", "surface", "mesh"), [
    ("in combination with other antihypertensive agents.", "antihypertensive agents", "Antihypertensive Agents"),
    ("with nonsteroidal anti-inflammatory drugs", "nonsteroidal anti-inflammatory drugs",
     "Anti-Inflammatory Agents, Non-Steroidal"),
    ("with or without non-biologic DMARDs", "DMARDs", "Antirheumatic Agents"),
    ("as an adjunct to other lipid-lowering treatments (e.g., LDL apheresis)", "lipid-lowering treatments", None),
    ("with other antianginal drugs", "antianginal drugs", None),
])
def test_a_class_is_the_longest_name_the_vocabulary_knows_or_a_name_by_effect(text: str, surface: str,
                                                                             mesh: str | None) -> None:
    [found] = find_class_mentions(text)
    assert (found.surface, text[found.start : found.end]) == (surface, surface)
    assert (found.mesh.name if found.mesh else None) == mesh


def test_words_that_name_no_class_give_no_mention() -> None:
    assert find_class_mentions("with other medicines and treatments for the same condition") == []


def test_a_partner_class_the_vocabulary_knows_is_a_co_medication_in_prose() -> None:
    rows = _co_medications("Methotrexate is often used in combination with other antirheumatic agents.")
    assert rows == {"antirheumatic agents": "antirheumatic agents"}


def test_an_item_of_the_indications_list_states_its_combination_as_the_lead_in_does() -> None:
    rows = _label_rows("Glipizide is indicated:</p><ul><li>as an adjunct to other glucose-lowering drugs in type 2 "
                       "diabetes mellitus</li></ul><p>Nothing more.")
    assert rows == ["glucose-lowering drugs"]


def test_alone_or_with_other_agents_and_a_cross_reference_to_studies() -> None:
    rows = _label_rows("Glipizide tablets may be administered alone or with other antidiabetic agents "
                       "[see Clinical Studies (14.1)].")
    assert rows == ["antidiabetic agents"]
    assert _label_rows("In clinical studies glipizide was given with other antidiabetic agents.") == []


def test_the_longer_class_name_wins_over_the_dictionary_s_shorter_one_inside_it() -> None:
    rows = _label_rows("Glipizide can be used in combination with metformin or other disease-modifying "
                       "anti-rheumatic drugs (DMARDs).")
    assert "disease-modifying anti-rheumatic drugs" in rows and "anti-rheumatic drugs" not in rows
