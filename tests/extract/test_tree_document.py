"""Blocks and strings read from the lxml tree (``extract.tree_document``) are those of the BeautifulSoup walk
(``extract.document``) on every fixture page, the bundled mirrors, the real DailyMed labels and odd markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import tree_document
from extract.charsets import decode_html
from extract.cut import cut_tree
from extract.document import build_document, clean, parse_html
from qa.evaluation import fixture_sets, load_cases
from tests.conftest import FIXTURES, REPO, SHARED_DAILYMED

TAGS = ("body", "div", "h1", "h2", "h3", "td", "li", "title", "p", "article", "section", "table")


def _pages() -> list[Path]:
    cases = [c.page for s in fixture_sets(FIXTURES) for c in load_cases(s.path)]  # sealed sets stay unrun
    mirrors = [p for site in ("emedtv", "dailymed") for p in (REPO / "sites" / site).rglob("*")
               if p.is_file() and not p.name.endswith((".json", ".md", ".txt"))]
    real = sorted((SHARED_DAILYMED / "pages").glob("*.html")) if (SHARED_DAILYMED / "pages").is_dir() else []
    return cases + mirrors + real


def _same(html: str) -> int:
    """Compare every element of the kinds in ``TAGS``, pairing the n-th of a kind in both trees; the number
    compared, or -1 where the cut leaves the page to the whole parse."""
    found = cut_tree(html, lambda tree: tree)
    if found is None:
        return -1
    soup = parse_html(html)
    compared = 0
    for name in TAGS:
        ours, theirs = list(found.tree.iter(name)), soup.find_all(name)
        assert len(ours) == len(theirs), name
        for el, tag in zip(ours, theirs, strict=True):
            # BeautifulSoup turns a string of ASCII spaces into one space or newline: the same once cleaned
            assert clean(tree_document.text_of(el, " ")) == clean(tag.get_text(" "))
            assert tree_document.build_document(el) == build_document(tag), name
            compared += 1
    return compared


def test_tree_document_is_the_soup_document_on_every_page() -> None:
    pages = _pages()
    compared = sum(max(_same(decode_html(p.read_bytes()).text), 0) for p in pages)
    assert len(pages) > 100 and compared > 5000


def test_real_dailymed_labels_are_read() -> None:
    if not (SHARED_DAILYMED / "pages").is_dir():
        pytest.skip(f"real DailyMed pages absent ({SHARED_DAILYMED})")
    for page in sorted((SHARED_DAILYMED / "pages").glob("*.html")):
        assert _same(decode_html(page.read_bytes()).text) > 0, page.name


ODD = {
    "comments": "<div><h2>A<!--x-->B</h2><p>one <!-- c --> two</p><!--y-->tail</div>",
    "script and style in a heading": "<h1>T<script>var a;</script>U<style>p{}</style>V</h1><p>x</p>",
    "skipped tags": "<div>a<noscript>n</noscript>b<select><option>o</option></select>c<iframe>i</iframe>d</div>",
    "lists": "<ul><li>a<ul><li>b</li></ul>c</li></ul><ol><li>d</li></ol><li>loose</li>",
    "prose heading": "<h3>" + " ".join(["word"] * 30) + "</h3><h4>Short</h4>",
    "whitespace": "<p>  a \u00a0 b\u200b c\r\n</p><pre>  kept\n  </pre><textarea> t </textarea>",
    "entities": "<p>&lt;b&gt; &amp;c &#x1F600; &nbsp;x</p>",
    "inline and block": "<div>a<span>b</span> <b>c</b><br>d<div>e</div>f</div><table><tr><td>g</td></tr></table>",
    "text after body": "<html><body><p>in</p></body></html>after",
    "unclosed": "<div><p>a<p>b<div>c",
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_tree_document_on_odd_markup(name: str) -> None:
    assert _same(f"<!DOCTYPE html><html><head><title>T</title></head><body>{ODD[name]}</body></html>") > 0


def test_stop_ends_the_walk_at_the_same_block() -> None:
    html = "<html><body><p>a</p><div><p>b</p>tail<p>Written by X</p><p>c</p></div>after</body></html>"
    stop = lambda text: text.startswith("Written by")  # noqa: E731
    found = cut_tree(html, lambda tree: tree)
    assert found is not None
    body = next(found.tree.iter("body"))
    ours = tree_document.build_document(body, stop)
    assert ours == build_document(parse_html(html).body, stop)
    assert [b.text for b in ours.blocks] == ["a", "b", "tail"]
