"""``drugpages qa diff``: what changed per page and field between two runs (CSV and HTML).

Values are compared as sets per (page URL, field), so reordering is not a
change; a page present in only one run shows as added or removed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from output.qa_html import esc, ext_link, page, table
from output.qa_values import FIELDS, iter_pages, load_run, page_values

CSV_COLUMNS = ["url", "field", "change", "value", "run_from", "run_to"]


@dataclass(slots=True)
class Change:
    url: str
    field: str
    change: str  # 'added', 'removed', 'page_added', 'page_removed'
    value: str


def field_sets(root: str, run: str) -> tuple[str, dict[str, dict[str, set[str]]]]:
    data = load_run(root, run)
    out: dict[str, dict[str, set[str]]] = {}
    for p in iter_pages(data):
        fields: dict[str, set[str]] = {name: set() for name in FIELDS}
        for v in page_values(data, p):
            fields[v.field].add(v.value)
        out[p["url"]] = fields
    return data.run_id, out


def diff_runs(root: str, run_from: str, run_to: str) -> tuple[str, str, list[Change]]:
    id_a, a = field_sets(root, run_from)
    id_b, b = field_sets(root, run_to)
    changes: list[Change] = []
    for url in sorted(a.keys() | b.keys()):
        if url not in b:
            changes.append(Change(url, "", "page_removed", ""))
            continue
        if url not in a:
            changes.append(Change(url, "", "page_added", ""))
        before = a.get(url, {name: set() for name in FIELDS})
        for name in FIELDS:
            changes.extend(Change(url, name, "removed", v) for v in sorted(before[name] - b[url][name]))
            changes.extend(Change(url, name, "added", v) for v in sorted(b[url][name] - before[name]))
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
