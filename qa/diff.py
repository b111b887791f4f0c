"""``drugpages qa diff``: what changed per page and field between two runs (CSV and HTML).

Values are compared as sets per (page URL, field), so reordering is not a
change; a page present in only one run shows as added or removed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from output.fields import comparable, diff
from qa.html import esc, ext_link, page, table
from qa.values import FIELDS, VALUE_TABLES, iter_pages, load_run

CSV_COLUMNS = ["url", "field", "change", "value", "run_from", "run_to"]


@dataclass(slots=True)
class Change:
    url: str
    field: str
    change: str  # 'added', 'removed', 'page_added', 'page_removed'
    value: str


def fact_sets(root: str, run: str) -> tuple[str, dict[str, dict[str, Any]]]:
    """Per page URL, the fact fields as ``output.fields.comparable`` gives them."""
    data = load_run(root, run)
    out: dict[str, dict[str, Any]] = {}
    for p in iter_pages(data):
        rows = {"pages": [p], **{t: data.rows(t, p["url"]).to_dict("records") for t in VALUE_TABLES}}
        whole = comparable(rows)
        out[p["url"]] = {name: whole[name] for name in FIELDS}
    return data.run_id, out


def diff_runs(root: str, run_from: str, run_to: str) -> tuple[str, str, list[Change]]:
    id_a, a = fact_sets(root, run_from)
    id_b, b = fact_sets(root, run_to)
    changes: list[Change] = []
    for url in sorted(a.keys() | b.keys()):
        if url not in b:
            changes.append(Change(url, "", "page_removed", ""))
            continue
        if url not in a:
            changes.append(Change(url, "", "page_added", ""))
        _, detail = diff(a.get(url, {}), b[url])
        for name in FIELDS:
            values = detail.get(name, {})
            if "before" in values:  # a single-valued field: its old value removed, its new one added
                values = {"removed": [v for v in [values["before"]] if v], "added": [v for v in [values["after"]] if v]}
            changes.extend(Change(url, name, "removed", v) for v in values.get("removed", []))
            changes.extend(Change(url, name, "added", v) for v in values.get("added", []))
    return id_a, id_b, changes


def write_diff(root: str, run_from: str, run_to: str, out: str | Path) -> tuple[Path, Path, list[Change]]:
    id_a, id_b, changes = diff_runs(root, run_from, run_to)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    csv_path, html_path = out / "diff.csv", out / "diff.html"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        writer.writerows([c.url, c.field, c.change, c.value, id_a, id_b] for c in changes)
    by_page: dict[str, list[Change]] = {}
    for c in changes:
        by_page.setdefault(c.url, []).append(c)
    summary = {kind: sum(1 for c in changes if c.change == kind)
               for kind in ("added", "removed", "page_added", "page_removed")}
    body = [f"<header><h1>Changes from run {esc(id_a)} to run {esc(id_b)}</h1></header><main>",
            "<p id='summary'>" + " · ".join(f"{esc(k)}: {n}" for k, n in summary.items()) +
            f" · pages changed: {len(by_page)}</p>"]
    for url, items in by_page.items():
        body.append(f"<h2>{ext_link(url)}</h2>")
        body.append(table(["field", "change", "value"], (
            [esc(c.field), f"<span class='{'warn' if 'removed' in c.change else ''}'>{esc(c.change)}</span>",
             esc(c.value)] for c in items), "class='diff'"))
    if not by_page:
        body.append("<p>No changes.</p>")
    body.append("</main>")
    html_path.write_text(page(f"diff {id_a} → {id_b}", "".join(body)), encoding="utf-8")
    return csv_path, html_path, changes
