"""``drugpages qa diff``, ``qa sample`` and ``qa eval`` on real crawls, read back from the files they write."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drugpages.mirror_server import MirrorServer
from output.ids import page_id
from output.reader import load, run_ids
from qa.evaluation import evaluate
from qa.sample import read_reviews, wilson
from tests.conftest import FAST, REPO, drugpages

HOST = "changing.emedtv.com"
URL = f"http://{HOST}/sertraline/sertraline-uses.html"
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sertraline Uses</title></head><body>
<section id="m-content"><h1>Sertraline Uses</h1>
<p>Sertraline (Zoloft&reg;) is a prescription drug licensed to treat several conditions.</p>
<h2>Approved Uses</h2><p>Sertraline is used to treat {approved}.</p>
<h2>Off-Label Uses</h2><p>Off-label uses include {off_label}.</p>
</section><footer><p>Copyright &copy; 2006-2021 Clinaero, Inc.</p></footer></body></html>
"""


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The same page crawled twice, edited in between: one use dropped, one added, the off-label use renamed."""
    root = tmp_path_factory.mktemp("changing-mirror")
    page = root / HOST / "sertraline" / "sertraline-uses.html"
    page.parent.mkdir(parents=True)
    out = tmp_path_factory.mktemp("two-runs")
    versions = [("depression and panic disorder", "hot flashes"),
                ("depression and social anxiety disorder", "generalized anxiety disorder")]
    with MirrorServer([root]) as mirror:
        for i, (approved, off_label) in enumerate(versions):
            page.write_text(PAGE.format(approved=approved, off_label=off_label), encoding="utf-8")
            proc = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", mirror, "--start-url", URL, *FAST,
                             "-s", "DEPTH_LIMIT=0", "--run-id", f"20260101T00000{i}Z-qa{i}")
            assert proc.returncode == 0, proc.stderr[-3000:]
    return out, run_ids(str(out))


def test_diff_lists_what_changed_per_page_and_field(two_runs: tuple[Path, list[str]], tmp_path: Path) -> None:
    out, (run_a, run_b) = two_runs
    proc = drugpages("qa", "diff", str(out), "--from", run_a, "--to", run_b, "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    with (tmp_path / "diff.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    changes = {(r["url"], r["field"], r["change"], r["value"]) for r in rows}
    uses_a = load(str(out), "uses", run_a)
    uses_b = load(str(out), "uses", run_b)
    expected = set()
    for use_type, name in (("approved", "approved_uses"), ("off_label", "off_label_uses")):
        a = set(uses_a.loc[uses_a["use_type"] == use_type, "condition"])
        b = set(uses_b.loc[uses_b["use_type"] == use_type, "condition"])
        expected |= {(URL, name, "removed", v) for v in a - b} | {(URL, name, "added", v) for v in b - a}
    assert changes == expected
    assert (URL, "approved_uses", "removed", "panic disorder") in changes
    assert (URL, "off_label_uses", "added", "generalized anxiety disorder") in changes
    assert all(r["run_from"] == run_a and r["run_to"] == run_b for r in rows)
    html = (tmp_path / "diff.html").read_text()
    assert "panic disorder" in html and f"added: {sum(r['change'] == 'added' for r in rows)}" in html


def test_diff_of_a_run_with_itself_is_empty(two_runs: tuple[Path, list[str]], tmp_path: Path) -> None:
    out, (run_a, _) = two_runs
    proc = drugpages("qa", "diff", str(out), "--from", run_a, "--to", run_a, "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "diff.csv").read_text().strip().count("\n") == 0
    proc = drugpages("qa", "diff", str(out), "--from", run_a, "--to", "no-such-run", "--out", str(tmp_path))
    assert proc.returncode == 2 and "no-such-run" in proc.stderr


def _sheet(crawled: Path, folder: Path, n: int, seed: str) -> list[dict[str, str]]:
    proc = drugpages("qa", "sample", str(crawled), "-n", str(n), "--seed", seed, "--out", str(folder))
    assert proc.returncode == 0, proc.stderr
    assert (folder / "review.html").is_file()
    with (folder / "review.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def test_sample_sheet_is_random_reproducible_and_true_to_the_data(crawled: Path, tmp_path: Path) -> None:
    rows = _sheet(crawled, tmp_path / "a", 20, "7")
    assert len(rows) == 20
    assert rows == _sheet(crawled, tmp_path / "b", 20, "7")
    assert rows != _sheet(crawled, tmp_path / "c", 20, "8")
    per_field = {f: sum(r["field"] == f for r in rows) for f in {r["field"] for r in rows}}
    assert len(per_field) == 5 and max(per_field.values()) - min(per_field.values()) <= 1
    pages = load(str(crawled), "pages").set_index("url")
    for r in rows:
        assert r["verdict"] == "" and r["note"] == ""
        text = pages.loc[r["url"], "text"]
        assert text[int(r["start"]):int(r["end"])] in r["evidence"]


def test_review_sheet_gives_per_field_precision_with_wilson_intervals(crawled: Path, tmp_path: Path) -> None:
    rows = _sheet(crawled, tmp_path, 15, "1")
    # A reviewer's verdicts: right when the page text at the span is the value; one row left unreviewed.
    pages = load(str(crawled), "pages").set_index("url")
    for i, r in enumerate(rows):
        at_span = pages.loc[r["url"], "text"][int(r["start"]):int(r["end"])]
        r["verdict"] = "" if i == 0 else ("y" if at_span.lower() == r["value"].lower() and i % 4 else "n")
    filled = tmp_path / "filled.csv"
    with filled.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    scores = read_reviews(filled)
    for name, s in scores.items():
        mine = [r for r in rows if r["field"] == name]
        assert s.reviewed == sum(r["verdict"] != "" for r in mine)
        assert s.correct == sum(r["verdict"] == "y" for r in mine)
        low, high = s.interval
        if s.reviewed:
            assert low <= s.precision <= high
    proc = drugpages("qa", "eval", "--reviews", str(filled))
    assert proc.returncode == 0, proc.stderr
    for name, s in scores.items():
        low, high = s.interval
        assert re.search(rf"{name}\s.*{s.reviewed}\s.*{s.correct}\s.*{low:.3f}–{high:.3f}", proc.stdout), proc.stdout
    rows[1]["verdict"] = "maybe"
    with filled.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    proc = drugpages("qa", "eval", "--reviews", str(filled))
    assert proc.returncode == 2 and "maybe" in proc.stderr


def test_wilson_interval_matches_its_formula_at_the_edges() -> None:
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(10, 10)
    assert high == 1.0 and 0.69 < low < 0.73  # 10/10 does not prove precision 1: z²/(n+z²) ≈ 0.278 below
    low, high = wilson(0, 10)
    assert low == 0.0 and abs(high - 3.8416 / 13.8416) < 1e-9
    low, high = wilson(8, 10)
    assert low < 0.8 < high and abs((low + high) / 2 - (8 + 1.9208) / 13.8416) < 1e-9


def test_eval_prints_fixture_scores_and_misses() -> None:
    folder = REPO / "tests" / "fixtures" / "emedtv" / "tuned-1"
    proc = drugpages("qa", "eval", str(folder))
    assert proc.returncode == 0, proc.stderr
    for name, s in evaluate(folder).items():
        line = re.search(rf"│ {name}\s*│\s*(\d+)\s*│\s*(\d+)\s*│\s*(\d+)\s*│\s*([\d.]+)\s*│\s*([\d.]+)\s*│\s*([\d.]+)",
                         proc.stdout)
        assert line, proc.stdout
        assert [int(x) for x in line.groups()[:3]] == [s.tp, s.fp, s.fn]
        assert float(line.group(6)) == pytest.approx(s.f1, abs=1e-3)
        for miss in s.misses:
            assert miss in proc.stdout
    assert drugpages("qa", "eval").returncode == 2


def test_eval_prints_precision_per_confidence_band() -> None:
    """Bands mean something: over every fixture set, high-confidence uses are right more often than low ones."""
    from qa.evaluation import fixture_sets

    totals: dict[str, list[int]] = {}
    for fixture_set in fixture_sets(REPO / "tests" / "fixtures"):
        for name in ("approved_uses", "off_label_uses"):
            for band, (correct, predicted) in evaluate(fixture_set.path)[name].bands.items():
                totals.setdefault(band, [0, 0])
                totals[band][0] += correct
                totals[band][1] += predicted
    precision = {band: correct / predicted for band, (correct, predicted) in totals.items()}
    assert precision["high"] > precision["medium"] > precision["low"], precision
    proc = drugpages("qa", "eval", str(REPO / "tests" / "fixtures" / "emedtv" / "tuned-2"))
    assert proc.returncode == 0 and "precision per confidence band" in proc.stdout


def test_diff_defaults_to_previous_and_latest_with_evidence_and_page_views(two_runs: tuple[Path, list[str]],
                                                                          tmp_path: Path) -> None:
    out, (run_a, run_b) = two_runs
    report = tmp_path / "report"
    assert drugpages("qa", "report", str(out), "--out", str(report)).returncode == 0
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.run([sys.executable, "-m", "drugpages", "qa", "diff", str(out), "--report", str(report)],
                          cwd=work, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr
    assert f"from run {run_a} to run {run_b}" in proc.stdout
    folder = work / f"qa-diff-{run_a}--{run_b}"  # in the working folder, not in the dataset
    assert (folder / "diff.csv").is_file() and not (out / "qa").exists()
    with (folder / "diff.csv").open(newline="") as fh:
        rows = {(r["field"], r["change"], r["value"]): r["evidence"] for r in csv.DictReader(fh)}
    assert "generalized anxiety disorder" in rows[("off_label_uses", "added", "generalized anxiety disorder")]
    assert "panic disorder" in rows[("approved_uses", "removed", "panic disorder")]
    html = (folder / "diff.html").read_text()
    view = re.search(r"<a class='view' href='([^']+)'>page view</a>", html)
    assert view and (folder / view.group(1)).resolve() == (report / "pages" / f"{page_id(URL)}.html").resolve()
    assert "Off-label uses include generalized anxiety disorder." in html
    explicit = drugpages("qa", "diff", str(out), "--from", "previous", "--to", run_b, "--out", str(tmp_path / "d"))
    assert explicit.returncode == 0 and f"from run {run_a} to run {run_b}" in explicit.stdout
    first = drugpages("qa", "diff", str(out), "--to", run_a, "--out", str(tmp_path / "e"))
    assert first.returncode == 2 and "no succeeded run" in first.stderr


def test_review_sheet_links_to_the_report_and_an_unfilled_sheet_is_an_error(crawled: Path, tmp_path: Path) -> None:
    report = tmp_path / "report"
    assert drugpages("qa", "report", str(crawled), "--out", str(report)).returncode == 0
    proc = drugpages("qa", "sample", str(crawled), "-n", "10", "--out", str(tmp_path / "s"), "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "s" / "review.html").read_text()
    links = re.findall(r"<a class='view' href='([^']+)'>", html)
    assert len(links) == 10
    assert all((tmp_path / "s" / link).resolve().parent == (report / "pages").resolve() for link in links)
    assert "target=\"_blank\"" not in html  # no link to the live site
    unfilled = drugpages("qa", "eval", "--reviews", str(tmp_path / "s" / "review.csv"))
    assert unfilled.returncode == 2 and "no verdict filled in" in unfilled.stderr


def test_a_sealed_set_is_left_out_of_every_set_but_evaluates_on_its_own(tmp_path: Path) -> None:
    """A set held out for the next rule change ("sealed": true) is not extracted by the test run; its first run
    is `qa eval` on its folder."""
    from qa.evaluation import fixture_sets

    source = REPO / "tests" / "fixtures" / "emedtv" / "tuned-1"
    for name, sealed in (("open", False), ("held", True)):
        folder = tmp_path / "emedtv" / name
        shutil.copytree(source, folder)
        meta = json.loads((folder / "set.json").read_text())
        (folder / "set.json").write_text(json.dumps({**meta, "sealed": True} if sealed else meta))
    assert [s.name for s in fixture_sets(tmp_path)] == ["open"]
    assert [s.name for s in fixture_sets(tmp_path, sealed=True)] == ["held", "open"]
    assert evaluate(tmp_path / "emedtv" / "held")["drug"].tp > 0
