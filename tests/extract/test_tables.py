"""Tables drug sites use for facts: an indications table with a status column, a summary table's class row."""

from __future__ import annotations

from extract import extract_page

PAGE = """<html><head><title>Spironolactone - ClinRef</title></head><body>
<div class="sidebar"><h3>Related</h3><ul><li><a href="/x">Furosemide</a></li></ul></div>
<main><h1>Spironolactone</h1>
<table class="summary"><tr><th>Drug class</th><td>Mineralocorticoid receptor antagonists</td></tr>
<tr><th>Brand names</th><td>Aldactone, CaroSpir</td></tr>
<tr><th>Availability</th><td>Prescription only</td></tr></table>
<h2>Indications</h2>
<table><thead><tr><th>Indication</th><th>Status</th><th>Comments</th></tr></thead>
<tbody><tr><td>Primary hyperaldosteronism</td><td>FDA-labeled</td><td>Before surgery</td></tr>
<tr><td>Edema associated with cirrhosis</td><td>FDA approved</td><td></td></tr>
<tr><td>Acne vulgaris</td><td>Off-label</td><td>Women only</td></tr>
<tr><td>Hirsutism</td><td>Unlabeled</td><td></td></tr></tbody></table>
</main></body></html>"""


def test_status_column_says_approved_or_off_label_and_the_class_row_names_the_class() -> None:
    record = extract_page("https://clinref.example.com/drugs/spironolactone", PAGE.encode(),
                          {"content-type": "text/html"}).record
    assert record is not None and record.drug == "spironolactone"
    uses = {(u.use_type, u.condition) for u in record.uses}
    assert {("approved", "Primary hyperaldosteronism"), ("approved", "Edema associated with cirrhosis"),
            ("off_label", "Acne vulgaris"), ("off_label", "Hirsutism")} <= uses
    assert record.drug_class is not None
    assert record.drug_class.value == "Mineralocorticoid receptor antagonist"
    assert record.text[record.drug_class.start : record.drug_class.end] == record.drug_class.value
    assert {b.brand_name for b in record.brand_names} == {"Aldactone", "CaroSpir"}
