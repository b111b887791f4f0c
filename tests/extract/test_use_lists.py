"""Lists of conditions in use sentences, on pages written for one rule each (rules a mutation test found
unguarded): a lone adjective before a comma, a sentence that points back at the list before it."""

from __future__ import annotations

import pytest

from tests.extract.test_uses import _uses

LISTED = "rheumatoid arthritis, psoriatic arthritis, ankylosing spondylitis, and ulcerative colitis"


def test_a_lone_adjective_before_a_comma_joins_the_words_after_it() -> None:
    uses = _uses("<div>Gabapentin is used to treat painful, swollen joints.</div>")
    assert "painful, swollen joints" in uses["approved"]
    assert "painful" not in uses["approved"] and "swollen joints" not in uses["approved"]


@pytest.mark.parametrize("tail", ["the immune system attacks the body's own healthy tissue", "it helps"])
def test_these_conditions_are_those_the_sentence_before_listed(tail: str) -> None:
    uses = _uses(f"<div>In {LISTED}, {tail}. Gabapentin is approved to treat all four of these conditions.</div>")
    assert {"rheumatoid arthritis", "psoriatic arthritis", "ankylosing spondylitis", "ulcerative colitis"} <= uses[
        "approved"]
