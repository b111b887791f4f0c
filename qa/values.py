"""A run's extracted values, field by field and page by page, for the QA tools.

The report, the diff and the review sample all look at the same thing: for
each page, every value of every field with its evidence and offsets. This
module builds that view once from the Parquet tables.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from output.fields import FACTS
from output.reader import load, resolve_run

# Fields a QA person checks (the fact fields but the page type); the ones with spans point into pages.text.
FIELDS = tuple(f.name for f in FACTS)
SPAN_FIELDS = tuple(f.name for f in FACTS if f.span is not None)
VALUE_TABLES = tuple(dict.fromkeys(f.table for f in FACTS if f.many))
# Columns shown beside a value, by table: (column, label).
EXTRAS = {"co_medications": ("co_medication_class", "class"), "links": ("anchor_text", "anchor")}


@dataclass(slots=True)
class Value:
    """One extracted value; ``key`` is unique within its page (used as an HTML anchor)."""

    field: str
    value: str
    key: str
    evidence: str | None = None
    start: int | None = None
    end: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def span_text(self, text: str) -> str | None:
        if self.start is None or self.end is None or not 0 <= self.start <= self.end <= len(text):
            return None
        return text[self.start:self.end]


@dataclass
class RunData:
    """Every table of one run, with rows grouped by page URL."""

    root: str
    run_id: str
    pages: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    errors: pd.DataFrame
    skips: pd.DataFrame
    runs: pd.DataFrame
    _by_url: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)

    def rows(self, table: str, url: str) -> pd.DataFrame:
        """Rows of a record table for one page (empty frame when none)."""
        if table not in self._by_url:
            frame = self.tables[table]
            self._by_url[table] = {u: g.reset_index(drop=True) for u, g in frame.groupby("url", sort=False)}
        return self._by_url[table].get(url, self.tables[table].iloc[0:0])

    def page(self, url: str) -> dict[str, Any]:
        match = self.pages[self.pages["url"] == url]
        return clean_row(match.iloc[0].to_dict()) if len(match) else {}


def clean_row(row: dict[str, Any]) -> dict[str, Any]:
    """NaN/NA → None and numpy scalars → Python, so values print and compare plainly."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
            out[k] = None
        elif hasattr(v, "item") and not isinstance(v, str | bytes):
            try:
                out[k] = v.item()
            except (ValueError, AttributeError):
                out[k] = v
        else:
            out[k] = v
    return out


def load_run(root: str, run: str = "latest") -> RunData:
    run_id = resolve_run(root, run)
    if run_id is None:
        raise ValueError("a QA view needs one run, not 'all'")
    tables = {t: load(root, t, run_id) for t in VALUE_TABLES}
    return RunData(root, run_id, load(root, "pages", run_id), tables, load(root, "errors", run_id),
                   load(root, "skips", run_id), load(root, "runs", run_id))


def page_values(data: RunData, page: dict[str, Any]) -> list[Value]:
    """All field values of one page, in FIELDS order; a value's key is its table and row number on the page."""
    url = page["url"]
    rows = {"pages": [page], **{t: data.rows(t, url).to_dict("records") for t in VALUE_TABLES}}
    out: list[Value] = []
    for f in FACTS:
        for i, row in enumerate(rows[f.table]):
            if not f.selects(row):
                continue
            key = f"pages-{f.name}" if f.table == "pages" else f"{f.table}-{i}"
            value = Value(f.name, str(row[f.column]), key)
            if f.span is not None:
                value.evidence = row.get(f"{f.span}evidence")
                value.start, value.end = _int(row.get(f"{f.span}start")), _int(row.get(f"{f.span}end"))
            column, label = EXTRAS.get(f.table, ("", ""))
            if isinstance(row.get(column), str) and row[column]:
                value.extra[label] = row[column]
            out.append(value)
    return out


def iter_pages(data: RunData) -> list[dict[str, Any]]:
    return [clean_row(r) for r in data.pages.sort_values("url").to_dict("records")]


def field_counts(values: list[Value]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        counts[v.field] += 1
    return {name: counts.get(name, 0) for name in FIELDS}


def _int(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return int(value)
