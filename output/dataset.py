"""Streaming writer of a run's tables: row groups as records arrive.

Layout (``output.layout``): ``ROOT/_history/<table>/run_id=<id>/part-00000.parquet``
(zstd); once the run is published, the current runs are linked into
``ROOT/<table>/`` (``output.current``). Files are written under a
leading-underscore name, which Parquet readers skip, and renamed only when
complete, so a killed run leaves nothing readable as data.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import fs as pafs

from extract.records import ExtractResult
from output.current import refresh_current
from output.ids import page_id, snapshot_id
from output.layout import DEGRADED, FAILED, SUCCEEDED, history_folder, open_root
from output.schema import RECORD_TABLES, SCHEMA_VERSION, TABLES, schema_for

ROW_GROUP_ROWS = 2000
CHECKPOINTED = ".checkpoint"  # suffix of committed parts of a run not yet published


class _TableWriter:
    """One table of one run, as numbered part files: ``_part-N.parquet.inprogress`` while written,
    ``_part-N.parquet.checkpoint`` once committed by a checkpoint (complete, hidden from readers and
    from ``*.parquet`` globs), ``part-N.parquet`` when the run is published. Part N belongs to checkpoint N."""

    def __init__(self, filesystem: pafs.FileSystem, folder: str, table: str, rows_per_group: int,
                 part: int = 0, count: int = 0) -> None:
        self.fs, self.folder, self.table = filesystem, folder, table
        self.schema = schema_for(table)
        self.rows: list[dict[str, Any]] = []
        self.rows_per_group = rows_per_group
        self.count = count
        self.part = part
        self.writer: pq.ParquetWriter | None = None
        self.part_rows = 0
        self.fs.create_dir(folder, recursive=True)
        self._open()

    def _open(self) -> None:
        self.writer = pq.ParquetWriter(self._path(self.part, suffix=".inprogress"), self.schema,
                                       filesystem=self.fs, compression="zstd")
        self.part_rows = 0

    def _path(self, part: int, prefix: str = "_", suffix: str = "") -> str:
        return f"{self.folder}/{prefix}part-{part:05d}.parquet{suffix}"

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.rows_per_group:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            if self.writer is None:
                self._open()
            assert self.writer is not None
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.count += len(self.rows)
            self.part_rows += len(self.rows)
            self.rows = []

    def commit(self, reopen: bool = True) -> None:
        """End the current part (complete but hidden, or dropped if empty); the next rows go to the next part."""
        self.flush()
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            tmp = self._path(self.part, suffix=".inprogress")
            if self.part_rows:
                self.fs.move(tmp, self._path(self.part, suffix=CHECKPOINTED))
            else:
                self.fs.delete_file(tmp)
        self.part += 1
        if reopen:
            self._open()

    def publish(self) -> None:
        """Make the committed parts visible; a table without rows still gets an empty part 0 (its schema)."""
        names = [i.base_name for i in self.fs.get_file_info(pafs.FileSelector(self.folder))]
        for name in names:
            if name.startswith("_part-") and name.endswith(CHECKPOINTED):
                self.fs.move(f"{self.folder}/{name}", f"{self.folder}/{name[1:].removesuffix(CHECKPOINTED)}")
        if not any(n.endswith((".parquet", CHECKPOINTED)) for n in names):
            pq.write_table(pa.Table.from_pylist([], schema=self.schema), self._path(0, prefix=""),
                           filesystem=self.fs, compression="zstd")

    def close(self) -> None:
        self.commit(reopen=False)
        self.publish()

    def abandon(self) -> None:
        """Close the part opened for rows that never came (its file is the caller's to remove)."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    def adopt(self, path: str, rows: int, part: int) -> None:
        """Take in a committed part of the same run written by another process, as this table's part ``part``."""
        self.fs.move(path, self._path(part, suffix=CHECKPOINTED))
        self.count += rows

    def recover(self, committed: int) -> pa.Table:
        """After a kill: drop parts past checkpoint ``committed``; return the rows of the kept parts."""
        if self.writer is not None:  # the part opened for new rows: reopened below under its right number
            self.writer.close()
            self.fs.delete_file(self._path(self.part, suffix=".inprogress"))
            self.writer = None
        kept = []
        for info in self.fs.get_file_info(pafs.FileSelector(self.folder, allow_not_found=True)):
            name = info.base_name
            number = _part_number(name)
            if number is None:
                continue
            if name.endswith(".inprogress") or number >= committed:
                self.fs.delete_file(info.path)
            else:
                kept.append((number, info.path))
        tables = [pq.read_table(path, filesystem=self.fs, schema=self.schema) for _, path in sorted(kept)]
        self.part = committed
        rows = pa.concat_tables(tables) if tables else self.schema.empty_table()
        self.count = rows.num_rows
        self._open()
        return rows


def _part_number(name: str) -> int | None:
    stem = name.lstrip("_")
    if not stem.startswith("part-"):
        return None
    digits = stem[5:10]
    return int(digits) if digits.isdigit() else None


class _NoPandas:
    """An import finder that refuses pandas, for one call (``_rows_without_pandas``)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("not needed to write rows", name=name)


def _rows_without_pandas() -> None:
    """pyarrow asks once per process whether pandas is importable, at the first ``pa.array`` of a list (to accept
    a Series), and imports it: ~55 MB in the crawl's process, which never reads a frame while it writes. Its
    first question is answered "no" here; pyarrow asks again, and imports pandas, when a table is turned into a
    frame (``to_pandas``), so readers in the same process are unchanged. A process that has pandas already is
    left as it is."""
    if "pandas" in sys.modules:
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(finder)


class DatasetWriter:
    """Writes one run: add results as they come, ``close`` makes them visible."""

    def __init__(self, root: str, run_id: str, rows_per_group: int = ROW_GROUP_ROWS, resume: bool = False) -> None:
        _rows_without_pandas()
        self.uri = root
        self.fs, self.root = open_root(root)
        self.run_id = run_id
        self.started_at = datetime.now(UTC)
        self.checkpoints = 0
        self.recovered: dict[str, pa.Table] = {}
        self.sites: set[str] = set()
        self._tables = {
            name: _TableWriter(self.fs, history_folder(self.root, name, run_id), name, rows_per_group)
            for name in TABLES
            if name != "runs"
        }
        if resume:
            self._recover()

    @property
    def state_dir(self) -> str:
        """``ROOT/_runs/<run_id>``: the run's own files (checkpoint manifest, reports); readers skip '_'."""
        return f"{self.root}/_runs/{self.run_id}"

    def checkpoint(self, reopen: bool = True) -> None:
        """Commit every row added so far: after a kill, ``resume=True`` gets back exactly these rows.

        Parts are closed first, then one small manifest is replaced atomically: a kill before the
        manifest leaves the previous checkpoint in force, and its later parts are deleted on resume.
        """
        for writer in self._tables.values():
            writer.commit(reopen)
        self.checkpoints += 1
        self._write_manifest()

    def abandon(self) -> None:
        """A shared run's worker that is not its publisher: its committed parts are the run's now; the parts
        opened after its last checkpoint are closed here, while the process can still write them (an object
        store's upload left to the garbage collector at exit never ends), and removed with its staging."""
        for writer in self._tables.values():
            writer.abandon()

    def _write_manifest(self) -> None:
        manifest = {"checkpoints": self.checkpoints, "started_at": self.started_at.isoformat(),
                    "counts": {name: w.count for name, w in self._tables.items()}}
        _replace(self.fs, f"{self.state_dir}/checkpoint.json", json.dumps(manifest))

    def adopt(self, other: str, checkpoints: int | None = None) -> dict[str, int]:
        """Move in the committed parts of this run that another writer (a Spark task, a crawl worker) wrote
        under the root ``other`` on the same filesystem: those of its first ``checkpoints`` checkpoints (all
        by default). They become checkpoints of this writer, after its own rows; returns their rows per table."""
        self.checkpoint(reopen=False)
        _, other_root = open_root(other)
        adopted, top = {}, self.checkpoints
        for name, writer in self._tables.items():
            folder = other_root + writer.folder.removeprefix(self.root)  # the same table folder under the other root
            infos = self.fs.get_file_info(pafs.FileSelector(folder, allow_not_found=True))
            parts = sorted((_part_number(i.base_name), i.path) for i in infos
                           if i.base_name.startswith("_part-") and i.base_name.endswith(CHECKPOINTED))
            parts = [(n, p) for n, p in parts if n is not None and (checkpoints is None or n < checkpoints)]
            adopted[name] = 0
            for offset, (_, path) in enumerate(parts):
                with self.fs.open_input_file(path) as fh:
                    part = pq.ParquetFile(fh)
                    rows = part.metadata.num_rows
                    if name == "pages" and rows:
                        self.sites.update(part.read(columns=["site"]).column("site").to_pylist())
                writer.adopt(path, rows, self.checkpoints + offset)
                adopted[name] += rows
            top = max(top, self.checkpoints + len(parts))
        for writer in self._tables.values():  # part N belongs to checkpoint N, in every table
            writer.part = top
            writer._open()
        self.checkpoints = top
        self._write_manifest()
        return adopted

    def _recover(self) -> None:
        try:
            with self.fs.open_input_stream(f"{self.state_dir}/checkpoint.json") as fh:
                manifest = json.loads(fh.read())
        except (FileNotFoundError, OSError):
            manifest = {"checkpoints": 0}
        self.checkpoints = int(manifest["checkpoints"])
        if "started_at" in manifest:
            self.started_at = datetime.fromisoformat(manifest["started_at"])
        self.recovered = {name: w.recover(self.checkpoints) for name, w in self._tables.items()}
        self.sites = set(self.recovered["pages"].column("site").to_pylist())

    def add(self, table: str, row: dict[str, Any]) -> None:
        if table == "pages":
            self.sites.add(row["site"])
        self._tables[table].add(row)

    def counts(self) -> dict[str, int]:
        return {name: w.count + len(w.rows) for name, w in self._tables.items()}

    def add_result(self, result: ExtractResult, fetched_at: datetime, stage: str = "extract") -> str:
        """Split one page's result into table rows; returns 'page', 'error' or 'skip'."""
        if result.record is not None:
            for table, rows in record_rows(result, fetched_at).items():
                for row in rows:
                    self.add(table, row)
            return "page"
        if result.error_type is not None:
            self.add_error(result.url, stage, result.error_type, result.error_message or "", fetched_at)
            return "error"
        self.add_skip(result.url, stage, result.skip_reason or "unknown")
        return "skip"

    def add_error(self, url: str, stage: str, error_type: str, message: str, when: datetime | None = None) -> None:
        self.add("errors", {"url": url, "stage": stage, "error_type": error_type, "message": message,
                            "occurred_at": when or datetime.now(UTC)})

    def add_skip(self, url: str, stage: str, reason: str, target: str | None = None) -> None:
        self.add("skips", {"url": url, "stage": stage, "reason": reason, "target_url": target})

    def close(self, command: str, source: str, reason: str, settings: dict[str, Any], versions: dict[str, str],
              extra_counts: dict[str, int] | None = None, failed_monitors: list[str] | None = None,
              site: str | None = None) -> dict[str, Any]:
        """End the run: its rows published (unless it stopped early: they stay checkpointed, resumable),
        then its ``runs`` row, then its status in ``_runs/<id>/run.json``. Returns the run's counts and status.

        ``reason`` is Scrapy's close reason ('finished' for a run that got to the end). ``site``: what the
        run covers (default: the sites of its pages).
        """
        counts = self.counts() | (extra_counts or {})
        finished = reason == "finished"
        self.checkpoint(reopen=False)
        if finished:
            for writer in self._tables.values():
                writer.publish()
        failed_monitors = list(failed_monitors or [])
        status = run_status(reason, counts.get("pages", 0), failed_monitors)
        why = "no pages" if finished and status == FAILED else reason
        runs = _TableWriter(self.fs, history_folder(self.root, "runs", self.run_id), "runs", 1)
        finished_at = datetime.now(UTC)
        runs.add({"command": command, "source": source, "started_at": self.started_at,
                  "finished_at": finished_at, "status": status, "reason": why, "failed_monitors": failed_monitors,
                  "site": site if site is not None else "+".join(sorted(self.sites)),
                  "settings": json.dumps(settings, sort_keys=True, default=str),
                  "versions": json.dumps(versions | {"schema": SCHEMA_VERSION}, sort_keys=True),
                  "counts": json.dumps(counts, sort_keys=True)})
        runs.close()
        refresh_current(self.uri)
        self._update_spec({"command": command, "status": status, "reason": why, "failed_monitors": failed_monitors,
                           "finished_at": finished_at.isoformat(), "counts": counts})
        return counts | {"status": status}

    def _update_spec(self, fields: dict[str, Any]) -> None:
        """Add the run's outcome to ``_runs/<id>/run.json`` (how it was started stays as it was)."""
        path = f"{self.state_dir}/run.json"
        try:
            with self.fs.open_input_stream(path) as fh:
                spec = json.loads(fh.read())
        except (FileNotFoundError, OSError):
            spec = {}
        _replace(self.fs, path, json.dumps(spec | fields, indent=1, sort_keys=True, default=str))


def run_status(reason: str, pages: int, failed_monitors: list[str]) -> str:
    """'failed' when stopped or with nothing usable, 'degraded' when a monitor failed, else 'succeeded'."""
    if reason != "finished" or not pages:
        return FAILED
    return DEGRADED if failed_monitors else SUCCEEDED


def _replace(filesystem: pafs.FileSystem, path: str, text: str) -> None:
    """Write a small file whole: aside first, then moved over the old one."""
    filesystem.create_dir(path.rsplit("/", 1)[0], recursive=True)
    with filesystem.open_output_stream(f"{path}.inprogress") as fh:
        fh.write(text.encode())
    filesystem.move(f"{path}.inprogress", path)


def record_rows(result: ExtractResult, fetched_at: datetime) -> dict[str, list[dict[str, Any]]]:
    rec = result.record
    assert rec is not None
    cls = rec.drug_class
    version = rec.extractor_version
    page = {
        "page_id": page_id(rec.url), "snapshot_id": snapshot_id(rec.url, result.content_sha256),
        "url": rec.url, "article_url": article_url(rec.url), "site": rec.site,
        "page_type": rec.page_type, "title": rec.title, "drug": rec.drug, "drugbank_id": rec.drugbank_id,
        "confidence": rec.confidence, "set_id": rec.meta.get("set_id"), "label_version": rec.meta.get("version"),
        "archive_id": rec.meta.get("archive_id"),
        "drug_class": cls.value if cls else None, "drug_class_evidence": cls.evidence if cls else None,
        "drug_class_start": cls.start if cls else None, "drug_class_end": cls.end if cls else None,
        "drug_class_mesh_name": rec.drug_class_mesh_name, "drug_class_mesh_id": rec.drug_class_mesh_id,
        "text": rec.text, "fetched_at": fetched_at, "status": result.status,
        "content_sha256": result.content_sha256, "encoding": result.encoding,
        "encoding_guessed": result.encoding_guessed, "extractor_version": version,
    }

    def ev(span: Any) -> dict[str, Any]:
        return {"evidence": span.evidence, "start": span.start, "end": span.end, "extractor_version": version}

    key = {"url": rec.url, "drug": rec.drug or "", "drugbank_id": rec.drugbank_id}
    return {
        "pages": [page],
        "brand_names": [{**key, "brand_name": b.brand_name, **ev(b.span)} for b in rec.brand_names],
        "uses": [{**key, "use_type": u.use_type, "condition": u.condition,
                  "condition_normalized": u.normalized or u.condition.lower(), "condition_mesh_id": u.mesh_id,
                  "condition_mesh_name": u.mesh_name, "condition_mesh_tree": list(u.mesh_tree) or None,
                  "grounded": u.mesh_id is not None, "confidence": u.confidence, **ev(u.span)} for u in rec.uses],
        "co_medications": [{**key, "co_medication": c.co_medication, "co_medication_drugbank_id": c.drugbank_id,
                            "co_medication_class": c.drug_class, "co_medication_class_mesh_name": c.class_mesh_name,
                            "co_medication_class_mesh_id": c.class_mesh_id, **ev(c.span)} for c in rec.co_medications],
        "links": [{"url": rec.url, "kind": link.kind, "target_url": link.target_url, "anchor_text": link.anchor_text,
                   "position": position, "extractor_version": version} for position, link in enumerate(rec.links)],
    }


def article_url(url: str) -> str:
    """Page 1 of a multi-page article: ``...-used-for-p2.html`` → ``...-used-for.html``."""
    return re.sub(r"-p\d+(\.html?)$", r"\1", url)


__all__ = ["DatasetWriter", "RECORD_TABLES", "article_url", "open_root", "page_id", "record_rows"]
