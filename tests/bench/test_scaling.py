"""Smoke run of the scaling benchmark at a tiny N: crawl workers on a real Redis, Spark in local mode; it must
finish and write its table into the page (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

from bench.scaling import END, START
from tests.conftest import drugpages


def test_scaling_bench_runs_at_tiny_n_and_writes_its_table(tmp_path: Path) -> None:
    page = tmp_path / "SCALING.md"
    page.write_text(f"# Scaling\n\nbefore\n\n{START}\nold table\n{END}\n\nafter\n")
    proc = drugpages("bench", "--scaling", "-n", "16", "--scaling-extract-pages", "40", "--workdir",
                     str(tmp_path / "work"), "--output", str(page), "-s", "DOWNLOAD_DELAY=0", "-s",
                     "AUTOTHROTTLE_ENABLED=False", timeout=1500)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = page.read_text()
    assert text.startswith("# Scaling\n\nbefore\n") and text.endswith("\n\nafter\n") and "old table" not in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert [r.split(" | ")[0] for r in rows[1:4]] == ["| 1", "| 2", "| 4"]  # crawl workers, same pages in each
    assert len({r.split(" | ")[1] for r in rows[1:4]}) == 1
    for label in ("--workers 1", "--workers 2", "local[1]", "local[2]"):
        assert any(label in r for r in rows), label
