"""The numbers a person wants after a run: pages by type, values found per field, errors."""

from __future__ import annotations

import json

from output.fields import FACTS
from output.parts import load_table, run_records


def run_summary(root: str, run: str = "latest") -> dict[str, object]:
    pages = load_table(root, "pages", run)
    run_id = str(pages["run_id"].iloc[0]) if len(pages) else str(load_table(root, "runs", run)["run_id"].iloc[0])
    tables = {name: load_table(root, name, run_id) for name in {f.table for f in FACTS if f.many}}
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
        "errors": len(load_table(root, "errors", run_id)),
        "skips": len(load_table(root, "skips", run_id)),
        "counts": json.loads(run["counts"]),
        "status": run["status"], "reason": run["reason"], "failed_monitors": run["failed_monitors"] or [],
        "site": run["site"],
    }
