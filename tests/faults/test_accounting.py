"""A run whose counts do not add up says so: a URL met that never became a row degrades the run, by name."""

from __future__ import annotations

from pathlib import Path

from crawler.items import SkipItem
from output import load
from tests.crawler.test_exactly_once import INDEX, Run, _page


def test_a_url_met_without_a_row_degrades_the_run(tmp_path: Path) -> None:
    run = Run(tmp_path / "out", "20990101T000000Z-lost01")
    run.feed(_page(INDEX), SkipItem(f"{INDEX}?old", "redirect", INDEX))
    run.spider.met.add("http://drugs.emedtv.com/lost.html")  # met, then dropped somewhere with no row
    counts = run.close()
    assert counts["urls_met"] == 3 and counts["urls_unaccounted"] == 1
    assert counts["status"] == "degraded"
    runs = load(str(tmp_path / "out"), "runs", run="all", degraded=True)
    assert runs["status"].iloc[0] == "degraded"
    assert any(m.startswith("url_accounting: 3 URLs met, 2 page, error and skip rows")
               for m in runs["failed_monitors"].iloc[0])
    skips = load(str(tmp_path / "out"), "skips", run="all", degraded=True)
    assert skips.set_index("url").loc[f"{INDEX}?old", "target_url"] == INDEX


def test_a_run_that_adds_up_succeeds(tmp_path: Path) -> None:
    run = Run(tmp_path / "out", "20990101T000000Z-whole1")
    counts = run.feed(_page(INDEX)).close()
    assert counts["urls_met"] == 1 and "urls_unaccounted" not in counts and counts["status"] == "succeeded"
