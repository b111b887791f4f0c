"""Field extraction on saved pages, each beside its expected record (web-poet style cases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import extract_page
from output.evaluation import FIELDS, FieldScore, load_cases, predicted_fields, score_list, score_scalar

FIXTURES = Path(__file__).parent / "fixtures"
CASES = load_cases(FIXTURES / "emedtv")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_matches_expected_record(case) -> None:  # noqa: ANN001 - a Case
    result = extract_page(case.url, case.page.read_bytes(), {"content-type": "text/html"})
    assert result.record is not None, result.error_message or result.skip_reason
    got = predicted_fields(result.record)
    misses: list[str] = []
    for name in FIELDS:
        if name not in case.expected:
            continue
        score = FieldScore()
        if name in ("drug", "title", "page_type", "drug_class"):
            score_scalar(got[name], case.expected[name], score, name)
        else:
            score_list(got[name] or [], case.expected[name], score, name, exact=name == "referring_pages")
        misses += score.misses
    assert not misses, "\n".join(misses)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_value_points_at_its_evidence(case) -> None:  # noqa: ANN001 - a Case
    record = extract_page(case.url, case.page.read_bytes(), {}).record
    assert record is not None
    spans = [b.span for b in record.brand_names] + [u.span for u in record.uses]
    spans += [c.span for c in record.co_medications] + ([record.drug_class] if record.drug_class else [])
    for span in spans:
        assert record.text[span.start : span.end] == span.value
        assert span.evidence in record.text
        assert span.value in span.evidence
    for brand in record.brand_names:
        assert "®" not in brand.brand_name and "™" not in brand.brand_name
    for use in record.uses:
        assert record.text[use.span.start : use.span.end] == use.condition
