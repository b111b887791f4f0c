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

from scrapy import Request, Spider
from scrapy.crawler import Crawler

from output.reader import DatasetError, load, run_ids
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


def previous_run(out: str, spider: str, exclude: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """Id and counts of the latest complete crawl run of ``spider`` in ``out`` (not ``exclude``)."""
    try:
        if not run_ids(out):
            return None
        runs = load(out, "runs", run="all")
    except (DatasetError, FileNotFoundError, OSError):
        return None
    runs = runs[(runs["command"] == "crawl") & (runs["source"] == spider) & (runs["run_id"] != exclude)]
    if runs.empty:
        return None
    last = runs.sort_values("run_id").iloc[-1]
    return str(last["run_id"]), json.loads(last["counts"])


def load_baseline(out: str, spider: str, current: str, run_id: str | None = None) -> Baseline | None:
    """The previous run's record rows grouped by URL, or None for a first run."""
    found = previous_run(out, spider, exclude=current)
    if found is None:
        return None
    prev_id, counts = found
    if run_id and run_id != prev_id:  # a resumed run keeps the baseline it started with
        prev_id = run_id
        counts = json.loads(load(out, "runs", run=run_id)["counts"].iloc[0])
    baseline = Baseline(prev_id, counts)
    rows: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for table in RECORD_TABLES:
        frame = load(out, table, run=prev_id).drop(columns=["run_id"], errors="ignore")
        for row in frame.to_dict("records"):
            rows[row["url"]][table].append({k: (None if _isna(v) else v) for k, v in row.items()})
    baseline.rows = {url: dict(tables) for url, tables in rows.items()}
    return baseline


def _isna(value: Any) -> bool:
    return isinstance(value, float) and value != value  # noqa: PLR0124 - NaN check without pandas


def page_fields(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The comparable content of one page: scalars and sets of values, per field."""
    page = rows["pages"][0]
    out: dict[str, Any] = {key: page.get(key) for key in ("title", "drug", "drug_class", "page_type", "text")}
    uses = rows.get("uses", [])
    for use_type in ("approved", "off_label"):
        out[f"uses.{use_type}"] = sorted({u["condition"] for u in uses if u["use_type"] == use_type})
    out["brand_names"] = sorted({b["brand_name"] for b in rows.get("brand_names", [])})
    out["co_medications"] = sorted({c["co_medication"] for c in rows.get("co_medications", [])})
    links = rows.get("links", [])
    for kind in sorted({link["kind"] for link in links}):
        out[f"links.{kind}"] = sorted({link["target_url"] for link in links if link["kind"] == kind})
    return out


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """Fields that differ, and for each the values added and removed (or old and new scalar)."""
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


class ConditionalRequestMiddleware:
    """Adds the baseline's validators to requests for pages it holds (with ``--incremental`` only)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        from crawler.run import run_context

        ctx = run_context(self.crawler)
        if not ctx.incremental or ctx.baseline is None or request.meta.get("drugpages_page") is not True:
            return
        page = ctx.baseline.page(request.url)
        if page is None:
            return
        if page.get("etag"):
            request.headers.setdefault(b"If-None-Match", page["etag"])
        if page.get("last_modified"):
            request.headers.setdefault(b"If-Modified-Since", page["last_modified"])
        allowed = request.meta.setdefault("handle_httpstatus_list", [])
        if NOT_MODIFIED not in allowed:
            allowed.append(NOT_MODIFIED)
