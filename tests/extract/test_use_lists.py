"""Lists and spans of uses and co-medications, on pages written for one rule each (rules a mutation test
found unguarded): a lone adjective before a comma, a sentence that points back at the list before it, quotes
around a condition, a heading's lead words, a combination lead-in handing its list over."""

from __future__ import annotations

import pytest

from extract import extract_page
from tests.extract.test_uses import URL, _uses

LISTED = "rheumatoid arthritis, psoriatic arthritis, ankylosing spondylitis, and ulcerative colitis"


def test_a_lone_adjective_before_a_comma_joins_the_words_after_it() -> None:
    uses = _uses("<div>Gabapentin is used to treat painful, recurring migraines.</div>")
    assert "painful, recurring migraines" in uses["approved"]
    assert "painful" not in uses["approved"] and "recurring migraines" not in uses["approved"]


@pytest.mark.parametrize("tail", ["the immune system attacks the body's own healthy tissue", "it helps"])
def test_these_conditions_are_those_the_sentence_before_listed(tail: str) -> None:
    uses = _uses(f"<div>In {LISTED}, {tail}. Gabapentin is approved to treat all four of these conditions.</div>")
    assert {"rheumatoid arthritis", "psoriatic arthritis", "ankylosing spondylitis", "ulcerative colitis"} <= uses[
        "approved"]


def test_quotes_around_a_condition_are_not_part_of_it() -> None:
    assert _uses("<div>Gabapentin is used to treat &ldquo;restless legs&rdquo;.</div>")["approved"] == {"restless legs"}


def _record(body: str):  # noqa: ANN202 - a PageRecord
    html = f'<html><body><div class="articleHtml"><h1>What Is Gabapentin Used For?</h1>{body}</div></body></html>'
    record = extract_page(URL, html.encode(), {"content-type": "text/html"}).record
    assert record is not None
    return record


def test_a_heading_use_points_at_its_condition_past_the_lead_words() -> None:
    record = _record("<h2>Gabapentin for the Treatment of Hot Flashes</h2><div>Some text about the dose.</div>")
    spans = {u.condition: record.text[u.span.start : u.span.end] for u in record.uses}
    assert spans == {"Hot Flashes": "Hot Flashes"}


def test_a_combination_lead_in_hands_its_list_items_over() -> None:
    record = _record("<div>Gabapentin is often used in combination with other medicines, including:</div>"
                     "<ul><li>Morphine</li><li>Naproxen</li></ul>")
    assert [c.co_medication for c in record.co_medications] == ["morphine", "naproxen"]
    assert all(record.text[c.span.start : c.span.end] == c.span.value for c in record.co_medications)


def test_a_use_stated_after_a_combination_is_the_pair_s() -> None:
    uses = _uses("<div>When gabapentin is combined with morphine, the pair is approved to treat nerve pain.</div>")
    assert uses["approved"] == {"nerve pain"}


def test_an_opening_list_item_of_five_words_is_read() -> None:
    """Items of up to five words belong to a sentence's opening list; a longer piece ends it."""
    uses = _uses("<div>In rheumatoid arthritis, psoriatic arthritis, and moderate to severe plaque psoriasis, the "
                 "immune system attacks healthy tissue. Gabapentin is approved to treat all three of these "
                 "conditions.</div>")
    assert {"rheumatoid arthritis", "psoriatic arthritis"} <= uses["approved"]
    assert any(u.endswith("plaque psoriasis") for u in uses["approved"]), uses
