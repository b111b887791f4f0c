"""The Referring Pages block is found by its label, whatever markup carries it."""

from __future__ import annotations

import pytest

from extract import extract_page

URL = "http://anxiety.emedtv.com/lorazepam/lorazepam-uses.html"
ARTICLE = """<div class="mainContent"><div class="articleHtml"><h1>Lorazepam Uses</h1>
<div>Lorazepam (Ativan&reg;) is a prescription benzodiazepine used to treat anxiety disorders.</div></div>
<div class="box"><h3>Lorazepam Drug Information</h3><ul>\
<li><a href="/lorazepam/lorazepam.html">Lorazepam</a></li></ul></div>
{block}
</div><div class="bottom"><a href="/terms.html">Terms of Use</a> | <a href="/privacy.html">Privacy Policy</a>
Copyright &copy; 2006-2020 Clinaero, Inc.</div>"""

EXPECTED = ["http://anxiety.emedtv.com/alprazolam/alprazolam.html",
            "http://drugs.emedtv.com/clonazepam/clonazepam.html",
            "http://anxiety.emedtv.com/lorazepam/lorazepam-dosage.html"]
HREFS = ['/alprazolam/alprazolam.html', '//drugs.emedtv.com/clonazepam/clonazepam.html', 'lorazepam-dosage.html']
LINKS = [f'<a href="{h}">Page {i}</a>' for i, h in enumerate(HREFS)]

BLOCKS = {
    "definition-list": "<dl><dt>Referring Pages:</dt>" + "".join(f"<dd>{a}</dd>" for a in LINKS) + "</dl>",
    "ordered-list": "<div><strong>Referring Pages:</strong><ol>" + "".join(f"<li>{a}</li>" for a in LINKS)
    + "</ol></div>",
    "pipe-separated": "<div>Referring Pages: " + " | ".join(LINKS) + "</div>",
    "layout-table": "<table><tr><td><b>Referring Pages:</b></td></tr><tr><td>" + "<br>".join(LINKS)
    + "</td></tr></table>",
    "header-div": '<div><div class="hdr">Referring Pages</div><div>' + "".join(f"<div>{a}</div>" for a in LINKS)
    + "</div></div>",
    "label-split-colon": "<p><b>Referring Pages</b>:<br>" + "<br>\n".join(LINKS) + "</p>",
    "with-blurbs": "<h4>Referring Pages:</h4><ul>" + "".join(f"<li>{a} - an overview of this topic</li>" for a in LINKS)
    + "</ul>",
}


@pytest.mark.parametrize("name", BLOCKS)
def test_referring_block_in_any_markup(name: str) -> None:
    html = "<html><body>" + ARTICLE.format(block=BLOCKS[name]) + "</body></html>"
    record = extract_page(URL, html.encode(), {"content-type": "text/html"}).record
    assert record is not None
    assert [link.target_url for link in record.links if link.kind == "referring"] == EXPECTED
    assert [link.target_url for link in record.links if link.kind == "drug_info"] == [
        "http://anxiety.emedtv.com/lorazepam/lorazepam.html"]


def test_page_without_the_block_has_no_referring_links() -> None:
    html = "<html><body>" + ARTICLE.format(block="") + "</body></html>"
    record = extract_page(URL, html.encode(), {}).record
    assert record is not None and not [link for link in record.links if link.kind == "referring"]


# What follows the block, and must not be taken for referring pages. Each ending is written so that only its own
# stop rule can catch it: the heading and the footer hold nothing but links, the next label shares the block's box.
ENDINGS = {
    "heading": '<h3><a href="/related/more.html">More from eMedTV</a></h3><div><a href="/x/y.html">Y</a></div>',
    "footer-container": '<div id="footer"><a href="/sitemap.html">Site Map</a> <a href="/jobs.html">Careers</a></div>',
    "footer-class": '<div class="site-footer"><a href="/sitemap.html">Site Map</a></div>',
}
MARKUPS = ("ordered-list", "header-div", "layout-table", "with-blurbs")


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("name", MARKUPS)
def test_block_ends_at_a_heading_or_a_footer_container(name: str, ending: str) -> None:
    html = "<html><body>" + ARTICLE.format(block=BLOCKS[name] + ENDINGS[ending]) + "</body></html>"
    record = extract_page(URL, html.encode(), {"content-type": "text/html"}).record
    assert record is not None
    assert [link.target_url for link in record.links if link.kind == "referring"] == EXPECTED


@pytest.mark.parametrize("label", ["You May Also Like:", "Sponsored Links:"])
def test_block_ends_at_the_next_label_in_the_same_box(label: str) -> None:
    block = ("<div>Referring Pages: " + " | ".join(LINKS) + f" <b>{label}</b> "
             '<a href="http://ads.example.com/x">Ad</a></div>')
    html = "<html><body>" + ARTICLE.format(block=block) + "</body></html>"
    record = extract_page(URL, html.encode(), {"content-type": "text/html"}).record
    assert record is not None
    assert [link.target_url for link in record.links if link.kind == "referring"] == EXPECTED
