"""Readers: a table or view as a DataFrame, the latest complete run by default.

Only complete runs are read: a run is complete once its manifest
(``runs/run_id=<id>/part-*.parquet``) exists, and the manifest is written
last. Tables are read with the current schema (``output.schema.read_schema``),
so files of runs written before a column was added read as nulls in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from output.parts import (
    VIEW_NAMES,
    DatasetError,
    complete_runs,
    current_runs,
    load_table,
    read_table,
    resolve_run,
    resolve_runs,
    run_ids,
)
from output.query import connect, fetch
from output.schema import TABLES

if TYPE_CHECKING:  # pandas (~80 MB) only where a table is read: not in the crawl, nor in its workers
    import pandas as pd


def load(root: str, table: str, run: str | None = "latest", degraded: bool = False) -> pd.DataFrame:
    """A table or view as a DataFrame. ``run``: 'latest' (the current data: the newest succeeded run of
    each site, what ``pandas.read_parquet(DIR/<table>)`` reads), a run id, or 'all' (every run).

    ``degraded=True`` lets a degraded run (finished, a monitor failed) be the latest of its site.
    Views (``latest``, ``latest_<table>``, ``drugs``) are built over the selected runs.
    """
    if table in TABLES:
        return load_table(root, table, run, degraded)
    if table in VIEW_NAMES or table.removeprefix("latest_") in TABLES:
        return fetch(connect(root, run, degraded), f"SELECT * FROM {table}", root, view=table).to_pandas()
    raise DatasetError(f"unknown table {table!r}; tables: {', '.join([*TABLES, *VIEW_NAMES])}")


__all__ = ["DatasetError", "complete_runs", "current_runs", "load", "read_table", "resolve_run", "resolve_runs",
           "run_ids"]
