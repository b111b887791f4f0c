"""URLs in one form everywhere: links.target_url, pages.url and the WARC target join, whatever the hrefs look
like (spaces, non-ASCII, an upper-case host, escapes already made, fragments), crawled and re-extracted."""

from __future__ import annotations

import json
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.link_targets import link_targets
from extract import extract_page
from output import load
from tests.conftest import FAST, drugpages
from tests.faults.damaged_warcs import http_response, member, warc_record
from tests.faults.fault_server import FaultServer, links_page, page

HOST = "faults.emedtv.com"
SITE = f"http://{HOST}"
HREFS = ["/a b.html", "/café.html", "/caf%C3%A9.html", "/q.html?x=a b&y=é", f"HTTP://{HOST.upper()}/upper.html",
         "/tilde/~user.html", "/frag.html#part", "/frag.html#other", "[x].html"]
LEAF = "<html><body><h1>A leaf</h1><p>Nothing links on from here.</p></body></html>"
ROUTES = {"/": links_page("Start", HREFS), **{path: page(LEAF) for path in (
    "/a%20b.html", "/caf%C3%A9.html", "/q.html?x=a%20b&y=%C3%A9", "/upper.html", "/tilde/~user.html", "/frag.html",
    "/%5Bx%5D.html")}}


def _joins(out: Path) -> tuple[set[str], set[str]]:
    pages = load(str(out), "pages")
    assert not pages["url"].duplicated().any()
    links = load(str(out), "links")
    targets = set(links.loc[links["url"] == f"{SITE}/", "target_url"])
    return targets, set(pages["url"])


def test_links_pages_and_the_warc_join(tmp_path: Path) -> None:
    out = tmp_path / "crawl"
    with FaultServer(ROUTES) as url:
        proc = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", url, "--start-url", f"{SITE}/", *FAST)
    assert proc.returncode == 0, proc.stderr[-3000:]
    targets, pages = _joins(out)
    assert targets == {f"{SITE}/a%20b.html", f"{SITE}/caf%C3%A9.html", f"{SITE}/q.html?x=a%20b&y=%C3%A9",
                       f"{SITE}/upper.html", f"{SITE}/tilde/~user.html", f"{SITE}/frag.html", f"{SITE}/%5Bx%5D.html"}
    assert targets <= pages  # every link target is a page row under the same string: the join holds
    assert load(str(out), "errors").empty and set(load(str(out), "skips")["reason"]) <= {"offsite"}
    counts = json.loads(load(str(out), "runs")["counts"].iloc[0])
    assert counts["urls_met"] == len(pages) + len(load(str(out), "skips"))
    warc_targets = set()
    for path in (out / "warc").glob("*.warc.gz"):
        with open(path, "rb") as fh:
            warc_targets |= {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh)
                             if r.rec_type == "response" and "robots.txt" not in r.rec_headers.get_header(
                                 "WARC-Target-URI")}
    assert warc_targets == pages

    # re-extracted, beside an archive another tool wrote, which stores targets as they were linked
    foreign = tmp_path / "foreign" / "foreign.warc.gz"
    foreign.parent.mkdir()
    body = f"<html><body><h1>Elsewhere</h1><a href='{SITE}/a b.html'>a</a></body></html>".encode()
    foreign.write_bytes(member(warc_record("response", "http://other.example.org/start page.html", http_response(
        b"HTTP/1.1 200 OK", [("Content-Type", "text/html; charset=utf-8")], body))))
    again = tmp_path / "extract"
    proc = drugpages("extract", str(out / "warc"), str(foreign), "--out", str(again), "--workers", "1")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _joins(again) == (targets, pages)
    skipped = load(str(again), "skips")  # an unknown site's page about no drug: its URL in the request form
    assert "http://other.example.org/start%20page.html" in set(skipped["url"])


def test_the_crawl_s_link_finder_reads_pages_as_extraction_does() -> None:
    """A non-ASCII href in a windows-1252 or UTF-16 page gives the crawl the target extraction records."""
    html = (f"<html><body><h1>Start</h1><a href='/café.html'>c</a><a href='{SITE}/q.html?é=1'>q</a>"
            "<a href='http://[::1'>bad</a></body></html>")
    for body, ctype in ((html.encode("cp1252"), "text/html"), (html.encode("utf-16"), "text/html"),
                        (html.encode("utf-16-le"), "text/html; charset=utf-8"), (html.encode(), "text/html")):
        record = extract_page(f"{SITE}/", body, {"content-type": ctype}).record
        assert record is not None
        links = [link.target_url for link in record.links]
        assert link_targets(f"{SITE}/", body, ctype) == links == [
            f"{SITE}/caf%C3%A9.html", f"{SITE}/q.html?%C3%A9=1", "http://[::1"]
