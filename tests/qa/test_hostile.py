"""A source page full of scripts, event handlers and javascript: links runs nothing in the report.

Checked in a real headless Chromium: the hostile code tries to change
``document.title``, set ``window.PWNED`` and call a beacon server on
127.0.0.1. The same page opened as it is proves that these detectors fire.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from drugpages.mirror_server import MirrorServer
from output.reader import load
from qa.sanitize import sanitize
from tests.conftest import FAST, drugpages
from tests.qa.browser import ARTIFACTS, DOM_SAFETY_JS, Chromium, launch

HOST = "hostile.emedtv.com"
PAGE_URL = f"http://{HOST}/sertraline/sertraline-uses.html"
ATTACKS = [
    "<script>window.PWNED='script';document.title='PWNED';new Image().src='{beacon}/script'</script>",
    "<img src=x onerror=\"window.PWNED='onerror';document.title='PWNED';new Image().src='{beacon}/img'\">",
    "<svg onload=\"window.PWNED='svg';new Image().src='{beacon}/svg'\">"
    "<script>window.PWNED='svg-script'</script></svg>",
    "<iframe srcdoc=\"<script>parent.PWNED='srcdoc';new Image().src='{beacon}/srcdoc'</script>\"></iframe>",
    "<object data=\"javascript:parent.PWNED='object'\"></object>",
    "<details open ontoggle=\"window.PWNED='toggle';new Image().src='{beacon}/toggle'\"><summary>s</summary></details>",
    "<input autofocus onfocus=\"window.PWNED='focus';new Image().src='{beacon}/focus'\">",
    "<a id=evil href=\"javascript:window.PWNED='link';document.title='PWNED'\">Click here for sertraline</a>",
    "<a href=\" JaVa&#x09;ScRiPt:window.PWNED='sneaky'\">sneaky</a>",
    "<form action=\"javascript:window.PWNED='form'\">"
    "<button formaction=\"javascript:window.PWNED='fa'\">go</button></form>",
    "<div style=\"background:url('{beacon}/css')\">styled</div>",
]


# Not in the crawled page: the crawler follows meta refreshes (to a javascript: URL it records a fetch error).
REFRESH = "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.PWNED='refresh'\">"


def hostile_html(beacon: str) -> str:
    attacks = "\n".join(a.format(beacon=beacon) for a in ATTACKS)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sertraline Uses</title>
<script>window.PWNED='head';document.title='PWNED';fetch('{beacon}/fetch', {{mode:'no-cors'}})</script>
<base href="{beacon}/base/">
<link rel="stylesheet" href="{beacon}/stylesheet.css">
</head>
<body onload="window.PWNED='onload';document.title='PWNED';new Image().src='{beacon}/onload'">
<section id="m-content">
<h1 class="m-title">Sertraline Uses &lt;script&gt;window.PWNED='title'&lt;/script&gt;</h1>
<p>Sertraline (Zoloft&reg;) is a prescription drug licensed to treat several conditions.
<img src="{beacon}/plain-img"></p>
<h2>Approved Uses</h2>
<p>Sertraline is used to treat depression, panic disorder, and social anxiety disorder &lt;img src=x
onerror="window.PWNED='text'"&gt;.</p>
<h2>Off-Label Uses</h2>
<p>Off-label uses include hot flashes.</p>
{attacks}
</section>
<section class="refs"><h2>Referring Pages</h2><ul>
<li><a href="javascript:window.PWNED='referring'">Evil referring page</a></li>
<li><a href="http://{HOST}/sertraline/sertraline.html?'&quot;&gt;&lt;script&gt;x=1&lt;/script&gt;">'"&gt;&lt;b
onmouseover=x&gt;Sertraline &lt;script&gt;window.PWNED='anchor'&lt;/script&gt;</a></li>
</ul></section>
<footer><p>Copyright &copy; 2006-2021 Clinaero, Inc.</p></footer>
</body></html>
"""


