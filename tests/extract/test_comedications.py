"""Co-medications: the class a partner is named as an example of holds for every member of the list."""

from __future__ import annotations

from extract import extract_page
from extract.analysis.comedications import _in_example_parens

URL = "http://drugs.emedtv.com/methotrexate/what-is-methotrexate-used-for.html"


def _co_medications(sentence: str) -> dict[str, str | None]:
    html = (f'<html><body><div class="articleHtml"><h1>What Is Methotrexate Used For?</h1>'
            f"<div>Methotrexate is approved to treat rheumatoid arthritis.</div><div>{sentence}</div></div>"
            "</body></html>")
    record = extract_page(URL, html.encode(), {}).record
    assert record is not None
    return {c.co_medication: c.drug_class for c in record.co_medications}


def test_every_member_of_a_such_as_list_carries_the_class() -> None:
    found = _co_medications("For rheumatoid arthritis, methotrexate is often used in combination with a "
                            "corticosteroid, such as prednisone, methylprednisolone or dexamethasone.")
    assert found == dict.fromkeys(("prednisone", "methylprednisolone", "dexamethasone"), "corticosteroid")


def test_a_partner_outside_the_list_takes_no_class() -> None:
    found = _co_medications("Methotrexate is often used in combination with a corticosteroid, such as prednisone, "
                            "and it can also be combined with sulfasalazine for better control.")
    assert found["prednisone"] == "corticosteroid"
    assert found.get("sulfasalazine") is None


def test_a_class_named_as_the_partner_is_a_co_medication() -> None:
    found = _co_medications("For severe rheumatoid arthritis, methotrexate may be used in combination with "
                            "corticosteroids.")
    assert found == {"corticosteroids": "corticosteroids"}


def test_a_class_that_says_what_a_named_partner_is_stays_its_class() -> None:
    found = _co_medications("Methotrexate is often used in combination with a corticosteroid (prednisone).")
    assert set(found) == {"prednisone"}


def _rows(body: str, drug: str = "methotrexate", lead: str = "is approved to treat rheumatoid arthritis.") -> list:
    """(co-medication, class) rows, repeats kept, of an eMedTV-layout page about ``drug`` with ``body``."""
    title = drug.capitalize()
    html = (f'<html><body><div class="articleHtml"><h1>What Is {title} Used For?</h1>'
            f"<div>{title} {lead}</div>{body}</div></body></html>")
    record = extract_page(f"http://drugs.emedtv.com/{drug}/what-is-{drug}-used-for.html", html.encode(), {}).record
    assert record is not None
    return [(c.co_medication, c.drug_class) for c in record.co_medications]


def test_a_list_after_a_colon_ends_where_the_next_list_begins() -> None:
    rows = _rows("<div>Methotrexate is often used together with these medicines:</div>"
                 "<ul><li>prednisone</li><li>folic acid</li></ul><ul><li>ibuprofen</li></ul>")
    assert [name for name, _ in rows] == ["prednisone", "folic acid"]


def test_a_heading_is_no_statement_of_combination() -> None:
    assert _rows("<h2>Methotrexate in Combination With Folic Acid</h2><div>It is taken once a week.</div>") == []


def test_a_warning_word_after_the_partner_does_not_undo_the_combination() -> None:
    rows = _rows("<div>Methotrexate is used in combination with a low daily dose of folic acid, which lowers its "
                 "side effects in most people.</div>")
    assert rows == [("folic acid", None)]


def test_a_class_is_at_most_three_words_before_its_example() -> None:
    rows = _rows("<div>Fluticasone is used in combination with an inhaled long-acting beta agonist such as "
                 "salmeterol.</div>", drug="fluticasone", lead="is approved to treat asthma.")
    assert rows == [("salmeterol", "long-acting beta agonist")]


def test_other_medications_or_treatments_name_no_class() -> None:
    for words in ("other medications", "other medicines", "other treatments"):
        rows = _rows(f"<div>Methotrexate may be used in combination with {words}, such as sulfasalazine.</div>")
        assert rows == [("sulfasalazine", None)], words


def test_a_class_describing_a_named_partner_on_either_side_is_no_partner() -> None:
    lead = "is approved to treat high blood pressure."
    for sentence in ("Lisinopril may be used in combination with nifedipine, which is a calcium channel blocker.",
                     "Lisinopril is used in combination with a low dose of a diuretic, for instance "
                     "hydrochlorothiazide."):
        rows = _rows(f"<div>{sentence}</div>", drug="lisinopril", lead=lead)
        assert [c for _, c in rows] == [None] and len(rows) == 1, rows


def test_a_partner_class_named_twice_is_one_row() -> None:
    rows = _rows("<div>Methotrexate may be used in combination with corticosteroids or with other "
                 "corticosteroids.</div>")
    assert rows == [("corticosteroids", "corticosteroids")]


def _label_rows(indications: str) -> list:
    """Co-medications of a DailyMed archive label whose INDICATIONS AND USAGE section is ``indications``."""
    title = "Glucotrol (glipizide) Tablets"
    html = (f"<html><head><title>{title}</title></head><body><p class='DocumentTitle'>{title}</p>"
            f"<h2>INDICATIONS AND USAGE</h2><p>{indications}</p><h2>CONTRAINDICATIONS</h2><p>None known.</p>"
            "</body></html>")
    url = "https://dailymed.nlm.nih.gov/dailymed/archives/fdaDrugInfo.cfm?archiveid=1"
    record = extract_page(url, html.encode(), {}).record
    assert record is not None and record.drug == "glipizide"
    return [c.co_medication for c in record.co_medications]


def test_a_label_combination_the_label_refuses_is_none() -> None:
    assert _label_rows("Glipizide is indicated as an adjunct to diet and exercise in adults with type 2 diabetes "
                       "mellitus, and it should not be used in combination with insulin.") == []


def test_a_lab_value_elsewhere_in_the_sentence_does_not_hide_the_partner() -> None:
    assert _label_rows("To lower blood sugar levels, glipizide is indicated in combination with metformin.") == [
        "metformin"]


def test_a_measured_substance_before_the_partner_does_not_end_the_sentence() -> None:
    assert "metformin" in _label_rows("Glipizide is indicated to lower glucose in adults with type 2 diabetes "
                                      "mellitus, in combination with metformin.")


def test_an_example_in_parentheses_is_no_partner_and_what_surrounds_it_is() -> None:
    rows = _label_rows("Glipizide is indicated in combination with a biguanide (e.g., metformin) or insulin.")
    assert "metformin" not in rows and "insulin" in rows and rows[0] != "insulin", rows


def test_an_example_parenthesis_opening_the_text_still_counts() -> None:
    text = "(e.g., rifampin) with isoniazid"
    assert _in_example_parens(text, text.index("rifampin"))
    assert not _in_example_parens(text, text.index("isoniazid"))
