"""Finishing a killed run: what its checkpointed rows and its WARC files already hold.

Scrapy's JOBDIR keeps its queue only across clean stops (its bookkeeping is
written at close), so after ``kill -9`` the run is rebuilt from its own output:
URLs with a committed row are done, link targets of committed pages not yet done
are fetched again, and the WARC tail past the last complete record is cut off.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

import pyarrow as pa
from pyarrow import fs as pafs
from warcio.archiveiterator import ArchiveIterator

from output.dataset import open_root

RUN_SPEC = "run.json"


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


def recovered_frontier(recovered: dict[str, pa.Table]) -> tuple[set[str], list[str]]:
    """URLs done (a committed page, error or skip row) and the link targets of committed pages, in order."""
    done: set[str] = set()
    for table in ("pages", "errors", "skips"):
        if table in recovered:
            done.update(recovered[table].column("url").to_pylist())
    frontier: list[str] = []
    if "links" in recovered:
        seen: set[str] = set()
        for url in recovered["links"].column("target_url").to_pylist():
            if url not in seen:
                seen.add(url)
                frontier.append(url)
    return done, frontier


def complete_length(path: Path, chunk: int = 1 << 16) -> int:
    """Bytes of ``path`` made of whole gzip members: each WARC record is one member, written whole or cut."""
    data = memoryview(path.read_bytes())
    pos = 0
    while pos < len(data):
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        end = pos
        try:
            while not dec.eof and end < len(data):
                piece = data[end:end + chunk]
                dec.decompress(piece)
                end += len(piece)
        except zlib.error:
            break
        if not dec.eof:
            break
        pos = end - len(dec.unused_data)
    return pos


def repair_warc(folder: Path, run_id: str) -> tuple[set[str], int]:
    """Cut the incomplete tail of this run's WARC files; return the URLs captured and the last file index."""
    captured: set[str] = set()
    last = 0
    for path in sorted(folder.glob(f"{run_id}-*.warc.gz")):
        length = complete_length(path)
        if length < path.stat().st_size:
            with open(path, "r+b") as fh:
                fh.truncate(length)
        last = max(last, int(path.name.removesuffix(".warc.gz").rsplit("-", 1)[1]))
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    captured.add(record.rec_headers.get_header("WARC-Target-URI"))
    return captured, last
