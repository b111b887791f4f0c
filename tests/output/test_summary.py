"""The end-of-run summary counts what a full read counts, reading only the columns it counts (a pages table is
mostly page text: read whole, the summary of a 20,000-page run took 1.5 GB)."""

from __future__ import annotations

from pathlib import Path

from output.parts import load_table
from output.summary import run_summary


def test_load_table_reads_only_the_columns_asked_for(crawled: Path) -> None:
    frame = load_table(str(crawled), "pages", columns=["drug"])
    assert sorted(frame.columns) == ["drug", "run_id"]
    assert len(frame) == len(load_table(str(crawled), "pages")) > 0
    assert list(load_table(str(crawled), "errors", columns=[]).columns) == ["run_id"]


def test_the_summary_counts_what_whole_tables_count(crawled: Path) -> None:
    s = run_summary(str(crawled))
    pages = load_table(str(crawled), "pages")
    uses = load_table(str(crawled), "uses")
    assert s["pages_by_type"] == {str(k): int(v) for k, v in pages["page_type"].value_counts().sort_index().items()}
    assert s["drugs"] == pages["drug"].dropna().nunique() > 0
    assert s["fields"]["approved_uses"] == int((uses["use_type"] == "approved").sum()) > 0
    assert s["errors"] == len(load_table(str(crawled), "errors"))
    assert s["skips"] == len(load_table(str(crawled), "skips"))
