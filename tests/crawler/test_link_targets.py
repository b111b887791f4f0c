"""The crawl's own link finder follows exactly what extraction records as links."""

from __future__ import annotations

from crawler.link_targets import link_targets
from extract import extract_page
from tests.conftest import mirror_pages


def test_fast_links_equal_the_extracted_links_on_every_mirror_page() -> None:
    for url, path in mirror_pages().items():
        body = path.read_bytes()
        record = extract_page(url, body, {"content-type": "text/html"}).record
        assert record is not None, url
        assert link_targets(url, body) == list(dict.fromkeys(link.target_url for link in record.links)), url


def test_fast_links_skip_scripts_comments_and_non_http() -> None:
    body = b"""<html><head><base href="http://x.emedtv.com/dir/"></head><body>
    <!-- <a href="/commented.html">no</a> --><script>var s = '<a href="/scripted.html">';</script>
    <a href="a.html">A</a><a href='//y.emedtv.com/b.html#top'>B</a><a href=c.html?x=1&amp;y=2>C</a>
    <a href="mailto:x@y.z">mail</a><a href="javascript:void(0)">js</a><a href="#frag">f</a></body></html>"""
    assert link_targets("http://x.emedtv.com/page.html", body) == [
        "http://x.emedtv.com/dir/a.html", "http://y.emedtv.com/b.html", "http://x.emedtv.com/dir/c.html?x=1&y=2"]