class _Beacon(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def beacon() -> tuple[str, list[str]]:
    hits: list[str] = []
    handler = type("Beacon", (_Beacon,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hostile(beacon: tuple[str, list[str]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A real crawl of the hostile page through the mirror server, and the report of it."""
    root = tmp_path_factory.mktemp("hostile-mirror")
    page = root / HOST / "sertraline" / "sertraline-uses.html"
    page.parent.mkdir(parents=True)
    page.write_text(hostile_html(beacon[0]), encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-crawl")
    report = tmp_path_factory.mktemp("hostile-report")
    with MirrorServer([root]) as mirror:
        proc = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", mirror, "--start-url", PAGE_URL, *FAST,
                         "-s", "DEPTH_LIMIT=1")
    assert proc.returncode == 0, proc.stderr[-3000:]
    proc = drugpages("qa", "report", str(out), "--out", str(report))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {"page": page, "out": out, "report": report}


@pytest.fixture(scope="module")
def browser() -> Chromium:
    with launch() as b:
        yield b


NOTHING_RAN = "({title: document.title, pwned: window.PWNED === undefined ? null : String(window.PWNED)})"


def test_the_detectors_fire_on_the_page_as_it_is(browser: Chromium, beacon: tuple[str, list[str]],
                                                 hostile: dict[str, Path]) -> None:
    """Control: opened directly, the hostile page runs and calls the beacon, so the checks below can fail."""
    url, hits = beacon
    hits.clear()
    browser.open(hostile["page"].as_uri())
    state = browser.evaluate(NOTHING_RAN)
    assert state["title"] == "PWNED" and state["pwned"] is not None
    assert any(h.startswith(("/onload", "/script", "/fetch", "/img")) for h in hits)


def test_the_hostile_page_was_extracted_with_its_markup_as_text(hostile: dict[str, Path]) -> None:
    pages = load(str(hostile["out"]), "pages")
    row = pages[pages["url"] == PAGE_URL].iloc[0]
    assert row["page_type"] == "article" and "<script>" in row["title"]
    uses = load(str(hostile["out"]), "uses")
    assert "depression" in set(uses["condition"])


def _assert_nothing_ran(browser: Chromium, hits: list[str], title: str) -> None:
    state = browser.evaluate(NOTHING_RAN)
    assert state == {"title": title, "pwned": None}
    assert hits == []


@pytest.mark.parametrize("view", ["index", "page", "raw"])
def test_report_views_run_nothing_from_the_page(browser: Chromium, beacon: tuple[str, list[str]],
                                                hostile: dict[str, Path], view: str) -> None:
    _, hits = beacon
    hits.clear()
    pages = load(str(hostile["out"]), "pages")
    page_id = pages.loc[pages["url"] == PAGE_URL, "page_id"].iloc[0]
    path = {"index": hostile["report"] / "index.html", "page": hostile["report"] / "pages" / f"{page_id}.html",
            "raw": hostile["report"] / "raw" / f"{page_id}.html"}[view]
    browser.open(path.as_uri())
    title = browser.evaluate("document.title")
    assert title != "PWNED"  # the hostile code sets exactly this; the page title may quote its text
    # Interact as a reviewer would: hover and click everything that is not a link out of the report.
    browser.evaluate("""(() => { for (const el of document.querySelectorAll('*')) {
        el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
        el.dispatchEvent(new FocusEvent('focus'));
        if (el.click && !['A', 'BUTTON', 'INPUT', 'FORM'].includes(el.tagName)) el.click(); }
        for (const a of document.querySelectorAll('a.goto')) a.click(); })()""")
    _assert_nothing_ran(browser, hits, title)
    safety = browser.evaluate(DOM_SAFETY_JS)
    assert safety["bad"] == [] and safety["scripts"] == safety["ours"] <= 1
    assert browser.problems() == []
    if view == "page":
        shown = browser.evaluate("document.getElementById('text').textContent")
        assert "<script>window.PWNED='title'</script>" in shown
        assert "Sertraline <script>window.PWNED='anchor'</script>" in browser.evaluate(
            "document.getElementById('links').textContent")
    if view == "raw":
        frames = browser.frame_documents()  # the capture, as the sandboxed frame holds it
        assert len(frames) == 1 and "Off-label uses include hot flashes" in frames[0]
        frame = BeautifulSoup(frames[0], "lxml")
        assert frame.find_all(["script", "iframe", "object", "embed", "base"]) == []
        attrs = [(k, str(v)) for tag in frame.find_all(True) for k, v in tag.attrs.items()]
        assert [k for k, _ in attrs if k.lower().startswith("on")] == []
        assert [v for _, v in attrs if re.sub(r"\s", "", v).lower().startswith(("javascript:", "data:"))] == []
        assert [k for k, _ in attrs if k in ("src", "srcset")] == []  # nothing loads from outside
        assert browser.evaluate("document.getElementById('capture').getAttribute('sandbox')") == ""
        browser.evaluate("document.getElementById('capture').scrollIntoView()")
    browser.screenshot(ARTIFACTS / f"hostile-{view}.png")
    assert hits == []


def test_sanitized_capture_runs_nothing_even_outside_the_sandbox(browser: Chromium, beacon: tuple[str, list[str]],
                                                                 hostile: dict[str, Path], tmp_path: Path) -> None:
    """The sanitizer alone is a barrier: its output opened as a top-level page runs nothing and loads nothing."""
    _, hits = beacon
    hits.clear()
    safe = tmp_path / "sanitized.html"
    source = hostile["page"].read_text(encoding="utf-8").replace("</head>", REFRESH + "</head>")
    assert "refresh" in source
    safe.write_text(sanitize(source.encode(), PAGE_URL), encoding="utf-8")
    browser.open(safe.as_uri())
    browser.evaluate("""(() => { for (const el of document.querySelectorAll('*')) {
        el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
        if (el.click && !['A', 'BUTTON', 'INPUT', 'FORM'].includes(el.tagName)) el.click(); }
        document.getElementById('evil') && document.getElementById('evil').click(); })()""")
    _assert_nothing_ran(browser, hits, "Sertraline Uses")
    assert browser.evaluate(DOM_SAFETY_JS) == {"bad": [], "scripts": 0, "ours": 0}
    assert browser.evaluate("document.querySelector('h1').textContent").startswith("Sertraline Uses <script>")
