"""Incremental crawls: the previous run's state, read from the dataset itself, and what changed since.

The baseline is the latest complete crawl run of the same spider. With
``--incremental`` each request for a page it holds carries If-None-Match /
If-Modified-Since; a 304 or an identical body is recorded as unchanged and its
rows are carried over without extraction, so every run is a full snapshot.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from output.parts import load_table, read_table
from output.runs import previous_run
from output.schema import RECORD_TABLES

NOT_MODIFIED = 304


def http_time(value: str | None) -> datetime | None:
    """A Last-Modified header as a UTC time (stored typed in pages.last_modified_at); None when absent or bad."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def http_date(value: datetime) -> str:
    """The If-Modified-Since form of a stored time: 'Tue, 01 Dec 2026 10:00:00 GMT'."""
    return format_datetime(value.astimezone(UTC), usegmt=True)


@dataclass(slots=True)
class Baseline:
    """The previous run's rows, by page URL."""

    run_id: str
    counts: dict[str, Any]
    rows: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)  # url → table → rows

    def page(self, url: str) -> dict[str, Any] | None:
        pages = self.rows.get(url, {}).get("pages")
        return pages[0] if pages else None


def load_baseline(out: str, spider: str, current: str, run_id: str | None = None) -> Baseline | None:
    """The previous run's record rows grouped by URL, or None for a first run."""
    found = previous_run(out, spider, exclude=current)
    if found is None:
        return None
    prev_id, counts = found
    if run_id and run_id != prev_id:  # a resumed run keeps the baseline it started with
        prev_id = run_id
        counts = json.loads(load_table(out, "runs", run=run_id)["counts"].iloc[0])
    baseline = Baseline(prev_id, counts)
    rows: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for table in RECORD_TABLES:  # read through Arrow: nulls stay None, timestamps datetimes (no NaN, no NaT)
        for row in read_table(out, table, [prev_id]).drop_columns(["run_id"]).to_pylist():
            rows[row["url"]][table].append(row)
    baseline.rows = {url: dict(tables) for url, tables in rows.items()}
    return baseline
