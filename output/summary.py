"""The numbers a person wants after a run: pages by type, fields found, errors."""

from __future__ import annotations

import json

from output.reader import load


def run_summary(root: str, run: str = "latest") -> dict[str, object]:
    pages = load(root, "pages", run)
    run_id = str(pages["run_id"].iloc[0]) if len(pages) else load(root, "runs", run)["run_id"].iloc[0]
    runs = load(root, "runs", run_id)
    links = load(root, "links", run_id)
    uses = load(root, "uses", run_id)
    return {
        "run_id": run_id,
        "pages_by_type": {str(k): int(v) for k, v in pages["page_type"].value_counts().sort_index().items()},
        "drugs": int(pages["drug"].dropna().nunique()),
        "approved_uses": int((uses["use_type"] == "approved").sum()),
        "off_label_uses": int((uses["use_type"] == "off_label").sum()),
        "brand_names": len(load(root, "brand_names", run_id)),
        "co_medications": len(load(root, "co_medications", run_id)),
        "referring_links": int((links["kind"] == "referring").sum()),
        "errors": len(load(root, "errors", run_id)),
        "skips": len(load(root, "skips", run_id)),
        "counts": json.loads(runs["counts"].iloc[0]),
    }
