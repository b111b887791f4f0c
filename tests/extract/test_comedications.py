"""Co-medications: the class a partner is named as an example of holds for every member of the list."""

from __future__ import annotations

from extract import extract_page

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
