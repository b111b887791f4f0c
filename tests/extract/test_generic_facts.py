"""Pages of unknown sites: the fact boxes and brand lists trafilatura drops as boilerplate are read for brands and
class; brand lists with qualifiers, footnote marks and product lines; comments and sidebars are not the page's."""

from __future__ import annotations

from extract import extract_page

URL = "https://www.example-pharmacy.org/drug-library/doxazosin"
ARTICLE = ("<p>Doxazosin is used to treat high blood pressure and the urinary symptoms of an enlarged prostate. "
           "It relaxes blood vessels and the muscle around the bladder neck, which eases urine flow.</p>"
           "<p>Take it at bedtime at first, since it can make you dizzy when you stand up. Your doctor may raise "
           "the dose every week or two, checking your blood pressure at each visit.</p>" * 3)


def _record(body: str, aside: str = ""):  # noqa: ANN202 - a PageRecord
    html = (f"<html><head><title>Doxazosin | Example Pharmacy</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<main><article><h1>Doxazosin</h1>{body}{ARTICLE}</article></main>{aside}"
            "<footer><p>Example Pharmacy, 1 High Street</p></footer></body></html>")
    record = extract_page(URL, html.encode(), {"content-type": "text/html"}).record
    assert record is not None and record.drug == "doxazosin"
    return record


def _brands(record) -> list[str]:  # noqa: ANN001
    return [b.brand_name for b in record.brand_names]


def test_a_fact_box_row_gives_brands_and_class_with_spans_into_the_text() -> None:
    record = _record("<aside class='drug-facts'><table><tr><th>Generic name</th><td>doxazosin mesylate</td></tr>"
                     "<tr><th>Brand(s)</th><td>Cardura; Carduran (outside the US)</td></tr>"
                     "<tr><th>Drug class</th><td>Alpha blocker</td></tr></table></aside>")
    assert _brands(record) == ["Cardura", "Carduran"]
    assert record.drug_class is not None and record.drug_class.value == "Alpha blocker"
    for span in [b.span for b in record.brand_names] + [record.drug_class]:
        assert record.text[span.start : span.end] == span.value


def test_a_brand_names_section_list_with_marks_and_footnotes() -> None:
    record = _record("<h2>Proprietary names</h2><ul><li>Cardura&reg;&Dagger;</li><li>Cardura XL&reg;</li></ul>"
                     "<p>&Dagger; no longer sold in some countries.</p>")
    assert _brands(record) == ["Cardura", "Cardura XL"]


def test_brands_in_parentheses_after_the_generic_with_a_product_line() -> None:
    record = _record("<p>Doxazosin (Cardura, Cardura XL) is an alpha blocker.</p>")
    assert _brands(record) == ["Cardura", "Cardura XL"]


def test_a_brand_phrase_with_places_and_asides_names_only_the_brands() -> None:
    record = _record("<p>Doxazosin is sold under the brand names Cardura in the US and Carduran in the UK.</p>"
                     "<p>Common brand names include Cardura (tablets) and Cardura XL.</p>"
                     "<p>It is also marketed as Cardura in Europe and Canada.</p>")
    assert sorted(_brands(record)) == ["Cardura", "Cardura XL", "Carduran"]


def test_a_sidebar_table_and_comments_are_not_the_page_s_facts() -> None:
    aside = ("<div class='sidebar-related'><table><tr><th>Brand names</th><td>Flomax</td></tr></table></div>"
             "<section class='comments'><h2>Brand names</h2><ul><li>Hytrin</li></ul></section>")
    record = _record("", aside)
    assert _brands(record) == []
    assert "Flomax" not in record.text and "Hytrin" not in record.text


def test_a_topic_page_listing_drugs_in_its_opening_is_about_none_of_them() -> None:
    html = ("<html><body><main><h1>Heart &amp; Blood Pressure: Pharmacist Answers</h1><p>Questions about blood "
            "pressure pills and heart rhythm drugs, answered by pharmacists.</p><p>Popular drugs in this topic: "
            "Amlodipine Lisinopril Losartan Metoprolol</p>" + "<p>Ask a question about your medicines.</p>" * 20
            + "</main></body></html>")
    result = extract_page("https://www.example-answers.net/topics/heart", html.encode(), {"content-type": "text/html"})
    assert result.record is None and result.skip_reason == "not_a_drug_page"
    assert _record("").drug == "doxazosin"  # one drug named in the opening still makes a drug page


def _page(url: str, title: str, body: str):  # noqa: ANN202 - an ExtractResult
    html = (f"<html><head><title>{title}</title></head><body><main><article><h1>{title}</h1>{body}{ARTICLE}"
            "</article></main></body></html>")
    return extract_page(url, html.encode(), {"content-type": "text/html"})


def test_a_drug_named_only_in_passing_in_the_opening_makes_no_drug_page() -> None:
    """A drug page names its drug in its heading or its address; a shipping FAQ that opens with "insulins, GLP-1
    pens" is about neither."""
    faq = _page("https://www.example-pharmacy.org/help/cold-shipping", "Shipping Medicines That Need Refrigeration",
                "<p>Insulins, GLP-1 pens and some eye drops must stay cold from our pharmacy to your door.</p>")
    assert faq.record is None and faq.skip_reason == "not_a_drug_page"
    named = _page("https://www.example-pharmacy.org/drug-library/doxazosin", "What You Should Know",
                  "<p>Doxazosin is used to treat high blood pressure.</p>")
    assert named.record is not None and named.record.drug == "doxazosin"


def test_a_status_badge_risk_factor_examples_and_a_class_called_by_its_type() -> None:
    record = _record("<h2>Uses</h2><ul><li><span class='badge'>FDA</span> <strong>High blood pressure</strong>: "
                     "alone or with other medicines.</li></ul>"
                     "<p>It is prescribed for adults who also have other risk factors such as diabetes or high "
                     "cholesterol.</p><p>It is a type of medicine called an alpha-1 blocker.</p>")
    conditions = [u.condition for u in record.uses]
    assert "High blood pressure" in conditions and not any(c.startswith("FDA") for c in conditions)
    assert "diabetes" not in conditions and "high cholesterol" not in conditions
    assert record.drug_class is not None and record.drug_class.value == "alpha-1 blocker"
