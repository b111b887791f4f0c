"""Pages whose charset declaration is wrong or unknown: the text comes out right, and the page row says which
encoding was used and that it was guessed; a right declaration is used as it is."""

from __future__ import annotations

import pytest

from extract import extract_page
from output import load
from tests.conftest import drugpages
from tests.faults.damaged_warcs import http_response, member, warc_record

URL = "http://drugs.emedtv.com/tacrolimus/charset-{}.html"
TEXT = "Tacrolimus (Prograf®) is an immunosuppressant médication approved to prevent organ rejection — naïve café."
HTML = f"<html><head><title>Tacrolimus</title>{{meta}}</head><body><h1>Tacrolimus Uses</h1><p>{TEXT}</p></body></html>"

# name: (bytes of the page, Content-Type header, the encoding the row must give, guessed)
CASES = {
    "utf8-declared": (HTML.format(meta="").encode(), "text/html; charset=utf-8", "utf-8", False),
    "utf8-meta": (HTML.format(meta='<meta charset="utf-8">').encode(), "text/html", "utf-8", False),
    "latin1-declared": (HTML.format(meta="").encode("latin-1", "replace"), "text/html; charset=iso-8859-1",
                        "iso8859-1", False),
    "latin1-as-utf8": (HTML.format(meta="").encode("cp1252"), "text/html; charset=utf-8", None, True),
    "latin1-unknown": (HTML.format(meta="").encode("cp1252"), "text/html; charset=x-unknown", None, True),
    "latin1-meta-unknown": (HTML.format(meta='<meta charset="x-user-defined-nope">').encode("cp1252"), "text/html",
                            None, True),
    "utf16-as-utf8": (HTML.format(meta="").encode("utf-16-le"), "text/html; charset=utf-8", "utf-16-le", True),
    "utf16-bom": (HTML.format(meta="").encode("utf-16"), "text/html", "utf-16-le", False),
    "utf8-as-latin1": (HTML.format(meta="").encode(), "text/html; charset=iso-8859-1", "utf-8", True),
    "utf8-undeclared": (HTML.format(meta="").encode(), "text/html", "utf-8", True),
}


@pytest.mark.parametrize("name", CASES)
def test_the_text_comes_out_right_and_the_guess_is_said(name: str) -> None:
    body, ctype, encoding, guessed = CASES[name]
    result = extract_page(URL.format(name), body, {"Content-Type": ctype})
    assert result.record is not None, result.error_message
    expected = TEXT if name != "latin1-declared" else TEXT.encode("latin-1", "replace").decode("latin-1")
    assert expected in result.record.text, result.record.text
    assert "\ufffd" not in result.record.text
    assert result.encoding_guessed is guessed
    if encoding is not None:
        assert result.encoding == encoding
    else:
        assert result.encoding in ("cp1252", "iso8859-1", "latin-1", "iso8859-15")


def test_extract_records_the_encoding_in_the_pages_table(tmp_path) -> None:  # noqa: ANN001 - pytest's tmp_path
    records = [member(warc_record("response", URL.format(name), http_response(
        b"HTTP/1.1 200 OK", [("Content-Type", ctype)], body))) for name, (body, ctype, _, _) in CASES.items()]
    (tmp_path / "charsets.warc.gz").write_bytes(b"".join(records))
    proc = drugpages("extract", str(tmp_path / "charsets.warc.gz"), "--out", str(tmp_path / "out"), "--workers", "1")
    assert proc.returncode == 0, proc.stderr[-2000:]
    pages = load(str(tmp_path / "out"), "pages").set_index("url")
    assert len(pages) == len(CASES)  # every page comes out
    for name, (_, _, _, guessed) in CASES.items():
        row = pages.loc[URL.format(name)]
        assert bool(row["encoding_guessed"]) is guessed, name
        assert row["encoding"], name
        assert "naïve café" in row["text"] or name == "latin1-declared", name
