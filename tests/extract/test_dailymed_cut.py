"""DailyMed label pages read from the lxml tree (``dailymed.extract_cut``) give exactly the record of the whole
BeautifulSoup parse: every DailyMed fixture page, the bundled mirror, the real labels and odd markup."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from extract.charsets import decode_html
from extract.document import parse_html
from extract.sites import dailymed
from qa.evaluation import fixture_sets, load_cases
from tests.conftest import FIXTURES, REPO, SHARED_DAILYMED

URL = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=abc-123"


def _both(url: str, html: str) -> tuple[dict | None, dict]:
    cut = dailymed.extract_cut(url, html)
    whole = dailymed.extract(url, parse_html(html))
    return (dataclasses.asdict(cut) if cut is not None else None), dataclasses.asdict(whole)


def _check(pages: list[tuple[str, Path]]) -> int:
    cut_pages = 0
    for url, path in pages:
        cut, whole = _both(url, decode_html(path.read_bytes()).text)
        if cut is not None:
            cut_pages += 1
            assert cut == whole, url
    return cut_pages


def test_cut_gives_the_whole_parse_record_on_every_dailymed_fixture_and_mirror_page() -> None:
    cases = [(c.url, c.page) for s in fixture_sets(FIXTURES) if s.site == "dailymed" for c in load_cases(s.path)]
    root = REPO / "sites" / "dailymed"
    mirror = [(f"https://{p.relative_to(root).as_posix()}", p) for p in root.rglob("*")
              if p.is_file() and not p.name.endswith((".json", ".md", ".txt"))]
    assert _check(cases + mirror) > 20


def test_cut_gives_the_whole_parse_record_on_every_real_label() -> None:
    if not (SHARED_DAILYMED / "labels").is_dir():
        pytest.skip(f"real DailyMed pages absent ({SHARED_DAILYMED})")
    import json

    pages = [(json.loads((SHARED_DAILYMED / "labels" / (p.name + ".json")).read_text())["url"], p)
             for p in sorted((SHARED_DAILYMED / "pages").glob("*.html"))]
    assert _check(pages) == len([u for u, _ in pages if "/archives/" not in u])


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>T</title>{head}</head><body>{body}</body></html>"


LABEL = ("<h1>Label: COUMADIN- warfarin sodium tablet</h1><div id='drug-information'>"
         "<div class='HighlightSection'><h2>INDICATIONS AND USAGE</h2><p>COUMADIN is a vitamin K antagonist "
         "indicated for prophylaxis of venous thrombosis.</p><a>Close</a></div>"
         "<div data-sectioncode='34067-9'><h2>1 INDICATIONS AND USAGE</h2><p>COUMADIN is indicated for the "
         "treatment of pulmonary embolism in combination with heparin.</p><a>Close</a></div></div>"
         "<table><tr><td> 12 (current)</td></tr></table>")

ODD = {
    "plain": _page(LABEL),
    "no container": _page(LABEL.replace("id='drug-information'", "id='other'")),
    "sections container": _page(LABEL.replace("id='drug-information'", "class='x drug-label-sections'")),
    "class in other case": _page(LABEL.replace("'HighlightSection'", "'highlightsection'")),
    "class as a substring": _page(LABEL.replace("'HighlightSection'", "'HighlightSections'")),
    "heading under the h2": _page("<h2>Label:<!-- c --> X- y tablet</h2>" + LABEL[LABEL.index("</h1>") + 5:]),
    "no label heading": _page("<p>Search results</p>"),
    "no section code": _page(LABEL.replace("data-sectioncode='34067-9'", "data-sectioncode='34068-7'")),
    "archive markup": _page("<p class='DocumentTitle'>Desyrel (trazodone) tablet</p><h2>INDICATIONS</h2><p>x</p>"),
    "set id link": _page(LABEL + "<a href='/dailymed/drugInfo.cfm?SETID=zz'>a</a>"
                         "<a href='/dailymed/drugInfo.cfm?setid=d2f6-1'>b</a>"),
    "cdata in a script": _page(LABEL + "<script>//<![CDATA[ var a; //]]></script>"),
    "cdata outside a script": _page(LABEL + "<![CDATA[ odd ]]>"),
}


@pytest.mark.parametrize("name", sorted(ODD))
@pytest.mark.parametrize("url", [URL, "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?x=1",
                                 "https://dailymed.nlm.nih.gov/dailymed/archives/fdaDrugInfo.cfm?archiveid=1"])
def test_cut_matches_or_falls_back_on_odd_markup(name: str, url: str) -> None:
    cut, whole = _both(url, ODD[name])
    assert cut is None or cut == whole, name
    if "/archives/" in url or name in ("archive markup", "cdata outside a script"):
        assert cut is None
    elif name != "no label heading":
        assert cut is not None and cut["page_type"] == "label", name
