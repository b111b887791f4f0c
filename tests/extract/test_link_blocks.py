"""Link blocks read after their label: what inside or around a block is part of it, and what ends it.

Pages are the Referring Pages article of ``test_referring_pages`` with one thing changed each (the markup a
mutation test found unguarded): inline blurbs, named anchors, comments, ad slots, a link named like a label.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from extract import extract_page
from extract.link_blocks import MAX_WALK, absolute, anchors_after_label, base_url, find_labels
from extract.sites.emedtv import BOUNDARY_LABEL, FOOTER_LINK_TEXTS, REFERRING_LABEL
from tests.extract.test_referring_pages import ARTICLE, EXPECTED, LINKS, URL


def _referring(block: str) -> list[str]:
    html = "<html><body>" + ARTICLE.format(block=block) + "</body></html>"
    record = extract_page(URL, html.encode(), {"content-type": "text/html"}).record
    assert record is not None
    return [link.target_url for link in record.links if link.kind == "referring"]


def test_a_blurb_in_inline_markup_beside_its_link_keeps_the_block_open() -> None:
    items = "".join(f"<li>{a} <em>an overview of <b>this</b> topic</em></li>" for a in LINKS)
    assert _referring(f"<h4>Referring Pages:</h4><ul>{items}</ul><p>Unrelated text of its own.</p>") == EXPECTED


def test_text_of_its_own_after_the_links_ends_the_block() -> None:
    after = '<p><span>Advertisement</span> <a href="/ads/x.html">Ad</a></p>'
    assert _referring("<div>Referring Pages: " + " | ".join(LINKS) + f"</div>{after}") == EXPECTED


def test_a_named_anchor_and_an_intro_line_before_the_links() -> None:
    block = ('<div>Referring Pages:</div><a name="refs"></a><p>Pages that link here</p>'
             "<ul>" + "".join(f"<li>{a}</li>" for a in LINKS) + "</ul>")
    assert _referring(block) == EXPECTED


def test_a_footer_link_in_nested_markup_ends_the_block() -> None:
    block = ("<div>Referring Pages: " + " | ".join(LINKS)
             + ' | <a href="/terms.html"><b>Terms</b> of <i>Use</i></a> <a href="/more.html">More</a></div>')
    assert _referring(block) == EXPECTED


def test_a_comment_is_neither_a_label_nor_text() -> None:
    block = ("<dl><dt>Referring Pages:</dt><!-- links: --><!-- Related Channels -->"
             + "".join(f"<dd>{a}</dd><!-- ad slot -->" for a in LINKS) + "</dl>")
    assert _referring(block) == EXPECTED


def test_script_and_style_in_an_ad_slot_between_the_links_are_no_text() -> None:
    slot = ('<li class="ad"><script>showAd("related: sponsored");</script></li>'
            '<li class="ad"><style>.ad { display: none }</style></li>')
    block = "<div><strong>Referring Pages:</strong><ol>" + slot.join(f"<li>{a}</li>" for a in LINKS) + "</ol></div>"
    assert _referring(block) == EXPECTED


def test_a_referring_link_named_like_a_label_is_a_link() -> None:
    links = [LINKS[0], '<a href="/alprazolam/alprazolam-drug-information.html">Alprazolam Drug Information</a>',
             *LINKS[1:]]
    expected = [EXPECTED[0], "http://anxiety.emedtv.com/alprazolam/alprazolam-drug-information.html", *EXPECTED[1:]]
    assert _referring("<div>Referring Pages:<ul>" + "".join(f"<li>{a}</li>" for a in links) + "</ul></div>") == expected


def test_a_block_is_read_up_to_max_walk_nodes_after_its_label() -> None:
    """The walk is bounded: a label followed by a huge run of links gives the links in the first MAX_WALK + 1
    nodes (the list, a marker, then each link and its text), and no error."""
    count = MAX_WALK // 2 + 10
    links = "".join(f'<a href="/p{i}.html">{i}</a>' for i in range(count))
    soup = BeautifulSoup(f"<div><p>Referring Pages:</p><div><b></b>{links}</div></div>", "lxml")
    label = find_labels(soup, {"referring": REFERRING_LABEL})["referring"]
    found = anchors_after_label(label, BOUNDARY_LABEL, FOOTER_LINK_TEXTS)
    assert [a["href"] for a in found] == [f"/p{i}.html" for i in range(MAX_WALK // 2)]


def test_find_labels_takes_the_first_visible_text_of_each() -> None:
    soup = BeautifulSoup("<html><head><title>Referring Pages</title><script>Referring Pages</script>"
                         "<style>Referring Pages</style></head><body><!--Referring Pages-->"
                         "<p>Lorazepam Drug Information</p><p>Referring Pages:</p><p>Referring Pages</p></body></html>",
                         "lxml")
    found = find_labels(soup, {"referring": REFERRING_LABEL, "info": BOUNDARY_LABEL})
    assert str(found["referring"]) == "Referring Pages:" and found["referring"].parent.name == "p"
    assert str(found["info"]) == "Lorazepam Drug Information"
    assert find_labels(soup, {"none": re.compile("^Nothing here$")}) == {}


def test_absolute_targets_and_the_base_url() -> None:
    soup = BeautifulSoup('<html><head><base href="/m/"></head><body></body></html>', "lxml")
    base = base_url(soup, "http://anxiety.emedtv.com/lorazepam/x.html")
    assert base == "http://anxiety.emedtv.com/m/"
    for page in ("<p>no base</p>", '<head><base target="_blank"></head>'):
        assert base_url(BeautifulSoup(page, "lxml"), "http://a.example/x") == "http://a.example/x", page
    assert absolute(base, "  y.html#top ") == "http://anxiety.emedtv.com/m/y.html"
    assert absolute(base, "https://other.example/z") == "https://other.example/z"
    for href in ("", "   ", "#top", "mailto:a@b.example", "javascript:void(0)", "ftp://x.example/f"):
        assert absolute(base, href) is None, href
