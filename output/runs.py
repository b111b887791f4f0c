"""A run's identity and its state folder ``OUT/_runs/<run_id>/``, shared by crawls and re-extraction.

The state folder holds how the run was started (``run.json``), the checkpoint
manifest and the monitor report; readers skip ``_`` names, so none of it is data.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any

from pyarrow import fs as pafs

from extract.records import EXTRACTOR_VERSION
from output.dataset import open_root
from output.parts import DatasetError, load_table, run_ids

RUN_SPEC = "run.json"
# Settings recorded with every run: those that change what a crawl sees.
RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED", "DOWNLOAD_MAXSIZE", "DRUGPAGES_MIRROR", "DRUGPAGES_EXTRACT_WORKERS",
)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def versions() -> dict[str, str]:
    libs = ("scrapy", "beautifulsoup4", "lxml", "pyarrow", "warcio", "drug-named-entity-recognition")
    return {lib: version(lib) for lib in libs} | {"extractor": EXTRACTOR_VERSION}


def state_dir(out: str, run_id: str) -> str:
    """``OUT/_runs/<run_id>`` (a path on OUT's filesystem): the run's spec, checkpoint manifest, monitor report."""
    _, root = open_root(out)
    return f"{root}/_runs/{run_id}"


def write_state(out: str, run_id: str, name: str, text: str) -> str:
    """Replace one file of the run folder whole (written aside, then moved); returns its path."""
    filesystem, _ = open_root(out)
    folder = state_dir(out, run_id)
    filesystem.create_dir(folder, recursive=True)
    tmp = f"{folder}/{name}.inprogress"
    with filesystem.open_output_stream(tmp) as fh:
        fh.write(text.encode())
    filesystem.move(tmp, f"{folder}/{name}")
    return f"{folder}/{name}"


def read_state(out: str, run_id: str, name: str) -> str | None:
    filesystem, _ = open_root(out)
    try:
        with filesystem.open_input_stream(f"{state_dir(out, run_id)}/{name}") as fh:
            return fh.read().decode()
    except (FileNotFoundError, OSError):
        return None


def save_spec(out: str, run_id: str, spec: dict[str, Any]) -> None:
    """How the run was started, so ``--resume`` finishes it with the same spider, mirror and baseline."""
    write_state(out, run_id, RUN_SPEC, json.dumps(spec, indent=1, sort_keys=True))


def load_spec(out: str, run_id: str) -> dict[str, Any] | None:
    text = read_state(out, run_id, RUN_SPEC)
    return json.loads(text) if text is not None else None


def is_published(out: str, run_id: str) -> bool:
    """A run whose manifest row is visible is complete: there is nothing left to resume."""
    filesystem, root = open_root(out)
    infos = filesystem.get_file_info(pafs.FileSelector(f"{root}/runs/run_id={run_id}", allow_not_found=True))
    return any(not i.base_name.startswith("_") and i.base_name.endswith(".parquet") for i in infos)


def previous_run(out: str, spider: str, exclude: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """Id and counts of the latest complete crawl run of ``spider`` in ``out`` (not ``exclude``)."""
    try:
        if not run_ids(out):
            return None
        runs = load_table(out, "runs", run="all")
    except (DatasetError, FileNotFoundError, OSError):
        return None
    runs = runs[(runs["command"] == "crawl") & (runs["source"] == spider) & (runs["run_id"] != exclude)]
    if runs.empty:
        return None
    last = runs.sort_values("run_id").iloc[-1]
    return str(last["run_id"]), json.loads(last["counts"])
