"""The numbers a person wants after a run: pages by type, values found per field, errors."""

from __future__ import annotations

import json

from output.fields import FACTS
from output.parts import load_table, run_records


def run_summary(root: str, run: str = "latest") -> dict[str, object]:
    # only the columns counted: a run's pages table is mostly page text (1.7 GB read whole at 20,000 pages)
    pages = load_table(root, "pages", run, columns=["page_type", "drug"])
    run_id = str(pages["run_id"].iloc[0]) if len(pages) else str(load_table(root, "runs", run)["run_id"].iloc[0])
    wanted: dict[str, list[str]] = {}
    for f in FACTS:
        if f.many:
            wanted.setdefault(f.table, []).extend([f.match[0]] if f.match else [])
    tables = {name: load_table(root, name, run_id, columns=cols) for name, cols in wanted.items()}
    run = run_records(root, [run_id])[0]  # statuses of older runs in today's words
    fields = {}
    for f in FACTS:
        if not f.many:
            continue
        frame = tables[f.table]
        fields[f.name] = int((frame[f.match[0]] == f.match[1]).sum()) if f.match else len(frame)
    return {
        "run_id": run_id,
        "pages_by_type": {str(k): int(v) for k, v in pages["page_type"].value_counts().sort_index().items()},
        "drugs": int(pages["drug"].dropna().nunique()),
        "fields": fields,
        "errors": len(load_table(root, "errors", run_id, columns=[])),
        "skips": len(load_table(root, "skips", run_id, columns=[])),
        "counts": json.loads(run["counts"]),
        "status": run["status"], "reason": run["reason"], "failed_monitors": run["failed_monitors"] or [],
        "site": run["site"],
    }
