"""Brand names read from the sections drug sites give them, not only from prose."""

from __future__ import annotations

from extract import extract_page

URL = "https://medsguide.example.org/drugs/amlodipine.html"
PAGE = """<html><head><title>Amlodipine</title></head><body><article><h1>Amlodipine</h1>
<h2>Why is this medication prescribed?</h2>
<p>Amlodipine is used to treat high blood pressure. Amlodipine is in a class of medications called calcium
channel blockers. It works by relaxing the blood vessels so the heart does not have to pump as hard.</p>
<h2>Brand names</h2>{brands}
<h2>Brand names of combination products</h2>
<ul><li>Caduet® (containing Amlodipine, Atorvastatin)</li><li>Exforge® (containing Amlodipine, Valsartan)</li></ul>
<h2>Storage</h2><p>Keep this medication in the container it came in.</p>
</article></body></html>"""


def _brands(brands_html: str) -> list[str]:
    record = extract_page(URL, PAGE.format(brands=brands_html).encode(), {"content-type": "text/html"}).record
    assert record is not None and record.drug == "amlodipine"
    return sorted(b.brand_name for b in record.brand_names)


def test_every_item_of_a_brand_names_list_is_a_brand_and_combination_products_are_not() -> None:
    assert _brands("<ul><li>Norvasc®</li><li>Katerzia®</li><li>Norliqva®</li></ul>") == [
        "Katerzia", "Norliqva", "Norvasc"]


def test_a_brand_names_line_is_read_as_before() -> None:
    assert _brands("<p>Norvasc, Katerzia</p>") == ["Katerzia", "Norvasc"]


def test_a_brand_with_a_mark_inside_points_at_the_name_as_written() -> None:
    """'Prevacid® SoluTab' is the brand 'Prevacid SoluTab'; its span covers the written name, mark and all, so the
    text at its offsets is its span's value (a span ending one character short cut 'SoluTa')."""
    html = ("<html><body><div class='articleHtml'><h1>Lansoprazole</h1><div>Lansoprazole (Prevacid®, Prevacid® "
            "SoluTab) is a prescription medicine approved to treat ulcers.</div></div></body></html>")
    record = extract_page("http://drugs.emedtv.com/lansoprazole/lansoprazole.html", html.encode(),
                          {"content-type": "text/html"}).record
    assert record is not None
    spans = {b.brand_name: b.span for b in record.brand_names}
    assert spans.keys() == {"Prevacid", "Prevacid SoluTab"}
    solutab = spans["Prevacid SoluTab"]
    assert solutab.value == "Prevacid® SoluTab" == record.text[solutab.start : solutab.end]
    assert record.text[spans["Prevacid"].start : spans["Prevacid"].end] == "Prevacid"
