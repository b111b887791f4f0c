"""Raw captures as WARC: written as responses arrive, read back for re-extraction.

WARC is the web-archive standard, so our captures and outside archives
(Common Crawl, Wayback exports) go through the same reader.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from pyarrow import fs as pafs
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extract.urls import request_form
from output.http_payload import PayloadError, parse_response
from output.warc_records import BAD_HEADER, JUNK, RawRecord, first_record_start, records

# Headers that describe the wire encoding, not the body we store (Scrapy has decoded it).
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
ROTATE_BYTES = 1 << 30
# Largest record block and decoded body read back; the crawl's DOWNLOAD_MAXSIZE (the extract command passes it).
MAX_RECORD_BYTES = 20 * 1024 * 1024


class WarcSink:
    """Append-only gzip WARC files under ``folder``, rotated at ``ROTATE_BYTES``.

    With a pyarrow ``filesystem`` (object storage), ``folder`` is a path in it and
    each file is one upload, complete when closed.
    """

    def __init__(self, folder: str | os.PathLike[str], prefix: str, filesystem: pafs.FileSystem | None = None) -> None:
        self.fs = filesystem
        self.folder = Path(folder)
        if filesystem is None:
            self.folder.mkdir(parents=True, exist_ok=True)
        else:
            self.folder = str(folder)  # type: ignore[assignment]
            filesystem.create_dir(self.folder, recursive=True)
        self.prefix = prefix
        self.index = 0
        self.records = 0
        self._fh = None
        self._writer: WARCWriter | None = None

    def _open(self) -> WARCWriter:
        if self._writer is None:
            name = f"{self.prefix}-{self.index:05d}.warc.gz"
            if self.fs is None:
                self._fh = open(self.folder / name, "ab")  # noqa: SIM115 - kept open for the run
            else:
                self._fh = self.fs.open_output_stream(f"{self.folder}/{name}")
            self._writer = WARCWriter(self._fh, gzip=True)
        return self._writer

    def write_response(self, url: str, status: int, reason: str, headers: list[tuple[str, str]], body: bytes,
                       when: datetime) -> None:
        writer = self._open()
        kept = [(k, v) for k, v in headers if k.lower() not in _WIRE_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(body), http_headers=http_headers,
            warc_headers_dict={"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")},
        )
        writer.write_record(record)
        self.records += 1
        self._fh.flush()
        if self._fh.tell() >= ROTATE_BYTES:
            self.close()
            self.index += 1

    def position(self) -> tuple[int, int]:
        """(file index, bytes in it): every record written so far lies before this point."""
        return self.index, (self._fh.tell() if self._fh is not None else 0)

    def write_revisit(self, url: str, status: int, headers: list[tuple[str, str]], when: datetime,
                      refers_to_date: str | None = None) -> None:
        """A 304: the server says the page is the one captured before; no body is stored."""
        writer = self._open()
        http_headers = StatusAndHeaders(f"{status} Not Modified", headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                        "WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/server-not-modified"}
        warc_headers["WARC-Refers-To-Target-URI"] = url
        if refers_to_date:
            warc_headers["WARC-Refers-To-Date"] = refers_to_date
        record = writer.create_warc_record(url, "revisit", payload=BytesIO(b""), http_headers=http_headers,
                                           warc_headers_dict=warc_headers)
        writer.write_record(record)
        self.records += 1
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        self._fh, self._writer = None, None


@dataclass(slots=True)
class Capture:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime


@dataclass(slots=True)
class BadRecord:
    """A record (or bytes between records) that cannot be used, named by its file and offset."""

    path: Path
    offset: int
    error_type: str
    reason: str
    url: str | None = None  # the record's target, when its header says it

    @property
    def where(self) -> str:
        return f"{self.path}#offset={self.offset}"

    @property
    def message(self) -> str:
        return f"{self.path} at offset {self.offset}: {self.reason}"


@dataclass(slots=True)
class ReadStats:
    files: int = 0
    records: int = 0
    responses: int = 0
    bad: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


class NotWarcError(ValueError):
    """An input that is no WARC at all (or a folder with none in it): a usage error, said before any run starts."""


def warc_files(inputs: Iterable[str]) -> list[Path]:
    """Expand files and folders into WARC paths, in a stable order; every file given must be a WARC."""
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.name.endswith((".warc", ".warc.gz")) and p.is_file())
            if not found:
                raise NotWarcError(f"{item}: no .warc or .warc.gz files in this folder")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        elif path.exists():
            raise NotWarcError(f"{item}: not a file or folder")
        else:
            raise FileNotFoundError(f"no such WARC file or folder: {item}")
    for path in out:
        why = not_a_warc(path)
        if why:
            raise NotWarcError(f"{path}: not a WARC file ({why})")
    return out


def not_a_warc(path: Path) -> str | None:
    """Why ``path`` holds no WARC record at all (None for a WARC, damaged or not)."""
    try:
        if path.stat().st_size == 0:
            return "it is empty"
        if first_record_start(path) is not None:
            return None
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return exc.strerror or str(exc)
    return f"no WARC record in it; it starts with {head!r}"


def read_records(paths: Iterable[Path], stats: ReadStats,
                 limit: int = MAX_RECORD_BYTES) -> Iterator[Capture | BadRecord]:
    """HTTP responses of the WARC files record by record, and every record that cannot be used as a
    ``BadRecord``; other record types (warcinfo, request, revisit, metadata) are counted in ``stats``."""
    for path in paths:
        stats.files += 1
        for raw in records(path, limit):
            if raw.problem_type == JUNK:
                stats.bad += 1
                yield BadRecord(path, raw.offset, JUNK, raw.problem or "")
                continue
            stats.records += 1
            item = _capture(path, raw, limit)
            if item is None:
                stats.skip(f"record:{raw.headers.get('warc-type') or 'unknown'}")
                continue
            if isinstance(item, BadRecord):
                stats.bad += 1
            else:
                stats.responses += 1
            yield item


def _capture(path: Path, raw: RawRecord, limit: int) -> Capture | BadRecord | None:
    """A response record as a capture, a bad record, or None for the record types re-extraction skips."""
    url = raw.url
    if raw.problem_type is not None:
        return BadRecord(path, raw.offset, raw.problem_type, raw.problem or "", url)
    kind = raw.headers.get("warc-type")
    if kind is None:
        return BadRecord(path, raw.offset, BAD_HEADER, "no WARC-Type", url)
    if kind != "response":
        return None
    if url is None:
        return BadRecord(path, raw.offset, BAD_HEADER, "a response record without WARC-Target-URI")
    assert raw.block is not None
    try:
        status, headers, body = parse_response(raw.block, limit)
    except PayloadError as exc:
        return BadRecord(path, raw.offset, exc.kind, str(exc), url)
    return Capture(url=request_form(url), status=status, headers=headers, body=body,  # the form pages.url has
                   fetched_at=_parse_date(raw.headers.get("warc-date") or ""))


def read_captures(paths: Iterable[Path], stats: ReadStats, limit: int = MAX_RECORD_BYTES) -> Iterator[Capture]:
    """The usable HTTP responses of the WARC files (bad records are counted in ``stats.bad``)."""
    for item in read_records(paths, stats, limit):
        if isinstance(item, Capture):
            yield item


def _parse_date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)


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
