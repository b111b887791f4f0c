"""Bad input gives an error row or a skip, never a crash, and loses no URL."""

from __future__ import annotations

import json
from pathlib import Path

from drugpages.mirror_server import MirrorServer
from extract import extract_page
from output import load
from tests.conftest import FAST, drugpages

HOST = "bad.emedtv.com"


def _bad_site(root: Path) -> None:
    site = root / HOST
    (site / "x").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    links = ["/x/empty.html", "/x/label.pdf", "/x/broken.html", "/x/missing.html", "/x/data.json"]
    (site / "index.html").write_text(
        "<html><body><h1>Bad pages</h1>" + "".join(f'<a href="{u}">{u}</a>' for u in links) + "</body></html>"
    )
    (site / "x" / "empty.html").write_bytes(b"")
    (site / "x" / "label.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n")
    (site / "x" / "data.json").write_text('{"a": 1}')
    (site / "x" / "broken.html").write_text(
        "<html><body><div class='articleHtml'><h1>Tacrolimus <b>Uses</h1><div>Tacrolimus (Prograf&reg;) is an"
        " immunosuppressant medication approved to prevent organ rejection.<ul><li>unclosed <div></table>"
    )


def test_a_crawl_of_bad_pages_accounts_for_every_url(tmp_path: Path) -> None:
    _bad_site(tmp_path / "mirror")
    out = tmp_path / "out"
    with MirrorServer([tmp_path / "mirror"]) as url:
        proc = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", url,
                         "--start-url", f"http://{HOST}/", *FAST)
    assert proc.returncode == 0, proc.stderr[-2000:]
    pages, errors, skips = (load(str(out), t) for t in ("pages", "errors", "skips"))
    counts = json.loads(load(str(out), "runs")["counts"].iloc[0])
    assert counts["urls_met"] == len(pages) + len(errors) + len(skips) == 6
    by_url = {
        **dict(zip(errors["url"], errors["error_type"], strict=True)),
        **dict(zip(skips["url"], skips["reason"], strict=True)),
    }
    assert by_url[f"http://{HOST}/x/empty.html"] == "EmptyBody"
    assert by_url[f"http://{HOST}/x/label.pdf"] == "not_html:application/pdf"
    assert by_url[f"http://{HOST}/x/data.json"] == "not_html:application/json"
    assert by_url[f"http://{HOST}/x/missing.html"] == "HTTP 404"
    broken = pages.set_index("url").loc[f"http://{HOST}/x/broken.html"]
    assert broken["drug"] == "tacrolimus"


def test_extract_page_never_raises() -> None:
    for body, headers in [(b"", {}), (b"\x00\xff" * 100, {"Content-Type": "text/html"}),
                          (b"<html><h1>", {}), (b"plain text", {"Content-Type": "text/plain"})]:
        result = extract_page("http://drugs.emedtv.com/x/y.html", body, headers)
        assert (result.record, result.error_type, result.skip_reason).count(None) == 2


def test_pages_of_unknown_sites_about_no_drug_are_skipped() -> None:
    body = (
        b"<html><body><h1>Storm warning</h1>"
        b"<p>Heavy rain and strong winds are expected on Tuesday.</p></body></html>"
    )
    result = extract_page("http://example.org/a.html", body, {})
    assert result.record is None and result.skip_reason == "not_a_drug_page"


def test_a_meta_refresh_to_javascript_keeps_the_page(tmp_path: Path) -> None:
    site = tmp_path / "mirror" / HOST
    site.mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    (site / "index.html").write_text(
        '<html><head><meta http-equiv="refresh" content="0;url=javascript:alert(1)"></head>'
        "<body><h1>Tacrolimus Uses</h1><div>Tacrolimus is approved to prevent organ rejection.</div></body></html>"
    )
    out = tmp_path / "out"
    with MirrorServer([tmp_path / "mirror"]) as url:
        proc = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", url, "--start-url", f"http://{HOST}/", *FAST)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert list(load(str(out), "pages")["url"]) == [f"http://{HOST}/"]
    assert load(str(out), "errors").empty
