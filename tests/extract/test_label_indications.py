"""FDA label indications in the shapes labels use: bullets in cells of their own, outcomes of "reduce the risk
of", an entry's criteria after its "and", the label's boundaries, and partner classes in the singular."""

from __future__ import annotations

from extract import extract_page

VIEWER = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=0f3c2a7e-1b2c-4d5e-8f90-123456789abc"
ARCHIVE = "https://dailymed.nlm.nih.gov/dailymed/archives/fdaDrugInfo.cfm?archiveid=42"


def _viewer(indications: str):  # noqa: ANN202 - a PageRecord
    html = ("<html><head><title>DailyMed - ZOLTRA- zoltranib tablet</title></head><body>"
            "<h1>Label: ZOLTRA- zoltranib tablet</h1><div id='drug-information'>"
            f"<div data-sectioncode='34067-9'><h2>1 INDICATIONS AND USAGE</h2>{indications}</div>"
            "<div data-sectioncode='34084-4'><h2>6 ADVERSE REACTIONS</h2><p>Headache and nausea were reported."
            "</p></div></div></body></html>")
    record = extract_page(VIEWER, html.encode(), {}).record
    assert record is not None and record.drug == "zoltranib"
    return record


def _uses(record) -> list[str]:  # noqa: ANN001
    return [u.condition for u in record.uses]


def test_bullets_in_cells_of_their_own_hand_the_lead_in_to_each_entry() -> None:
    record = _viewer("<p>ZOLTRA is indicated:</p><div>●</div><div>as an adjunct to diet to reduce the risk of "
                     "myocardial infarction, stroke, and unstable angina requiring hospitalization in adults with "
                     "elevated triglycerides and</div><div>●</div><div>established cardiovascular disease or</div>"
                     "<div>●</div><div>diabetes mellitus and 2 or more additional risk factors.</div><div>●</div>"
                     "<div>for the treatment of postmenopausal women with hormone receptor-positive breast "
                     "cancer.</div>")
    assert _uses(record) == ["myocardial infarction", "stroke", "unstable angina",
                             "hormone receptor-positive breast cancer"]
    assert all(record.text[u.span.start : u.span.end] == u.span.value for u in record.uses)


def test_outcomes_named_by_their_kind_are_no_condition() -> None:
    record = _viewer("<p>ZOLTRA is indicated to reduce the risk of death, recurrent myocardial infarction, and "
                     "thromboembolic events such as stroke after myocardial infarction.</p>")
    assert _uses(record) == ["recurrent myocardial infarction"]


def test_alone_usually_and_a_numbered_entry_end_or_open_no_condition() -> None:
    record = _viewer("<p>ZOLTRA is indicated for the treatment of hypertension, alone or in combination with other "
                     "classes of antihypertensive drugs.</p><p>ZOLTRA is indicated in the treatment of congestive "
                     "heart failure usually in combination with diuretics.</p>")
    assert _uses(record) == ["hypertension", "congestive heart failure"]


def _archive(indications: str):  # noqa: ANN202 - a PageRecord
    title = "Zoltra (zoltranib) Tablets"
    html = (f"<html><head><title>{title}</title></head><body><p class='DocumentTitle'>{title}</p>"
            "<h2>INDICATIONS AND USAGE</h2><p>Zoltra is indicated for the treatment of hypertension (1.1).</p>"
            f"<h2>CONTRAINDICATIONS</h2><p>None.</p><h2>1 INDICATIONS AND USAGE</h2>{indications}"
            "<h2>2 DOSAGE AND ADMINISTRATION</h2><p>10 mg daily.</p></body></html>")
    record = extract_page(ARCHIVE, html.encode(), {}).record
    assert record is not None and record.drug == "zoltranib"
    return record


def test_an_archive_label_is_read_in_its_highlights_and_its_full_section() -> None:
    record = _archive("<p>Zoltra may be used alone or in combination with diuretics, beta-adrenergic blocking "
                      "agents or calcium channel blockers.</p>")
    assert _uses(record) == ["hypertension"]
    assert [c.co_medication for c in record.co_medications] == [
        "diuretics", "beta-adrenergic blocking agents", "calcium channel blockers"]


def test_a_partner_class_in_the_singular_and_the_drug_s_own_class_before_the_cue() -> None:
    record = _archive("<p>Zoltra, an ACE inhibitor, is indicated in combination with a thiazolidinedione or "
                      "as an adjunct to statin therapy.</p>")
    rows = {c.co_medication: c.drug_class for c in record.co_medications}
    assert rows == {"thiazolidinedione": "thiazolidinedione", "statin": "statin"}


def test_an_aged_population_and_a_course_after_the_condition_are_not_the_condition() -> None:
    record = _viewer("<p>ZOLTRA is indicated for patients 6 years of age and older with moderate to severe "
                     "persistent asthma.</p><p>ZOLTRA is indicated for the treatment of gastrointestinal stromal "
                     "tumor after disease progression on or intolerance to imatinib mesylate.</p>")
    assert _uses(record) == ["persistent asthma", "gastrointestinal stromal tumor"]  # severity: see LABEL_SEVERITY


def test_what_a_condition_is_associated_with_is_shared_out_over_the_list() -> None:
    """"X associated with A, B, or C" names X three times (the README's "edema associated with cirrhosis"); the
    span of each later one runs from X to its item, so the value is the page's own text."""
    record = _viewer("<p>ZOLTRA is indicated for the treatment of edema associated with congestive heart failure, "
                     "renal disease, or hepatic disease.</p>")
    assert _uses(record) == ["edema associated with congestive heart failure", "edema associated with renal disease",
                             "edema associated with hepatic disease"]
    for use in record.uses:
        assert record.text[use.span.start : use.span.end] == use.span.value
        assert use.span.value.startswith("edema associated with") and use.span.value.endswith(use.condition[-8:])


def test_an_older_label_states_its_class_in_its_description_where_the_vocabulary_names_it() -> None:
    html = ("<html><body><p class='DocumentTitle'>Zoltra (zoltranib) Tablets</p>"
            "<h2>DESCRIPTION</h2><p>ZOLTRA (zoltranib) is a loop diuretic. Chemically it is a pyridine.</p>"
            "<h2>INDICATIONS AND USAGE</h2><p>ZOLTRA is indicated for the treatment of hypertension.</p>"
            "</body></html>")
    record = extract_page(ARCHIVE, html.encode(), {}).record
    assert record is not None and record.drug_class is not None and record.drug_class.value == "loop diuretic"
    html_no_class = html.replace("is a loop diuretic", "is a white crystalline powder")
    assert extract_page(ARCHIVE, html_no_class.encode(), {}).record.drug_class is None


def test_a_negated_modifier_and_a_class_set_before_a_named_partner_are_no_partners() -> None:
    """"other non-biologic DMARDs": "biologic" says which DMARDs; "the muscarinic antagonist solifenacin": the
    partner is the drug the class word introduces."""
    record = _viewer("<p>ZOLTRA may be used as monotherapy or in combination with methotrexate or other "
                     "non-biologic DMARDs.</p><p>ZOLTRA, in combination with the muscarinic antagonist solifenacin "
                     "succinate, is indicated for the treatment of overactive bladder.</p>")
    partners = [c.co_medication for c in record.co_medications]
    assert "methotrexate" in partners and any("solifenacin" in p for p in partners)
    assert "biologic" not in partners and "muscarinic antagonist" not in partners, partners
