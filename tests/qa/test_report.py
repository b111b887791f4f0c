"""``drugpages qa report`` over a real crawl of the bundled mirror, looked at in a real headless Chromium."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from output.reader import load
from tests.conftest import drugpages
from tests.qa.browser import ARTIFACTS, DOM_SAFETY_JS, Chromium, launch


@pytest.fixture(scope="module")
def report(crawled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("qa-report")
    proc = drugpages("qa", "report", str(crawled), "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def browser() -> Chromium:
    with launch() as b:
        yield b


def test_report_has_a_page_view_and_a_raw_capture_per_page(crawled: Path, report: Path) -> None:
    pages = load(str(crawled), "pages")
    assert (report / "index.html").is_file()
    assert {p.stem for p in (report / "pages").glob("*.html")} == set(pages["page_id"])
    assert {p.stem for p in (report / "raw").glob("*.html")} == set(pages["page_id"])


def test_report_of_a_folder_that_is_no_dataset_is_a_usage_error(tmp_path: Path) -> None:
    proc = drugpages("qa", "report", str(tmp_path), "--out", str(tmp_path / "r"))
    assert proc.returncode == 2
    assert "not a drugpages dataset" in proc.stderr


def test_index_loads_cleanly_lists_every_page_warnings_first(browser: Chromium, crawled: Path, report: Path) -> None:
    pages = load(str(crawled), "pages")
    browser.open((report / "index.html").as_uri())
    assert browser.problems() == []
    rows = browser.evaluate("""[...document.querySelectorAll('#pages tbody tr')].map(r => ({
        warnings: Number(r.dataset.warnings), type: r.dataset.type,
        href: r.querySelector('a').getAttribute('href'), text: r.textContent}))""")
    assert len(rows) == len(pages)
    warnings = [r["warnings"] for r in rows]
    assert warnings == sorted(warnings, reverse=True) and warnings[0] > 0
    assert {r["href"] for r in rows} == {f"pages/{pid}.html" for pid in pages["page_id"]}
    counts = browser.evaluate("[...document.querySelectorAll('#counts tbody tr')].map(r => r.textContent)")
    by_type = pages.groupby(["site", "page_type"]).size()
    assert counts == [f"{s}{t}{n}" for (s, t), n in by_type.items()]
    assert browser.evaluate("document.querySelectorAll('#charts svg').length") >= 2
    browser.screenshot(ARTIFACTS / "index.png")

    # Filtering happens in the browser: type a drug name, only its pages stay visible.
    drug = pages["drug"].dropna().value_counts().index[0]
    shown = browser.evaluate(f"""(() => {{ const q = document.getElementById('q'); q.value = {json.dumps(drug)};
        q.dispatchEvent(new Event('input'));
        return [...document.querySelectorAll('#pages tbody tr')].filter(r => !r.hidden).length; }})()""")
    assert shown == sum(drug in r["text"].lower() for r in rows) and 0 < shown < len(rows)
    # Sorting: a click on the 'approved uses' header orders the rows by that count.
    order = browser.evaluate("""(() => { document.getElementById('q').value = '';
        document.getElementById('q').dispatchEvent(new Event('input'));
        const th = [...document.querySelectorAll('#pages thead th')].find(t => t.textContent === 'approved uses');
        th.click(); const i = th.cellIndex;
        return [...document.querySelectorAll('#pages tbody tr')].map(r => Number(r.cells[i].textContent)); })()""")
    assert order == sorted(order) and order[-1] > order[0]
    assert browser.problems() == []


def _busiest_page(crawled: Path) -> dict:
    pages = load(str(crawled), "pages")
    uses = load(str(crawled), "uses")
    url = uses["url"].value_counts().index[0]
    return pages[pages["url"] == url].iloc[0].to_dict()


def test_page_view_highlights_every_value_on_its_own_text(browser: Chromium, crawled: Path, report: Path) -> None:
    page = _busiest_page(crawled)
    text = page["text"]
    browser.open((report / "pages" / f"{page['page_id']}.html").as_uri())
    assert browser.problems() == []
    assert browser.evaluate("document.getElementById('text').textContent") == text
    marks = browser.evaluate("""[...document.querySelectorAll('#text mark.hl')].map(m => ({
        keys: m.dataset.spans.split(' '), text: m.textContent, field: m.dataset.field}))""")
    checked = 0
    for table, column in (("uses", "condition"), ("brand_names", "brand_name"), ("co_medications", "co_medication")):
        rows = load(str(crawled), table)
        rows = rows[rows["url"] == page["url"]].reset_index(drop=True)
        for i, row in rows.iterrows():
            key = f"{table}-{i}"
            shown = "".join(m["text"] for m in marks if key in m["keys"])
            assert shown == text[row["start"]:row["end"]], (key, row[column])
            if shown.lower() == row[column].lower():
                checked += 1
    assert checked >= 5
    browser.screenshot(ARTIFACTS / "page-view.png")

    # Clicking a value in the record flashes its marks and scrolls them into the text pane's view.
    link = browser.evaluate("""(() => { const links = [...document.querySelectorAll('#values a.goto')];
        const a = links[links.length - 1]; a.click(); return a.dataset.key; })()""")
    state = browser.evaluate(f"""(() => {{
        const marks = [...document.querySelectorAll('#text mark.flash')];
        const pane = document.getElementById('text').getBoundingClientRect();
        const r = marks[0].getBoundingClientRect();
        return {{keys: marks.map(m => m.dataset.spans.split(' ').includes({json.dumps(link)})),
                 visible: r.top >= pane.top && r.bottom <= pane.bottom, hash: location.hash}}; }})()""")
    assert state["keys"] and all(state["keys"]) and state["visible"] and state["hash"] == f"#v-{link}"
    assert browser.evaluate(DOM_SAFETY_JS)["bad"] == []
    assert browser.problems() == []


def test_page_view_lists_referring_pages_with_their_targets(browser: Chromium, crawled: Path, report: Path) -> None:
    links = load(str(crawled), "links")
    pages = load(str(crawled), "pages")
    referring = links[links["kind"] == "referring"]
    url = referring["url"].value_counts().index[0]
    page_id = pages.loc[pages["url"] == url, "page_id"].iloc[0]
    browser.open((report / "pages" / f"{page_id}.html").as_uri())
    rows = browser.evaluate("""[...document.querySelectorAll('#links tbody tr')].map(r => ({
        kind: r.cells[0].textContent, anchor: r.cells[1].textContent, target: r.cells[2].querySelector('a').href}))""")
    got = [(r["kind"], r["anchor"], r["target"]) for r in rows if r["kind"] == "referring"]
    want = [("referring", a, t) for a, t in referring.loc[referring["url"] == url, ["anchor_text", "target_url"]]
            .itertuples(index=False)]
    assert sorted(got) == sorted(want)
    assert rows[0]["kind"] == "referring"
    assert browser.problems() == []


def test_raw_capture_is_shown_in_a_sandbox_without_scripts(browser: Chromium, crawled: Path, report: Path) -> None:
    page = _busiest_page(crawled)
    browser.open((report / "pages" / f"{page['page_id']}.html").as_uri())
    browser.evaluate("document.getElementById('raw-link').click()")
    browser.wait_for("Page.loadEventFired")
    assert browser.evaluate("location.pathname").endswith(f"/raw/{page['page_id']}.html")
    frame = browser.evaluate("""(() => { const f = document.getElementById('capture');
        return {sandbox: f.getAttribute('sandbox'), has: f.hasAttribute('sandbox')}; })()""")
    assert frame == {"sandbox": "", "has": True}
    frames = browser.frame_documents()
    assert len(frames) == 1
    assert "<script" not in frames[0].lower() and "<h1" in frames[0]
    assert html.escape(page["title"], quote=False) in frames[0]
    browser.screenshot(ARTIFACTS / "raw-capture.png")
    assert browser.problems() == []



BROKEN_WORDS_JS = """
(() => {
  const ctx = document.createElement('canvas').getContext('2d'), broken = [];
  for (const td of document.querySelectorAll('#record td')) {
    const cs = getComputedStyle(td);
    ctx.font = cs.font;
    const room = td.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) + 1;
    const cap = 30 * parseFloat(cs.fontSize) - 2;  // longer words (URLs) wrap at their own - and /
    for (const word of td.innerText.split(/\\s+/)) {
      if (Math.min(ctx.measureText(word).width, cap) > room) broken.push(word);
    }
  }
  return broken;
})()
"""


def test_index_and_page_view_fit_a_1400_pixel_window(browser: Chromium, crawled: Path, report: Path) -> None:
    browser.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
    try:
        browser.open((report / "index.html").as_uri())
        browser.screenshot(ARTIFACTS / "index-1400.png")
        assert browser.evaluate("document.documentElement.scrollWidth") <= 1400
        assert browser.evaluate("document.getElementById('pages').getBoundingClientRect().right") <= 1400
        # warning reasons are on the page, not only in a tooltip; a zero count is not red
        cells = browser.evaluate("[...document.querySelectorAll('#pages tbody tr')].map(r => ({n: "
                                 "Number(r.dataset.warnings), red: r.cells[0].classList.contains('warn'), "
                                 "reasons: r.cells[1].querySelectorAll('.warn').length}))")
        assert any(c["n"] for c in cells) and any(not c["n"] for c in cells)
        assert all(c["red"] == bool(c["n"]) and c["reasons"] == c["n"] for c in cells)
        pages = load(str(crawled), "pages")
        uses = load(str(crawled), "uses")
        busiest = uses["url"].value_counts().index[0]
        page_id = pages.set_index("url").loc[busiest, "page_id"]
        browser.open((report / "pages" / f"{page_id}.html").as_uri())
        browser.screenshot(ARTIFACTS / "page-1400.png")
        assert browser.evaluate("document.documentElement.scrollWidth") <= 1400
        assert browser.evaluate(BROKEN_WORDS_JS) == []
        browser.evaluate("document.getElementById('table-uses').scrollIntoView()")
        browser.screenshot(ARTIFACTS / "page-1400-tables.png")
        assert browser.evaluate(BROKEN_WORDS_JS) == []
    finally:
        browser.call("Emulation.clearDeviceMetricsOverride")
