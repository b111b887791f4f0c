"""Monitors: a site whose layout changed still crawls 'fine'; the monitors must fail the run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from drugpages.mirror_server import MirrorServer
from output import load
from tests.conftest import FAST, REPO, drugpages
from tests.crawler.production import copy_mirror, crawl, run_counts


def _change_layout(root: Path) -> int:
    """What a site redesign does: the article container and the heading get new markup."""
    changed = 0
    for page in root.rglob("*.html"):
        html = page.read_text()
        new = html.replace("articleHtml", "contentBody").replace("<h1", '<h2 class="headline"')
        new = new.replace("</h1>", "</h2>")
        if new != html:
            page.write_text(new)
            changed += 1
    return changed


def test_a_layout_change_fails_the_monitors(tmp_path: Path) -> None:
    root = copy_mirror(tmp_path)
    out = tmp_path / "out"
    with MirrorServer([root]) as url:
        first = crawl(out, url)
        assert first.returncode == 0, first.stderr[-3000:]
        assert "monitors passed" in first.stderr
        first_run = load(str(out), "runs")["run_id"].iloc[0]
        report = json.loads((out / "_runs" / first_run / "monitors.json").read_text())
        assert report["passed"] and all(c["ok"] for c in report["checks"])
        assert {c["group"] for c in report["checks"]} >= {"pages", "errors", "coverage"}

        assert _change_layout(root) > 20
        second = crawl(out, url)
    assert second.returncode == 3, second.stderr[-3000:]
    runs = load(str(out), "runs", run="all")
    run_id = runs["run_id"].iloc[-1]
    assert run_id != first_run
    # degraded, with the failed monitors named; the good run stays the latest
    degraded = runs.set_index("run_id").loc[run_id]
    assert degraded["status"] == "degraded"
    assert set(degraded["failed_monitors"]) == {"drugpages/field coverage", "drugpages/against the previous run"}
    assert load(str(out), "runs")["run_id"].tolist() == [first_run]
    # the crawl itself went through: every page fetched, none failed
    counts = run_counts(out, run_id)
    assert counts["outcome_pages"] == run_counts(out, first_run)["outcome_pages"]
    assert counts["monitors_failed"] >= 2

    report = json.loads((out / "_runs" / run_id / "monitors.json").read_text())
    assert not report["passed"] and report["previous_run_id"] == first_run
    failed = {c["name"] for c in report["checks"] if not c["ok"]}
    assert {"title", "approved_uses", "brand_names"} <= failed  # coverage vs the thresholds in settings
    assert {c["group"] for c in report["checks"] if not c["ok"]} == {"coverage", "previous_run"}
    assert {"coverage_title", "coverage_approved_uses"} <= failed  # and vs the previous run
    assert "pages_fetched" not in failed
    statuses = {m["monitor"]: m["status"] for m in report["monitors"]}
    assert statuses["drugpages/field coverage"] != "OK" and statuses["drugpages/pages fetched"] == "OK"
    assert "MONITORS FAILED" in second.stderr and "title: 0%" in second.stderr
    assert str(out / "_runs" / run_id / "monitors.json") in second.stderr.replace("\n", "")


DAILYMED_MIRROR = REPO / "sites" / "dailymed"


def _drop_indications(root: Path) -> int:
    """A redesign that moves the Indications section out of the markup the label page object reads."""
    changed = 0
    for page in (root / "dailymed.nlm.nih.gov" / "dailymed").rglob("*Info.cfm*"):
        soup = BeautifulSoup(page.read_bytes(), "lxml")
        found = soup.select('[data-sectioncode="34067-9"]') + [
            h.parent for h in soup.find_all(string=lambda s: s and "INDICATIONS" in s.upper()) if h.parent]
        for node in found:
            node.decompose()
        if found:
            page.write_text(str(soup))
            changed += 1
    return changed


def test_a_dailymed_crawl_measures_label_coverage_and_fails_when_indications_go(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    shutil.copytree(DAILYMED_MIRROR, root)
    small = ("-s", "DRUGPAGES_MONITOR_MIN_SAMPLE=5")  # the bundled listing names 8 labels, not 20
    with MirrorServer([root]) as url:
        good = drugpages("crawl", "dailymed", "--out", str(tmp_path / "good"), "--mirror", url, *FAST, *small)
        assert good.returncode == 0, good.stderr[-3000:]
        counts = run_counts(tmp_path / "good")
        assert counts["fact_pages"] == counts["outcome_pages"] >= 5  # labels carry drug facts
        assert counts["coverage_approved_uses"] == 1.0 and counts["coverage_drug"] == 1.0
        report = json.loads(next((tmp_path / "good" / "_runs").glob("*/monitors.json")).read_text())
        checked = {c["name"] for c in report["checks"] if c["group"] == "coverage"}
        assert {"approved_uses", "title", "drug", "brand_names"} <= checked  # the spider's own thresholds

        assert _drop_indications(root) >= 5
        bad = drugpages("crawl", "dailymed", "--out", str(tmp_path / "bad"), "--mirror", url, *FAST, *small)
    assert bad.returncode == 3, bad.stderr[-3000:]
    report = json.loads(next((tmp_path / "bad" / "_runs").glob("*/monitors.json")).read_text())
    failed = {c["name"] for c in report["checks"] if not c["ok"]}
    assert "approved_uses" in failed and "title" not in failed
    assert "approved_uses:" in bad.stderr
