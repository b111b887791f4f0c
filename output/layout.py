"""Where a dataset's files live: every run under ``_history``, the current runs as plain table folders.

``DIR/_history/<table>/run_id=<id>/part-<n>.parquet`` holds every complete run
(the writer's only output). ``DIR/<table>/run_id=<id>/`` holds the same files
(hard links, or copies on object storage) of the *current* runs only: the
newest succeeded run of each site. So ``pandas.read_parquet("DIR/uses")``,
DuckDB's ``read_parquet('DIR/uses/*/*.parquet')`` and ``output.load`` give the
same rows, and ``DIR/_history/<table>`` reads every run. pyarrow skips names
that start with ``_`` or ``.``, files and folders alike.
"""

from __future__ import annotations

import os

from pyarrow import fs as pafs

HISTORY = "_history"
SUCCEEDED, DEGRADED, FAILED = "succeeded", "degraded", "failed"  # a run's status in the runs table


def open_root(uri: str) -> tuple[pafs.FileSystem, str]:
    """A pyarrow filesystem and path for a local folder or any URI pyarrow supports."""
    if "://" not in uri:
        uri = os.path.abspath(uri)
        return pafs.LocalFileSystem(), uri
    return pafs.FileSystem.from_uri(uri)


def history_folder(root: str, table: str, run_id: str) -> str:
    """Where the writer puts a run's part files, and where every reader but plain pandas reads them."""
    return f"{root}/{HISTORY}/{table}/run_id={run_id}"


def current_folder(root: str, table: str, run_id: str) -> str:
    """Where a current run's files appear for readers that take a table's folder whole."""
    return f"{root}/{table}/run_id={run_id}"
