"""The current snapshot: each table's folder holds exactly the current runs (the newest succeeded run per site).

Rebuilt from the history after every published run, idempotently: a run that
became current is linked in (all tables, ``runs`` last), then runs that are
no longer current are taken out (``runs`` first). A reader listing a table
folder at that moment may see a replaced run beside its successor;
``output.load`` and ``drugpages query`` never do (they read the history by the
manifest). Run folders of the older layout are moved into the history, never deleted.
"""

from __future__ import annotations

import os
import shutil

from pyarrow import fs as pafs

from output.layout import current_folder, history_folder, open_root
from output.parts import current_runs, run_ids
from output.schema import TABLES

ORDER = [*(t for t in TABLES if t != "runs"), "runs"]  # the manifest appears last and goes first


def refresh_current(root: str) -> list[str]:
    """Make ``ROOT/<table>/`` hold the current runs and nothing else; returns their ids."""
    filesystem, path = open_root(root)
    want = current_runs(root) if run_ids(root) else []
    have = {table: _run_folders(filesystem, f"{path}/{table}") for table in ORDER}
    for table in ORDER:
        for run in want:
            if run not in have[table]:
                _link_run(filesystem, history_folder(path, table, run), current_folder(path, table, run))
    for table in reversed(ORDER):
        for run in sorted(have[table] - set(want)):
            _retire(filesystem, current_folder(path, table, run), history_folder(path, table, run))
    return want


def _run_folders(filesystem: pafs.FileSystem, folder: str) -> set[str]:
    infos = filesystem.get_file_info(pafs.FileSelector(folder, allow_not_found=True))
    return {i.base_name.removeprefix("run_id=") for i in infos
            if i.type == pafs.FileType.Directory and i.base_name.startswith("run_id=")}


def _data_files(filesystem: pafs.FileSystem, folder: str) -> list[str]:
    infos = filesystem.get_file_info(pafs.FileSelector(folder, allow_not_found=True))
    return sorted(i.base_name for i in infos if i.type == pafs.FileType.File and i.base_name.endswith(".parquet")
                  and not i.base_name.startswith(("_", ".")))


def _link_run(filesystem: pafs.FileSystem, source: str, target: str) -> None:
    """Each data file under a hidden name first, then renamed: a reader never sees half a file."""
    filesystem.create_dir(target, recursive=True)
    for name in _data_files(filesystem, source):
        hidden = f"{target}/_{name}.inprogress"
        if filesystem.type_name == "local":
            if os.path.exists(hidden):
                os.remove(hidden)
            try:
                os.link(f"{source}/{name}", hidden)  # no second copy of the data on a local disk
            except OSError:
                shutil.copyfile(f"{source}/{name}", hidden)
        else:
            filesystem.copy_file(f"{source}/{name}", hidden)
        filesystem.move(hidden, f"{target}/{name}")


def _retire(filesystem: pafs.FileSystem, folder: str, history: str) -> None:
    """Take a run out of the current snapshot; a run only there (older layout) moves into the history."""
    if not _data_files(filesystem, history):
        filesystem.create_dir(history, recursive=True)
        for name in _data_files(filesystem, folder):
            filesystem.move(f"{folder}/{name}", f"{history}/{name}")
    filesystem.delete_dir(folder)
