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
from typing import Any

from output.parts import load_table, read_table
from output.runs import previous_run
from output.schema import RECORD_TABLES

NOT_MODIFIED = 304


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
