"""Re-extraction of WARC records into a run, shared by every way of running it.

``drugpages extract`` parses pages in local worker processes and ``--spark``
in Spark tasks; both send each record through ``triage`` first and count a run
with ``run_counts``, so their tables and counts agree row for row.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from extract import extract_page
from extract.urls import join
from output.dataset import DatasetWriter
from output.warc import BadRecord, Capture, ReadStats, read_records

OUTCOMES = ("page", "error", "skip")


def triage(writer: DatasetWriter, item: Capture | BadRecord) -> str | None:
    """The row of a record that is not parsed (a bad record, an archived error, a redirect) and its outcome;
    None for a capture to extract."""
    if isinstance(item, BadRecord):
        writer.add_error(item.url or item.where, "read", item.error_type, item.message)
        return "error"
    if item.status >= 400:
        writer.add_error(item.url, "fetch", f"HTTP {item.status}", "archived error response", item.fetched_at)
        return "error"
    if 300 <= item.status < 400:
        location = next((v for k, v in item.headers.items() if k.lower() == "location"), None)
        writer.add_skip(item.url, "extract", "redirect", redirect_location(item.url, location))
        return "skip"
    return None


def redirect_location(url: str, location: str | None) -> str | None:
    """An archived redirect's target, absolute (as it was written when it will not join)."""
    return join(url, location.strip()) if location else None


def extract_files(paths: Iterable[Path], writer: DatasetWriter, limit: int) -> tuple[ReadStats, dict[str, int]]:
    """Every record of the files into ``writer``, parsed in this process (a Spark task is one core already)."""
    stats = ReadStats()
    outcomes = dict.fromkeys(OUTCOMES, 0)
    for item in read_records(paths, stats, limit):
        outcome = triage(writer, item)
        if outcome is None:
            assert isinstance(item, Capture)
            result = extract_page(item.url, item.body, item.headers, item.status)
            outcome = writer.add_result(result, item.fetched_at)
        outcomes[outcome] += 1
    return stats, outcomes


def run_counts(stats: ReadStats, outcomes: dict[str, int]) -> dict[str, int]:
    """What a re-extraction adds to its ``runs.counts``: the WARC records read and what became of them."""
    return {"warc_files": stats.files, "warc_records": stats.records, "warc_responses": stats.responses,
            "warc_bad_records": stats.bad,
            **{f"warc_skipped_{k}": v for k, v in stats.skipped.items()},
            **{f"outcome_{k}s": v for k, v in outcomes.items()}}
