"""Smoke run of the benchmark at a tiny N: it must finish and write its table (no timing is asserted)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import drugpages


def test_bench_runs_at_tiny_n_and_writes_its_table(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    proc = drugpages("bench", "-n", "12", "--reps", "1", "--dailymed", "2", "--workdir", str(tmp_path / "work"),
                     "--output", str(report), timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert "## N = 12" in text
    for row in ("baseline A: bare Scrapy spider", "full crawl (WARC + extraction + Parquet)",
                "baseline B: BeautifulSoup", "re-extraction, 1 worker", "peak RSS of the crawl",
                "peak PSS of the crawl"):
        assert f"| {row}" in text, row
    data = json.loads(re.search(r"<!-- data (\{.*?\}) -->", text).group(1))
    # every page of the generated mirror was fetched by both spiders, and the crawl wrote a record for each
    assert data["crawl"]["pages"]["median"] >= data["html_pages"]
    assert data["a"]["pages"]["median"] == data["crawl"]["pages"]["median"]
    assert data["crawl_records"] == data["html_pages"]
    assert data["crawl_peak_rss"]["median"] > data["a_peak_rss"]["median"] > 0
    # PSS counts pages the workers share with the crawl's process once: never more than their summed RSS
    assert 0 < data["crawl_peak_pss"]["median"] <= data["crawl_peak_rss"]["median"]
    assert data["server"].startswith(("nginx", "twisted"))
    assert data["extract_pages"] == data["html_pages"]


def test_second_n_keeps_the_first_section(tmp_path: Path) -> None:
    """A run at another N adds its section and the memory comparison, keeping the earlier one."""
    report = tmp_path / "BENCHMARKS.md"
    for n in ("6", "10"):
        proc = drugpages("bench", "-n", n, "--reps", "1", "--skip-extract", "--server", "twisted",
                         "--workdir", str(tmp_path / "work"), "--output", str(report), timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert "## N = 6" in text and "## N = 10" in text
    assert "Server: twisted" in text
    assert re.search(r"Peak RSS of the crawl: \d+ MB at N = 6, \d+ MB at N = 10: [+-]\d", text)
