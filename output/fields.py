"""The field vocabulary: every field of a page named once, with where its values live in the tables.

A record becomes table rows in one place (``output.dataset.record_rows``);
every consumer reads a field from rows through this module: the coverage
monitors, the run summary, the ``changes`` table, the QA report and diff,
the evaluation and the per-drug view. Adding a field is one line here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Rows = Mapping[str, list[dict[str, Any]]]  # table name → the rows of one page


@dataclass(frozen=True, slots=True)
class Field:
    """One field: its values are ``column`` of the ``table`` rows whose ``match`` column has the given value."""

    name: str
    table: str
    column: str
    match: tuple[str, str] | None = None
    fact: bool = True  # a drug fact: checked by QA, the evaluation and the coverage monitors
    span: str | None = None  # prefix of its evidence/start/end columns in ``table``, None when it has no span
    key_column: str | None = None  # the column that names one thing one way across pages (default ``column``)

    @property
    def key(self) -> str:
        return self.key_column or self.column

    @property
    def many(self) -> bool:
        return self.table != "pages"

    def selects(self, row: Mapping[str, Any]) -> bool:
        """Whether a row of ``table`` holds a value of this field."""
        if row.get(self.column) in (None, ""):
            return False
        return self.match is None or row.get(self.match[0]) == self.match[1]

    def rows(self, rows: Rows) -> list[dict[str, Any]]:
        """The rows of one page that hold this field's values, in page order."""
        return [r for r in rows.get(self.table) or [] if self.selects(r)]

    def values(self, rows: Rows) -> list[str]:
        """This field's values on one page: a list for every field (at most one item for page-level ones)."""
        return [r[self.column] for r in self.rows(rows)]

    def sql(self, table_prefix: str = "") -> str:
        """``SELECT url, value`` of this field over a table (``latest_`` prefix for the current snapshot)."""
        where = f" WHERE {self.match[0]} = '{self.match[1]}'" if self.match else ""
        return f"SELECT url, {self.column} AS value FROM {table_prefix}{self.table}{where}"


FIELDS: tuple[Field, ...] = (
    Field("drug", "pages", "drug"),
    Field("title", "pages", "title"),
    Field("page_type", "pages", "page_type", fact=False),
    Field("drug_class", "pages", "drug_class", span="drug_class_"),
    Field("brand_names", "brand_names", "brand_name", span=""),
    Field("approved_uses", "uses", "condition", ("use_type", "approved"), span="", key_column="condition_normalized"),
    Field("off_label_uses", "uses", "condition", ("use_type", "off_label"), span="", key_column="condition_normalized"),
    Field("co_medications", "co_medications", "co_medication", span=""),
    Field("referring_pages", "links", "target_url", ("kind", "referring")),
    Field("article_links", "links", "target_url", ("kind", "article"), fact=False),
    Field("drug_info_links", "links", "target_url", ("kind", "drug_info"), fact=False),
    Field("navigation_links", "links", "target_url", ("kind", "navigation"), fact=False),
)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
FACTS: tuple[Field, ...] = tuple(f for f in FIELDS if f.fact)
# Page types whose pages state drug facts (coverage is measured over these): a site's articles or labels,
# and pages of unknown sites the generic page object read as about a drug.
FACT_PAGE_TYPES = frozenset({"article", "label", "generic"})


def page_values(rows: Rows, fields: Iterable[Field] = FIELDS) -> dict[str, list[str]]:
    """Every field's values on one page."""
    return {f.name: f.values(rows) for f in fields}


def comparable(rows: Rows) -> dict[str, Any]:
    """What counts as a page's content when two snapshots are compared: its text and each field's value set."""
    page = (rows.get("pages") or [{}])[0]
    out: dict[str, Any] = {"text": page.get("text")}
    for f in FIELDS:
        values = f.values(rows)
        out[f.name] = sorted(set(values)) if f.many else (values[0] if values else None)
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """Fields that differ between two ``comparable`` pages, and per field the values added and removed
    (or the old and new scalar). The text is named when it changed, never spelled out."""
    changed, detail = [], {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new or (old in (None, []) and new in (None, [])):
            continue
        changed.append(key)
        if key == "text":
            continue
        if isinstance(old, list) or isinstance(new, list):
            old_set, new_set = set(old or []), set(new or [])
            detail[key] = {"added": sorted(new_set - old_set), "removed": sorted(old_set - new_set)}
        else:
            detail[key] = {"before": old, "after": new}
    return changed, detail


class Coverage:
    """Share of fact pages (``FACT_PAGE_TYPES``) with at least one value of each fact field."""

    def __init__(self) -> None:
        self.pages = 0
        self.fact_pages = 0
        self.hits = {f.name: 0 for f in FACTS}

    def add(self, rows: Rows) -> None:
        self.pages += 1
        if (rows.get("pages") or [{}])[0].get("page_type") not in FACT_PAGE_TYPES:
            return
        self.fact_pages += 1
        for f in FACTS:
            self.hits[f.name] += bool(f.rows(rows))

    def shares(self) -> dict[str, float]:
        return {name: round(hit / self.fact_pages, 4) if self.fact_pages else 0.0 for name, hit in self.hits.items()}
