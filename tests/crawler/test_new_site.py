"""A site plugs in: its own page object, spider and fixture folder, crawled from a local server,
with no edit to any module of the project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from drugpages.mirror_server import MirrorServer
from output import load
from tests.conftest import FAST, REPO

HOST = "pillbox.test"
PAGES = '''
"""Page object for pillbox.test: the drug is named in <main data-drug>, the facts are prose."""

from bs4 import BeautifulSoup

from extract import analysis
from extract.document import build_document, clean
from extract.link_blocks import absolute, base_url
from extract.records import Link, PageRecord
from extract.registry import handle_urls

SITE = "pillbox"


@handle_urls("pillbox.test", site=SITE)
def extract(url: str, soup: BeautifulSoup) -> PageRecord:
    main = soup.select_one("main")
    title = clean(soup.h1.get_text(" ")) if soup.h1 else None
    base = base_url(soup, url)
    links = [Link("navigation", absolute(base, a["href"]), clean(a.get_text(" "))) for a in soup.select("nav a[href]")]
    drug = main.get("data-drug") if main is not None else None
    doc = build_document(main or soup)
    if not drug:
        return PageRecord(url, SITE, "navigation", title, None, doc.text, links=links)
    ctx = analysis.DrugContext(drug, {drug})
    brands = analysis.find_brands(doc, ctx)
    ctx.names.update(b.brand_name.lower() for b in brands)
    return PageRecord(url, SITE, "article", title, drug, doc.text, drug_class=analysis.find_drug_class(doc, ctx),
                      brand_names=brands, uses=analysis.find_uses(doc, ctx),
                      co_medications=analysis.find_co_medications(doc, ctx), links=links)
'''
SPIDERS = '''
"""The pillbox.test spider: starts at the index; hosts come from the page object."""

from crawler.spiders.base import DrugSiteSpider
from pillbox import pages


class PillboxSpider(DrugSiteSpider):
    name = "pillbox"
    site = pages.SITE
    default_start_urls = ("http://pillbox.test/",)
    custom_settings = {
        "DRUGPAGES_MONITOR_MIN_COVERAGE": {"title": 0.9, "drug": 0.9, "approved_uses": 0.9},
        "DRUGPAGES_MONITOR_MIN_SAMPLE": 2,
    }
'''
INDEX = """<html><head><title>Pillbox</title></head><body><h1>Pillbox drug guides</h1>
<nav><a href="/metoprolol.html">Metoprolol</a> <a href="/sertraline.html">Sertraline</a>
<a href="http://elsewhere.test/x.html">Elsewhere</a></nav>
<main><p>Guides to common medicines.</p></main></body></html>"""
DRUG_PAGE = """<html><head><title>{title}</title></head><body><nav><a href="/">Home</a></nav>
<h1>{title}</h1><main data-drug="{drug}"><p>{text}</p></main></body></html>"""
DRUGS = {
    "metoprolol": ("Metoprolol Guide", "Metoprolol (Lopressor®) is a beta blocker. Metoprolol is approved to treat "
                   "high blood pressure and angina."),
    "sertraline": ("Sertraline Guide", "Sertraline (Zoloft®) is a selective serotonin reuptake inhibitor. "
                   "Sertraline is approved to treat depression and panic disorder."),
}
EXPECTED = {
    "metoprolol": {"brand_names": ["Lopressor"], "drug_class": "beta blocker",
                   "approved_uses": ["high blood pressure", "angina"]},
    "sertraline": {"brand_names": ["Zoloft"], "drug_class": "selective serotonin reuptake inhibitor",
                   "approved_uses": ["depression", "panic disorder"]},
}


@pytest.fixture(scope="module")
def plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's three parts in a folder of their own: package pillbox/, a mirror, fixtures/pillbox/own/."""
    root = tmp_path_factory.mktemp("pillbox-site")
    (root / "pillbox").mkdir()
    (root / "pillbox" / "__init__.py").write_text("")
    (root / "pillbox" / "pages.py").write_text(textwrap.dedent(PAGES))
    (root / "pillbox" / "spiders.py").write_text(textwrap.dedent(SPIDERS))
    site = root / "mirror" / HOST
    site.mkdir(parents=True)
    (site / "index.html").write_text(INDEX)
    cases = root / "fixtures" / "pillbox" / "own"
    for drug, (title, text) in DRUGS.items():
        html = DRUG_PAGE.format(title=title, drug=drug, text=text)
        (site / f"{drug}.html").write_text(html)
        case = cases / drug
        case.mkdir(parents=True)
        (case / "page.html").write_text(html)
        expected = {"url": f"http://{HOST}/{drug}.html", "page_type": "article", "title": title, "drug": drug,
                    **{k: v if isinstance(v, str) else [{"name": n, "aliases": []} for n in v]
                       for k, v in EXPECTED[drug].items()}}
        (case / "expected.json").write_text(json.dumps(expected))
    (cases / "set.json").write_text(json.dumps({"about": "the plug-in site's own cases", "tuned": True,
                                                "exact": True}))
    return root


def test_a_third_site_crawls_with_no_edit_to_the_project(plugin: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(plugin)}
    with MirrorServer([plugin / "mirror"]) as mirror:
        listed = subprocess.run([sys.executable, "-m", "drugpages", "crawl", "pillbox", "--out", str(tmp_path),
                                 "--mirror", mirror, "-s", "SPIDER_MODULES=pillbox.spiders,crawler.spiders", *FAST],
                                cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert listed.returncode == 0, listed.stderr[-3000:]
    pages = load(str(tmp_path), "pages").set_index("url")
    assert set(pages.index) == {f"http://{HOST}/", f"http://{HOST}/metoprolol.html", f"http://{HOST}/sertraline.html"}
    assert set(pages["site"]) == {"pillbox"}
    uses = load(str(tmp_path), "uses")
    for drug, want in EXPECTED.items():
        url = f"http://{HOST}/{drug}.html"
        assert pages.loc[url, "drug"] == drug and pages.loc[url, "drug_class"] == want["drug_class"]
        assert set(uses.loc[uses.url == url, "condition"]) == set(want["approved_uses"])
    skips = load(str(tmp_path), "skips")
    assert list(skips["url"]) == ["http://elsewhere.test/x.html"]  # the host the page object does not declare
    report = json.loads(next((tmp_path / "_runs").glob("*/monitors.json")).read_text())
    coverage = {c["name"]: c for c in report["checks"] if c["group"] == "coverage"}
    assert coverage["approved_uses"]["value"] == 1.0 and coverage["approved_uses"]["ok"]  # the spider's own floor


def test_its_fixture_folder_is_read_by_the_same_loader(plugin: Path) -> None:
    code = textwrap.dedent(f"""
        import pillbox.pages
        from qa.evaluation import evaluate, fixture_sets
        (s,) = fixture_sets({str(plugin / 'fixtures')!r})
        scores = evaluate(s.path)
        assert s.id == "pillbox/own", s.id
        assert all(v.f1 == 1.0 for v in scores.values()), {{k: v.misses for k, v in scores.items()}}
    """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env={**os.environ, "PYTHONPATH": str(plugin)},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
