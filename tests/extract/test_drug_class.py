"""Drug class: what the page says the drug is, never what it treats."""

from __future__ import annotations

import pytest

from extract import extract_page

URL = "http://drugs.emedtv.com/metformin/what-is-metformin.html"


def _class(sentences: str) -> str | None:
    html = (f'<html><body><div class="articleHtml"><h1>What Is Metformin?</h1><div>{sentences}</div></div>'
            "</body></html>")
    record = extract_page(URL, html.encode(), {}).record
    assert record is not None
    return record.drug_class.value if record.drug_class else None


@pytest.mark.parametrize("disease", ["diabetes", "seizure", "high blood pressure"])
def test_a_condition_named_before_medication_is_no_class(disease: str) -> None:
    assert _class(f"Metformin is a prescription {disease} medication.") is None


def test_the_class_stated_after_a_condition_word_is_found() -> None:
    assert _class("Metformin is a prescription diabetes medication. Metformin belongs to a group of medicines "
                  "called biguanides.") == "biguanide"
