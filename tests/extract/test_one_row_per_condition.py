"""A page names a condition once in the uses table, whatever wordings it repeats it in; different conditions the
dictionary files under one descriptor stay apart (end to end, the real vocabularies)."""

from __future__ import annotations

from extract import extract_page
from extract.analysis.drugbank import one_row_per_condition
from extract.records import Span, Use

URL = "http://drugs.emedtv.com/losartan/what-is-losartan-used-for.html"


def _uses(body: str) -> list[tuple[str, str]]:
    html = f"""<html><body><div class="articleHtml"><h1>What Is Losartan Used For?</h1>{body}</div></body></html>"""
    record = extract_page(URL, html.encode(), {}).record
    assert record is not None
    return [(u.use_type, u.condition) for u in record.uses]


def test_an_abbreviation_and_a_wording_with_more_modifiers_are_the_first_row_again() -> None:
    uses = _uses("""<p>Losartan is approved to treat gastroesophageal reflux disease and heart failure.</p>
    <p>In clinical studies, Losartan improved GERD symptoms.</p>
    <p>Losartan is approved for people with stable heart failure.</p>""")
    assert uses == [("approved", "gastroesophageal reflux disease"), ("approved", "heart failure")]


def test_kinds_filed_under_one_descriptor_subtypes_and_qualified_conditions_stay_apart() -> None:
    uses = _uses("""<p>Losartan is approved to treat absence seizures and myoclonic seizures.</p>
    <p>It is also approved for bipolar disorder and for bipolar I disorder.</p>""")
    assert [c for _, c in uses] == ["absence seizures", "myoclonic seizures", "bipolar disorder", "bipolar I disorder"]


def test_a_condition_qualified_by_another_is_not_a_wording_of_it() -> None:
    """"X associated with Y" names X, so it is no second wording of Y, though it holds Y's words and descriptor."""
    first = Use("approved", "bipolar I disorder", Span("bipolar I disorder", 0, 18, ""), mesh_id="D001714")
    second = Use("approved", "mania associated with bipolar I disorder", Span("", 30, 70, ""), mesh_id="D001714")
    assert one_row_per_condition([first, second], whole={id(first)}) == [first, second]


def test_the_same_condition_as_approved_and_off_label_keeps_both_rows() -> None:
    uses = _uses("""<p>Losartan is approved to treat hypertension.</p>
    <p>Doctors sometimes prescribe Losartan off-label for high blood pressure in pregnancy.</p>""")
    assert ("approved", "hypertension") in uses and any(t == "off_label" for t, _ in uses)
