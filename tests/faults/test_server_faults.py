"""Server faults on 127.0.0.1 (a hang, a reset, a body cut short, broken gzip, 5xx for a while or for good, an
empty body, a body over DOWNLOAD_MAXSIZE): each URL is exactly one row, the pages around them come out, and a
page that answers after two 503s is a page."""

from __future__ import annotations

import json
from pathlib import Path

from output import load
from tests.conftest import FAST, drugpages
from tests.faults.fault_server import FaultServer, bad_gzip, flaky, hang, links_page, page, reset, truncated

HOST = "faults.emedtv.com"
SITE = f"http://{HOST}"
ARTICLE = ("<html><body><div class='articleHtml'><h1>Tacrolimus Uses</h1><p>Tacrolimus (Prograf®) is an "
           "immunosuppressant approved to prevent organ rejection.</p></div></body></html>")
FAULTS = {
    "/hang.html": hang(8), "/reset.html": reset(), "/cut.html": truncated(ARTICLE * 20),
    "/gzip.html": bad_gzip(ARTICLE),
    "/flaky.html": flaky(2, page(ARTICLE)), "/down.html": flaky(1000, page(ARTICLE)), "/gone.html": page("gone", 404),
    "/empty.html": page(b""), "/huge.html": page(ARTICLE.encode() * 2000), "/ok.html": page(ARTICLE),
}
SETTINGS = ["-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=2", "-s", "DRUGPAGES_RETRY_BACKOFF_BASE=0",
            "-s", "DOWNLOAD_MAXSIZE=100000", "-s", "DOWNLOAD_WARNSIZE=0"]


def test_each_server_fault_is_one_row_and_good_pages_come_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fault = FaultServer({"/": links_page("Start", list(FAULTS)), **FAULTS})
    with fault as url:
        proc = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", url, "--start-url", f"{SITE}/", *FAST,
                         *SETTINGS)
    assert proc.returncode in (0, 3), proc.stderr[-3000:]  # 3: the monitors may find the error rate too high
    pages, errors, skips = (load(str(out), t, run="all", degraded=True) for t in ("pages", "errors", "skips"))
    rows = {**dict.fromkeys(pages["url"], "page"), **dict(zip(errors["url"], errors["error_type"], strict=True))}
    assert len(pages) + len(errors) + len(skips) == len(rows) == len(FAULTS) + 1  # one row each, nothing else
    assert json.loads(load(str(out), "runs", run="all", degraded=True)["counts"].iloc[0])["urls_met"] == len(rows)
    assert {u: rows[f"{SITE}{u}"] == "page" for u in FAULTS} == {
        "/hang.html": False, "/reset.html": False, "/cut.html": False, "/gzip.html": False, "/flaky.html": True,
        "/down.html": False, "/gone.html": False, "/empty.html": False, "/huge.html": False, "/ok.html": True}
    assert rows[f"{SITE}/down.html"] == "HTTP 503" and rows[f"{SITE}/gone.html"] == "HTTP 404"
    assert rows[f"{SITE}/empty.html"] == "EmptyBody"
    assert fault.asked[f"{HOST}/flaky.html"] == 3 and fault.asked[f"{HOST}/down.html"] == 3  # retried, then ended
    assert fault.asked[f"{HOST}/gone.html"] == 1  # a 404 is not retried
