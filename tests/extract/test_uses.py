"""How the use rules read what a page says about a condition, on pages written for one rule each."""

from __future__ import annotations

from extract import extract_page

URL = "http://drugs.emedtv.com/gabapentin/what-is-gabapentin-used-for.html"


def _uses(body: str) -> dict[str, set[str]]:
    html = f'<html><body><div class="articleHtml"><h1>What Is Gabapentin Used For?</h1>{body}</div></body></html>'
    record = extract_page(URL, html.encode(), {"content-type": "text/html"}).record
    assert record is not None
    out: dict[str, set[str]] = {"approved": set(), "off_label": set()}
    for use in record.uses:
        out[use.use_type].add(use.condition.lower())
    return out


def test_an_explicit_off_label_statement_beats_an_implicit_approved_reading() -> None:
    uses = _uses("<div>Gabapentin is approved to treat postherpetic neuralgia.</div>"
                 "<div>Doctors sometimes prescribe gabapentin off-label for hot flashes.</div>"
                 "<div>When gabapentin is used to treat hot flashes, the dose is lower.</div>")
    assert "hot flashes" in uses["off_label"]
    assert "hot flashes" not in uses["approved"]
    assert "postherpetic neuralgia" in uses["approved"]


def test_an_explicit_approval_stands_beside_an_off_label_mention() -> None:
    uses = _uses("<div>Gabapentin is approved to treat postherpetic neuralgia.</div>"
                 "<div>Some doctors also use gabapentin off-label for postherpetic neuralgia in children.</div>")
    assert "postherpetic neuralgia" in uses["approved"]


def test_a_use_named_after_a_combination_phrase_is_the_drugs_use() -> None:
    uses = _uses("<div>Gabapentin is used alone or together with other medications to treat partial seizures.</div>")
    assert "partial seizures" in uses["approved"]


def test_a_combination_phrase_with_no_use_after_it_names_no_use() -> None:
    uses = _uses("<div>Gabapentin is approved to treat postherpetic neuralgia.</div>"
                 "<div>Gabapentin is sometimes taken together with morphine.</div>")
    assert "morphine" not in uses["approved"] | uses["off_label"]


def test_a_why_is_it_prescribed_heading_opens_a_list_of_uses() -> None:
    uses = _uses("<h2>Why is this medication prescribed?</h2><ul><li>Postherpetic neuralgia</li>"
                 "<li>Partial seizures</li></ul><h2>How should this medicine be used?</h2>"
                 "<ul><li>Take it with a full glass of water</li></ul>")
    assert {"postherpetic neuralgia", "partial seizures"} <= uses["approved"]
    assert not any("water" in u for u in uses["approved"])


def _generic_record(body: str):  # noqa: ANN202 - a PageRecord
    html = (f"<html><head><title>Propranolol</title></head><body><main><h1>Propranolol</h1><p>Propranolol is a "
            f"beta blocker medicine.</p>{body}</main></body></html>")
    record = extract_page("https://meds.example.org/drugs/propranolol", html.encode(), {}).record
    assert record is not None and record.drug == "propranolol"
    return record


def test_a_numbered_indication_heading_points_at_its_condition() -> None:
    """"Indication 1: Treatment of essential tremor": the use is the condition, its span the condition's words."""
    record = _generic_record("<h2>Indication 1: Treatment of essential tremor</h2><p>Take it twice a day.</p>")
    (use,) = [u for u in record.uses if "tremor" in u.condition]
    assert use.use_type == "approved" and record.text[use.span.start : use.span.end] == use.condition
    assert use.condition == "essential tremor"


def test_a_status_cell_after_a_ten_word_condition_cell_types_it() -> None:
    """A table row read as blocks, condition then status: a condition cell of up to ten words is read."""
    cell = "Prevention of migraine in adults with frequent and severe attacks"
    assert len(cell.split()) == 10
    record = _generic_record(f"<h2>Uses</h2><table><tr><td>{cell}</td><td>Off-label</td></tr></table>")
    assert [u.use_type for u in record.uses if "migraine" in u.condition] == ["off_label"]


def test_one_other_use_is_approved_outside_an_off_label_section_and_off_label_in_one() -> None:
    found = _uses("<div>Gabapentin is approved to treat seizures.</div>"
                  "<div>Postherpetic neuralgia is one other use for gabapentin.</div>")
    assert "postherpetic neuralgia" in found["approved"]
    found = _uses("<div>Gabapentin is approved to treat seizures.</div><h2>Off-Label Gabapentin Uses</h2>"
                  "<div>Hot flashes are one other use for gabapentin.</div>")
    assert "hot flashes" in found["off_label"] and "hot flashes" not in found["approved"]


def test_a_lead_in_hands_its_type_to_its_own_list_only() -> None:
    found = _uses("<div>Gabapentin is approved to treat the following conditions:</div>"
                  "<ul><li>Seizures</li><li>Postherpetic neuralgia</li></ul><ul><li>Dizziness</li></ul>")
    assert found["approved"] == {"seizures", "postherpetic neuralgia"}


def test_an_aside_in_parentheses_states_no_use() -> None:
    found = _uses("<div>Gabapentin is approved to treat seizures. (Gabapentin is approved to treat restless legs "
                  "syndrome in another form.)</div>")
    assert found["approved"] == {"seizures"}


def test_a_list_after_prose_in_an_off_label_section_is_off_label() -> None:
    found = _uses("<div>Gabapentin is approved to treat seizures.</div><h2>Off-Label Uses</h2>"
                  "<div>Some doctors also prescribe gabapentin for other problems.</div>"
                  "<ul><li>hot flashes</li><li>chronic cough</li></ul>")
    assert {"hot flashes", "chronic cough"} <= found["off_label"]
