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

from output.reader import load, resolve_run

# Fields a QA person checks; the ones with spans point into pages.text.
FIELDS = ("drug", "title", "drug_class", "brand_names", "approved_uses", "off_label_uses", "co_medications",
          "referring_pages")
SPAN_FIELDS = ("drug_class", "brand_names", "approved_uses", "off_label_uses", "co_medications")
VALUE_TABLES = ("brand_names", "uses", "co_medications")


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
    tables = {t: load(root, t, run_id) for t in (*VALUE_TABLES, "links")}
    return RunData(root, run_id, load(root, "pages", run_id), tables, load(root, "errors", run_id),
                   load(root, "skips", run_id), load(root, "runs", run_id))


def page_values(data: RunData, page: dict[str, Any]) -> list[Value]:
    """All field values of one page, in FIELDS order."""
    url = page["url"]
    out: list[Value] = []
    for name in ("drug", "title"):
        if page.get(name):
            out.append(Value(name, str(page[name]), f"pages-{name}"))
    if page.get("drug_class"):
        out.append(Value("drug_class", page["drug_class"], "pages-drug_class", page.get("drug_class_evidence"),
                         _int(page.get("drug_class_start")), _int(page.get("drug_class_end"))))
    for i, row in enumerate(data.rows("brand_names", url).to_dict("records")):
        out.append(Value("brand_names", row["brand_name"], f"brand_names-{i}", row["evidence"], _int(row["start"]),
                         _int(row["end"])))
    uses = data.rows("uses", url).to_dict("records")
    for use_type, name in (("approved", "approved_uses"), ("off_label", "off_label_uses")):
        for i, row in enumerate(uses):
            if row["use_type"] == use_type:
                out.append(Value(name, row["condition"], f"uses-{i}", row["evidence"], _int(row["start"]),
                                 _int(row["end"])))
    for i, row in enumerate(data.rows("co_medications", url).to_dict("records")):
        cls = row.get("co_medication_class")
        out.append(Value("co_medications", row["co_medication"], f"co_medications-{i}", row["evidence"],
                         _int(row["start"]), _int(row["end"]),
                         {"class": cls} if isinstance(cls, str) and cls else {}))
    for i, row in enumerate(data.rows("links", url).to_dict("records")):
        if row["kind"] == "referring":
            out.append(Value("referring_pages", row["target_url"], f"links-{i}", extra={"anchor": row["anchor_text"]}))
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
