"""The dataset's files: which runs are complete, their part files, a table over chosen runs.

Only complete runs are read: a run is complete once its manifest
(``_history/runs/run_id=<id>/part-*.parquet``) exists, and the manifest is written
last. Folders of the layout before ``_history`` (``<table>/run_id=<id>/`` only)
read too. Tables are read with the current schema (``output.schema.read_schema``),
so files of runs written before a column was added read as nulls in it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pyarrow import fs as pafs

from output.layout import DEGRADED, FAILED, SUCCEEDED, current_folder, history_folder, open_root
from output.schema import TABLES, read_schema

if TYPE_CHECKING:  # pandas (~80 MB; pyarrow.dataset imports it) only where a table is read: not in the crawl
    import pandas as pd
    import pyarrow.dataset as ds

VIEW_NAMES = ("latest", "drugs")  # besides latest_<table>: the views output.query builds


class DatasetError(Exception):
    """A folder that is not a dataset, a missing run or table, a corrupt file: said with the path."""


def _open(root: str) -> tuple[pafs.FileSystem, str]:
    try:
        return open_root(root)
    except (pa.ArrowInvalid, OSError, ValueError) as exc:
        raise DatasetError(f"{root}: cannot open ({exc})") from None


def display(filesystem: pafs.FileSystem, path: str) -> str:
    """A path as the user would write it: local paths as they are, others as URIs."""
    return path if filesystem.type_name == "local" else f"{filesystem.type_name}://{path}"


def _is_data(name: str) -> bool:
    """Files Parquet readers read: pyarrow skips '_' and '.' prefixes; '.inprogress' matches no '*.parquet' glob."""
    return name.endswith(".parquet") and not name.startswith(("_", "."))


def _list(filesystem: pafs.FileSystem, path: str) -> list[pafs.FileInfo]:
    try:
        return filesystem.get_file_info(pafs.FileSelector(path, allow_not_found=True))
    except OSError as exc:
        raise DatasetError(f"{display(filesystem, path)}: cannot list ({exc})") from None


def run_ids(root: str) -> list[str]:
    """Complete runs (those with a runs manifest), oldest first; ids sort by start time."""
    filesystem, path = _open(root)
    ids = set()
    for folder in (history_folder(path, "runs", "x"), current_folder(path, "runs", "x")):  # and the older layout
        for entry in _list(filesystem, folder.rsplit("/", 1)[0]):
            name = entry.base_name
            if (entry.type == pafs.FileType.Directory and name.startswith("run_id=")
                    and any(_is_data(p.base_name) for p in _list(filesystem, entry.path))):
                ids.add(name.removeprefix("run_id="))
    return sorted(ids)


def complete_runs(root: str) -> list[str]:
    """Like ``run_ids``, but a folder that is not a dataset is an error."""
    filesystem, path = _open(root)
    if filesystem.get_file_info(path).type == pafs.FileType.NotFound:
        raise DatasetError(f"{root}: no such folder")
    ids = run_ids(root)
    if not ids:
        raise DatasetError(f"{root}: not a drugpages dataset (no complete run under {display(filesystem, path)}/runs)")
    return ids


def run_records(root: str, ids: list[str] | None = None) -> list[dict]:
    """Every complete run's manifest row, oldest first, its status in today's words.

    Rows written before run status existed say 'finished' (or a close reason) and
    keep the monitor outcome in ``counts``: they are read as succeeded, degraded or failed.
    """
    ids = complete_runs(root) if ids is None else ids
    rows = read_table(root, "runs", ids).to_pylist()
    for row in rows:
        if row["status"] not in (SUCCEEDED, DEGRADED, FAILED):
            counts = json.loads(row["counts"] or "{}")
            finished = row["status"] == "finished" and counts.get("pages", 0) > 0
            row["reason"] = row.get("reason") or row["status"]
            row["status"] = (FAILED if not finished else DEGRADED if counts.get("monitors_failed") else SUCCEEDED)
        if not row.get("site"):
            row["site"] = row["source"] if row["command"] == "crawl" else ""
    return sorted(rows, key=lambda r: (r["started_at"], r["run_id"]))


def current_runs(root: str, degraded: bool = False, ids: list[str] | None = None) -> list[str]:
    """The runs that make up the current data: the newest succeeded run of each site, oldest first.

    ``degraded``: a degraded run (finished, a monitor failed) counts as good too.
    """
    good = (SUCCEEDED, DEGRADED) if degraded else (SUCCEEDED,)
    newest: dict[str, dict] = {}
    for row in run_records(root, ids):
        if row["status"] in good:
            newest[row["site"]] = row  # rows are oldest first: the last one wins
    return [r["run_id"] for r in sorted(newest.values(), key=lambda r: (r["started_at"], r["run_id"]))]


def resolve_runs(root: str, run: str | None, degraded: bool = False) -> list[str]:
    """'latest' → the current runs (newest succeeded per site); 'all' or None → every complete run; an id → [id]."""
    ids = complete_runs(root)
    if run in (None, "all"):
        return ids
    if run == "latest":
        return current_runs(root, degraded, ids)
    if run not in ids:
        raise DatasetError(f"{root}: no complete run {run!r} (runs: {', '.join(ids)})")
    return [run]


def resolve_run(root: str, run: str | None, degraded: bool = False) -> str | None:
    """One run id: the newest current run for 'latest', the id itself; None for 'all'."""
    if run in (None, "all"):
        return None
    found = resolve_runs(root, run, degraded)
    if not found:
        raise DatasetError(f"{root}: no succeeded run yet (see the runs table: drugpages query {root} "
                           "--run all \"SELECT run_id, status, reason, failed_monitors FROM runs\")")
    return found[-1]


def part_files(root: str, table: str, runs: list[str]) -> list[tuple[str, str]]:
    """(run id, data file) of ``table`` in the given runs (a table a run did not write has none)."""
    filesystem, path = _open(root)
    files = []
    for run in runs:
        for folder in (history_folder(path, table, run), current_folder(path, table, run)):
            found = sorted(e.path for e in _list(filesystem, folder)
                           if e.type == pafs.FileType.File and _is_data(e.base_name))
            if found:  # the history holds every run; a run of the older layout is only in the table folder
                files += [(run, f) for f in found]
                break
    return files


def table_dataset(root: str, table: str, runs: list[str]) -> ds.Dataset:
    """A lazy dataset of ``table`` over the given complete runs, with the current schema."""
    import pyarrow.dataset as ds  # here, not above: it imports pandas, which writing a table never needs
    if table not in TABLES:
        raise DatasetError(f"unknown table {table!r}; tables: {', '.join([*TABLES, *VIEW_NAMES])}")
    filesystem, _ = _open(root)
    files = part_files(root, table, runs)
    schema = read_schema(table)
    if not files:
        return ds.dataset(schema.empty_table())
    return ds.FileSystemDataset.from_paths([f for _, f in files], schema=schema, format=ds.ParquetFileFormat(),
                                           filesystem=filesystem,
                                           partitions=[pc.field("run_id") == run for run, _ in files])


def find_corrupt(root: str, table: str, runs: list[str]) -> str | None:
    """The first data file of the table that does not read as Parquet, for error messages."""
    filesystem, _ = _open(root)
    for _, file in part_files(root, table, runs):
        try:
            with filesystem.open_input_file(file) as fh:
                pq.ParquetFile(fh).read()
        except (pa.ArrowException, OSError) as exc:
            return f"{display(filesystem, file)}: not a readable Parquet file ({exc})"
    return None


def read_table(root: str, table: str, runs: list[str], columns: list[str] | None = None) -> pa.Table:
    """``columns``: only these (a page's text is most of a pages table: a count needs none of it)."""
    try:
        return table_dataset(root, table, runs).to_table(columns=columns)
    except (pa.ArrowException, OSError) as exc:
        raise DatasetError(find_corrupt(root, table, runs) or f"{root}/{table}: {exc}") from None


def load_table(root: str, table: str, run: str | None = "latest", degraded: bool = False,
               columns: list[str] | None = None) -> pd.DataFrame:
    """A stored table as a DataFrame. ``run``: 'latest' (the current runs), a run id, or 'all'; ``columns``: only
    these (``run_id`` always comes too)."""
    wanted = None if columns is None else list(dict.fromkeys(["run_id", *columns]))
    frame = read_table(root, table, resolve_runs(root, run, degraded), wanted).to_pandas()
    frame["run_id"] = frame["run_id"].astype("category")  # as pandas.read_parquet gives the partition column
    return frame
