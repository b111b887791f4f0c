"""Readers: a run's table as a DataFrame, with the latest complete run by default."""

from __future__ import annotations

import pandas as pd
import pyarrow.dataset as ds
from pyarrow import fs as pafs

from output.dataset import open_root
from output.schema import TABLES


class DatasetError(Exception):
    """A folder that is not a dataset, a missing run or table: said with the path."""


def run_ids(root: str) -> list[str]:
    """Complete runs (those with a runs manifest), oldest first; ids sort by start time."""
    filesystem, path = open_root(root)
    info = filesystem.get_file_info(pafs.FileSelector(f"{path}/runs", allow_not_found=True))
    ids = []
    for entry in info:
        name = entry.base_name
        if entry.type == pafs.FileType.Directory and name.startswith("run_id="):
            parts = filesystem.get_file_info(pafs.FileSelector(entry.path))
            if any(p.base_name.endswith(".parquet") and not p.base_name.startswith("_") for p in parts):
                ids.append(name.removeprefix("run_id="))
    return sorted(ids)


def resolve_run(root: str, run: str | None) -> str | None:
    """'latest' → newest complete run id; 'all' or None → None (every run)."""
    if run in (None, "all"):
        return None
    ids = run_ids(root)
    if not ids:
        raise DatasetError(f"{root}: not a drugpages dataset (no complete run under {root}/runs)")
    if run == "latest":
        return ids[-1]
    if run not in ids:
        raise DatasetError(f"{root}: no run {run!r} (runs: {', '.join(ids)})")
    return run


def load(root: str, table: str, run: str | None = "latest") -> pd.DataFrame:
    if table not in TABLES:
        raise DatasetError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    run_id = resolve_run(root, run)
    filesystem, path = open_root(root)
    dataset = ds.dataset(f"{path}/{table}", format="parquet", partitioning="hive", filesystem=filesystem)
    flt = ds.field("run_id") == run_id if run_id is not None else None
    frame = dataset.to_table(filter=flt).to_pandas()
    if "run_id" in frame:
        frame["run_id"] = frame["run_id"].astype(str)
    return frame
