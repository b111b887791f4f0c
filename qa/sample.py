"""``drugpages qa sample`` and ``qa eval --reviews``: a review sheet and its precision.

The sheet takes values with evidence spans, spread evenly over the fields
(so each field gets a usable confidence interval), chosen at random with a
seed so the same command gives the same sheet. A reviewer fills ``verdict``
with y/n; reading it back gives per-field precision with Wilson intervals.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from pathlib import Path

from qa.html import esc, ext_link, page, page_view_link, table
from qa.values import SPAN_FIELDS, iter_pages, load_run, page_values

SHEET_COLUMNS = ["sample_id", "field", "value", "url", "evidence", "start", "end", "run_id", "verdict", "note"]
YES = {"y", "yes", "1", "true", "correct", "ok", "c", "tp"}
NO = {"n", "no", "0", "false", "wrong", "incorrect", "x", "fp"}
CONTEXT = 80


class ReviewError(ValueError):
    """A review sheet that cannot be read: missing columns or verdicts that are not yes/no."""


def sample_values(root: str, n: int, seed: int | str, run: str = "latest") -> tuple[str, list[dict[str, object]]]:
    data = load_run(root, run)
    pools: dict[str, list[dict[str, object]]] = {name: [] for name in SPAN_FIELDS}
    for p in iter_pages(data):
        for v in page_values(data, p):
            if v.field in pools:
                pools[v.field].append({"field": v.field, "value": v.value, "url": p["url"],
                                       "evidence": v.evidence or "", "start": v.start, "end": v.end,
                                       "run_id": data.run_id})
    rng = random.Random(str(seed))
    for pool in pools.values():
        rng.shuffle(pool)
    chosen: list[dict[str, object]] = []
    while len(chosen) < n and any(pools.values()):
        for name in SPAN_FIELDS:  # round robin: an even split, fields that run out leave room to others
            if pools[name] and len(chosen) < n:
                chosen.append(pools[name].pop())
    chosen.sort(key=lambda r: (SPAN_FIELDS.index(str(r["field"])), str(r["url"]), r["start"] or 0))
    for i, row in enumerate(chosen, 1):
        row["sample_id"] = i
        row["verdict"] = ""
        row["note"] = ""
    return data.run_id, chosen


def write_sheet(root: str, n: int, seed: int | str, out: str | Path, run: str = "latest",
                report: str | Path | None = None) -> tuple[Path, Path, int]:
    """``report``: a QA report of the run; each value then links to its page's view there (else to the page)."""
    run_id, rows = sample_values(root, n, seed, run)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    csv_path, html_path = out / "review.csv", out / "review.html"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, SHEET_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    cells = ([str(r["sample_id"]), esc(r["field"]), f"<b>{esc(r['value'])}</b>", esc(r["evidence"]),
              page_view_link(report, out, str(r["url"]), str(r["url"])) or ext_link(r["url"]), "", ""] for r in rows)
    body = (f"<header><h1>Review sheet: {len(rows)} values of run {esc(run_id)} (seed {esc(seed)})</h1></header>"
            "<main><p>Fill <code>verdict</code> in review.csv with y (the value is right for its page and evidence) "
            "or n; then run <code>drugpages qa eval --reviews review.csv</code>.</p>"
            + table(["#", "field", "value", "evidence", "page", "verdict", "note"], cells, "id='sheet'") + "</main>")
    html_path.write_text(page(f"review sheet {run_id}", body), encoding="utf-8")
    return csv_path, html_path, len(rows)


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval: sensible near 0 and 1 and for small samples, unlike p ± z·se."""
    if total == 0:
        return 0.0, 1.0
    p = successes / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(slots=True)
class FieldPrecision:
    field: str
    reviewed: int
    correct: int
    unreviewed: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.reviewed if self.reviewed else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.correct, self.reviewed)


def read_reviews(path: str | Path) -> dict[str, FieldPrecision]:
    """Per-field counts from a filled sheet; blank verdicts count as unreviewed; a sheet with none is an error."""
    with Path(path).open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"field", "verdict"} - set(reader.fieldnames or [])
        if missing:
            raise ReviewError(f"{path}: not a review sheet (no {', '.join(sorted(missing))} column)")
        out: dict[str, FieldPrecision] = {}
        for line, row in enumerate(reader, 2):
            name = (row.get("field") or "").strip()
            verdict = (row.get("verdict") or "").strip().lower()
            score = out.setdefault(name, FieldPrecision(name, 0, 0, 0))
            if not verdict:
                score.unreviewed += 1
            elif verdict in YES:
                score.reviewed += 1
                score.correct += 1
            elif verdict in NO:
                score.reviewed += 1
            else:
                raise ReviewError(f"{path}:{line}: verdict {row.get('verdict')!r} is neither yes nor no")
    if not any(s.reviewed for s in out.values()):
        raise ReviewError(f"{path}: no verdict filled in yet: write y or n in the verdict column of each row")
    return out
