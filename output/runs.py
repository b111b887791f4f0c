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

from extract.records import EXTRACTOR_VERSION
from output.dataset import open_root
from output.parts import DEGRADED, SUCCEEDED, DatasetError, run_ids, run_records

RUN_SPEC = "run.json"
# Settings recorded with every run: those that change what a crawl sees.
RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED", "DOWNLOAD_MAXSIZE", "DRUGPAGES_MIRROR", "DRUGPAGES_EXTRACT_WORKERS",
    "DRUGPAGES_ARCHIVE", "DRUGPAGES_ARCHIVE_AT", "DRUGPAGES_ARCHIVE_FROM", "DRUGPAGES_ARCHIVE_TO",
    "DRUGPAGES_ARCHIVE_SEED",
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
    """A run that got to the end (whatever its status) has nothing left to resume; a stopped one has."""
    try:
        if run_id not in run_ids(out):
            return False
        return any(r["reason"] in ("finished", "no pages") for r in run_records(out, [run_id]))
    except (DatasetError, FileNotFoundError, OSError):
        return False


def previous_run(out: str, spider: str, exclude: str | None = None,
                 degraded: bool = False) -> tuple[str, dict[str, Any]] | None:
    """Id and counts of the newest succeeded crawl run of ``spider`` in ``out`` (not ``exclude``): the baseline
    of an incremental crawl and of the monitors' comparison. ``degraded``: a degraded run may be it too."""
    good = (SUCCEEDED, DEGRADED) if degraded else (SUCCEEDED,)
    try:
        if not run_ids(out):
            return None
        runs = run_records(out)
    except (DatasetError, FileNotFoundError, OSError):
        return None
    runs = [r for r in runs if r["command"] == "crawl" and r["source"] == spider and r["run_id"] != exclude
            and r["status"] in good]
    if not runs:
        return None
    return str(runs[-1]["run_id"]), json.loads(runs[-1]["counts"])
