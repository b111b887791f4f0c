"""Archives in: `drugpages extract` over WARC files that mix what a real archive holds, damaged tails included."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from output import load
from tests.conftest import MIRROR_ROOT, drugpages

PAGE = "http://drugs.emedtv.com/tacrolimus/what-is-tacrolimus-used-for.html"
OTHER_PAGE = "http://drugs.emedtv.com/prednisone/prednisone.html"


def _response(writer: WARCWriter, url: str, status: str, ctype: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))


def _page(url: str) -> bytes:
    return (MIRROR_ROOT / url.removeprefix("http://")).read_bytes()


def _mixed_archive(folder: Path) -> None:
    """File 1 (gzip): every record type and a record cut mid-write at the end. File 2 (plain): a page, a cut record."""
    with open(folder / "mixed-1.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record("mixed-1.warc.gz", {"software": "test"}))
        request = StatusAndHeaders("GET /tacrolimus/what-is-tacrolimus-used-for.html HTTP/1.1",
                                   [("Host", "drugs.emedtv.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record(PAGE, "request", http_headers=request))
        _response(writer, PAGE, "200 OK", "text/html; charset=utf-8", _page(PAGE))
        _response(writer, "http://drugs.emedtv.com/images/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" * 8)
        _response(writer, "http://www.example.org/news.html", "200 OK", "text/html",
                  b"<html><body><h1>Weather</h1><p>Sunny all week.</p></body></html>")
        _response(writer, "http://drugs.emedtv.com/missing.html", "404 Not Found", "text/html", b"<h1>Not found</h1>")
        revisit = StatusAndHeaders("304 Not Modified", [], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(PAGE, "revisit", payload=BytesIO(b""), http_headers=revisit,
                                                      warc_headers_dict={"WARC-Profile": "server-not-modified"}))
        writer.write_record(writer.create_warc_record(PAGE, "metadata", payload=BytesIO(b"outlinks: none"),
                                                      warc_content_type="text/plain"))
        tail = BytesIO()
        _response(WARCWriter(tail, gzip=True), OTHER_PAGE, "200 OK", "text/html", _page(OTHER_PAGE))
        fh.write(tail.getvalue()[: len(tail.getvalue()) // 2])  # killed mid-record
    with open(folder / "mixed-2.warc", "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        _response(writer, OTHER_PAGE, "200 OK", "text/html", _page(OTHER_PAGE))
        tail = BytesIO()
        _response(WARCWriter(tail, gzip=False), PAGE + "?copy", "200 OK", "text/html", _page(PAGE))
        fh.write(tail.getvalue()[: len(tail.getvalue()) - 500])  # body cut short


def test_extract_skips_and_counts_what_it_cannot_use(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    _mixed_archive(folder)
    out = tmp_path / "out"
    proc = drugpages("extract", str(folder), "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    counts = json.loads(load(str(out), "runs")["counts"].iloc[0])
    assert counts["warc_files"] == 2
    assert counts["warc_skipped_record:warcinfo"] == 1
    assert counts["warc_skipped_record:request"] == 1
    assert counts["warc_skipped_record:revisit"] == 1
    assert counts["warc_skipped_record:metadata"] == 1
    assert counts["warc_bad_records"] == 2  # one cut record per file, each an error row
    assert counts["warc_responses"] == 5
    assert "warc_bad_records" in proc.stderr.replace("\n", "")  # the counts are reported

    pages = load(str(out), "pages")
    assert set(pages["url"]) == {PAGE, OTHER_PAGE}
    skips = load(str(out), "skips").set_index("url")["reason"]
    assert skips["http://drugs.emedtv.com/images/logo.png"] == "not_html:image/png"
    assert "http://www.example.org/news.html" in skips.index
    errors = load(str(out), "errors").set_index("url")
    assert errors.loc["http://drugs.emedtv.com/missing.html", "error_type"] == "HTTP 404"
    cut = errors[errors["error_type"] == "TruncatedRecord"]
    assert set(cut.index) == {OTHER_PAGE, PAGE + "?copy"}  # the cut records are named by their target
    assert {m.split(" at offset ")[0] for m in cut["message"]} == {str(folder / "mixed-1.warc.gz"),
                                                                 str(folder / "mixed-2.warc")}
    assert (cut["stage"] == "read").all()
