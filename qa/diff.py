"""``drugpages qa diff``: what changed per page and field between two runs (CSV and HTML).

Values are compared as sets per (page URL, field), so reordering is not a
change; a page present in only one run shows as added or removed. Each value
comes with its evidence (from the run that has it) and, given a QA report of
that run, a link to the page's view in it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from output.fields import comparable, diff
from output.parts import current_runs, run_records
from output.reader import DatasetError, resolve_run
from qa.html import esc, ext_link, page, page_view_link, table
from qa.values import FIELDS, VALUE_TABLES, iter_pages, load_run, page_values

CSV_COLUMNS = ["url", "field", "change", "value", "evidence", "run_from", "run_to"]


def resolve_pair(root: str, run_from: str, run_to: str) -> tuple[str, str]:
    """Run ids for ``--from``/``--to``: 'latest' (the newest current run), 'previous' (the succeeded run of the
    same site before the other one), or ids."""
    to = resolve_run(root, run_to) if run_to != "previous" else None
    if run_from != "previous":
        start = resolve_run(root, run_from)
        return str(start), str(to or _previous(root, str(start), after=True))
    if to is None:
        raise DatasetError("--from and --to cannot both be 'previous'")
    return _previous(root, str(to)), str(to)


def _previous(root: str, run: str, after: bool = False) -> str:
    """The succeeded run of ``run``'s site just before it (or just after it, with ``after``)."""
    rows = run_records(root)
    site = next(r["site"] for r in rows if r["run_id"] == run)
    same = [r["run_id"] for r in rows if r["site"] == site and r["status"] == "succeeded"]
    others = [r for r in same if (r > run if after else r < run)]
    if not others:
        raise DatasetError(f"{root}: no succeeded run of {site or 'its site'!r} {'after' if after else 'before'} {run}"
                           f" (current: {', '.join(current_runs(root)) or 'none'})")
    return others[0] if after else others[-1]


@dataclass(slots=True)
class Change:
    url: str
    field: str
    change: str  # 'added', 'removed', 'page_added', 'page_removed'
    value: str
    evidence: str = ""


Evidence = dict[tuple[str, str, str], str]  # (url, field, value) → the sentence it came from


def fact_sets(root: str, run: str) -> tuple[str, dict[str, dict[str, Any]], Evidence]:
    """Per page URL, the fact fields as ``output.fields.comparable`` gives them; and each value's evidence."""
    data = load_run(root, run)
    out: dict[str, dict[str, Any]] = {}
    evidence: Evidence = {}
    for p in iter_pages(data):
        rows = {"pages": [p], **{t: data.rows(t, p["url"]).to_dict("records") for t in VALUE_TABLES}}
        whole = comparable(rows)
        out[p["url"]] = {name: whole[name] for name in FIELDS}
        for v in page_values(data, p):
            if v.evidence:
                evidence.setdefault((p["url"], v.field, v.value.lower()), v.evidence)
    return data.run_id, out, evidence


def diff_runs(root: str, run_from: str, run_to: str) -> tuple[str, str, list[Change]]:
    id_a, a, evidence_a = fact_sets(root, run_from)
    id_b, b, evidence_b = fact_sets(root, run_to)
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
            changes.extend(Change(url, name, "removed", v, evidence_a.get((url, name, str(v).lower()), ""))
                           for v in values.get("removed", []))
            changes.extend(Change(url, name, "added", v, evidence_b.get((url, name, str(v).lower()), ""))
                           for v in values.get("added", []))
    return id_a, id_b, changes


def write_diff(root: str, run_from: str, run_to: str, out: str | Path,
               report: str | Path | None = None) -> tuple[Path, Path, list[Change]]:
    """``report``: a QA report (``drugpages qa report``) of either run, whose page views the diff links to."""
    id_a, id_b, changes = diff_runs(root, run_from, run_to)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    csv_path, html_path = out / "diff.csv", out / "diff.html"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        writer.writerows([c.url, c.field, c.change, c.value, c.evidence, id_a, id_b] for c in changes)
    by_page: dict[str, list[Change]] = {}
    for c in changes:
        by_page.setdefault(c.url, []).append(c)
    summary = {kind: sum(1 for c in changes if c.change == kind)
               for kind in ("added", "removed", "page_added", "page_removed")}
    body = [f"<header><h1>Changes from run {esc(id_a)} to run {esc(id_b)}</h1></header><main>",
            "<p id='summary'>" + " · ".join(f"{esc(k)}: {n}" for k, n in summary.items()) +
            f" · pages changed: {len(by_page)}</p>"]
    for url, items in by_page.items():
        view = page_view_link(report, out, url)
        body.append(f"<h2>{ext_link(url)}{f' · {view}' if view else ''}</h2>")
        body.append(table(["field", "change", "value", "evidence"], (
            [esc(c.field), f"<span class='{'warn' if 'removed' in c.change else ''}'>{esc(c.change)}</span>",
             esc(c.value), f"<span class='small'>{esc(c.evidence)}</span>"] for c in items), "class='diff'"))
    if not by_page:
        body.append("<p>No changes.</p>")
    body.append("</main>")
    html_path.write_text(page(f"diff {id_a} → {id_b}", "".join(body)), encoding="utf-8")
    return csv_path, html_path, changes

