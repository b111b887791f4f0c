"""WARC files read record by record, going on past damage, with bounded memory.

A record that cannot be read (a header that does not parse, no Content-Length,
a cut or corrupt gzip member, a block larger than the limit) and bytes between
records come back as a ``RawRecord`` with a ``problem`` and the file offset
where it starts; reading resumes at the next record start: the next gzip
member that opens with a WARC header, or the next ``WARC/`` line of a plain
file. No record block larger than ``limit`` (the body) plus ``HEADER_MAX`` (its
HTTP headers) is ever held in memory.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b\x08"
HEADER_MAX = 64 * 1024  # a WARC header block longer than this is damage, not a header
SCAN_CHUNK = 1 << 20
_INFLATE_CHUNK = 1 << 16
_RECORD_START = re.compile(rb"WARC/\d+\.\d+\r?\n")
_BLANK = b"\r\n"

# Kinds of problem, as the errors table's error_type.
BAD_HEADER, CUT, TOO_LARGE, BAD_GZIP, JUNK = "BadWarcHeader", "TruncatedRecord", "RecordTooLarge", "BadGzip", "NotWarc"


@dataclass(slots=True)
class RawRecord:
    """One record's WARC headers (names lower case) and block, or what is wrong with it."""

    offset: int  # where it starts in the file (its gzip member's offset in a .warc.gz)
    headers: dict[str, str] = field(default_factory=dict)
    block: bytes | None = None
    problem_type: str | None = None
    problem: str | None = None

    @property
    def url(self) -> str | None:
        return self.headers.get("warc-target-uri") or None


def records(path: Path, limit: int) -> Iterator[RawRecord]:
    """Every record of a WARC file (plain or gzip per record), bad ones included as problems."""
    with open(path, "rb") as fh:
        gzipped = _layout(fh)[1]
        yield from (_gzip_records(fh, limit) if gzipped else _plain_records(fh, limit))


def first_record_start(path: Path) -> int | None:
    """Offset of the first place a WARC record starts in ``path`` (None: not a WARC at all)."""
    with open(path, "rb") as fh:
        return _layout(fh)[0]


def _layout(fh: BinaryIO) -> tuple[int | None, bool]:
    """Where the first record starts (None if nowhere) and whether the file is gzip per record."""
    size = fh.seek(0, 2)
    fh.seek(0)
    start = fh.read(5)
    if start.startswith(b"WARC/"):
        return 0, False
    if start.startswith(GZIP_MAGIC):
        data, _, state, _ = _inflate_member(fh, 0, 16)
        if data.startswith(b"WARC/") or (state == "cut" and b"WARC/".startswith(data[:5])):
            return 0, True  # a record, or a file cut before its first record's header could be read
    plain, gzipped = _next_header(fh, 0), _next_member(fh, 0)
    first = min(plain, gzipped)
    return (first if first < size else None), gzipped < plain


# -- plain WARC -------------------------------------------------------------------------------------------------


def _plain_records(fh: BinaryIO, limit: int, base: int | None = None) -> Iterator[RawRecord]:
    """Records of an uncompressed WARC stream; ``base`` is the offset to report for all of them (a gzip member)."""
    pos = 0
    size = fh.seek(0, 2)
    while True:
        pos = _skip_blank(fh, pos)
        if pos >= size:
            return
        where = pos if base is None else base
        fh.seek(pos)
        head = fh.read(HEADER_MAX)
        if not head.startswith(b"WARC/"):
            nxt = _next_header(fh, pos + 1)
            yield RawRecord(where, problem_type=JUNK, problem=f"{nxt - pos} bytes that are no WARC record")
            pos = nxt
            continue
        end = head.find(b"\r\n\r\n")
        if end < 0:
            cut = len(head) < HEADER_MAX
            yield RawRecord(where, _parse_header(head)[0], problem_type=CUT if cut else BAD_HEADER,
                            problem="the file ends inside the WARC header" if cut else
                            f"no end of the WARC header within {HEADER_MAX} bytes")
            if cut:
                return
            pos = _next_header(fh, pos + 1)
            continue
        headers, bad_line = _parse_header(head[:end])
        block_at = pos + end + 4
        length = headers.get("content-length", "").strip()
        if bad_line is not None or not length.isdigit():
            reason = f"malformed WARC header line {bad_line!r}" if bad_line is not None else (
                "no Content-Length" if not length else f"bad Content-Length {length[:40]!r}")
            yield RawRecord(where, headers, problem_type=BAD_HEADER, problem=reason)
            pos = _next_header(fh, block_at)
            continue
        n = int(length)
        if block_at + n > size:
            yield RawRecord(where, headers, problem_type=CUT,
                            problem=f"cut short: {max(0, size - block_at)} of its {n} block bytes are present")
            return
        if n > limit + HEADER_MAX:
            yield RawRecord(where, headers, problem_type=TOO_LARGE,
                            problem=f"a block of {n} bytes, over the limit of {limit} (and {HEADER_MAX} for headers)")
            pos = block_at + n
            continue
        fh.seek(block_at)
        block = fh.read(n)
        after = fh.read(5)
        if after and not after.startswith((_BLANK[:1], _BLANK[1:], b"WARC/")):  # Content-Length is wrong
            yield RawRecord(where, headers, problem_type=BAD_HEADER,
                            problem=f"Content-Length {n} does not end at a record boundary")
            pos = _next_header(fh, block_at)
            continue
        yield RawRecord(where, headers, block)
        pos = block_at + n


def _parse_header(head: bytes) -> tuple[dict[str, str], bytes | None]:
    """WARC header fields (first value of each name, lower-cased names) and the first malformed line, if any."""
    headers: dict[str, str] = {}
    bad: bytes | None = None
    for line in head.split(b"\n")[1:]:
        line = line.rstrip(b"\r")
        if not line:
            continue
        name, sep, value = line.partition(b":")
        if not sep or not name.strip() or b" " in name.strip():
            bad = bad if bad is not None else line[:80]
            continue
        headers.setdefault(name.strip().decode("latin-1").lower(), value.strip().decode("utf-8", "replace"))
    return headers, bad


def _skip_blank(fh: BinaryIO, pos: int) -> int:
    fh.seek(pos)
    while True:
        chunk = fh.read(4096)
        stripped = chunk.lstrip(_BLANK)
        pos += len(chunk) - len(stripped)
        if stripped or not chunk:
            return pos


def _next_header(fh: BinaryIO, start: int) -> int:
    """Offset of the next ``WARC/x.y`` version line at or after ``start`` (the end of the file when none)."""
    pos = start
    while True:
        fh.seek(pos)
        window = fh.read(SCAN_CHUNK + 16)
        last = len(window) < SCAN_CHUNK + 16
        m = _RECORD_START.search(window)
        if m is not None and (last or m.start() < SCAN_CHUNK):
            return pos + m.start()
        if last:
            return fh.seek(0, 2)
        pos += SCAN_CHUNK


# -- gzip per record ------------------------------------------------------------------------------------------------


def _gzip_records(fh: BinaryIO, limit: int) -> Iterator[RawRecord]:
    size = fh.seek(0, 2)
    pos = 0
    cap = limit + 2 * HEADER_MAX + 8  # the WARC header, the HTTP headers, the body
    while pos < size:
        fh.seek(pos)
        magic = fh.read(3) == GZIP_MAGIC
        if not (magic and _starts_a_record(fh, pos)):
            nxt = _next_member(fh, pos + 1)
            if nxt - pos <= 4096 and fh.seek(pos) == pos and not fh.read(nxt - pos).strip(b"\x00" + _BLANK):
                pos = nxt  # padding between members
                continue
            if magic and nxt >= size and _inflate_member(fh, pos, HEADER_MAX)[2] == "cut":
                yield RawRecord(pos, problem_type=CUT, problem="cut short: the file ends inside this gzip member")
                return
            yield RawRecord(pos, problem_type=JUNK, problem=f"{nxt - pos} bytes that hold no WARC record")
            pos = nxt
            continue
        data, end, state, detail = _inflate_member(fh, pos, cap)
        headers = _parse_header(data[:HEADER_MAX].split(b"\r\n\r\n")[0])[0]
        if state == "ok":
            yield from _plain_records(BytesIO(data), limit, base=pos)
            pos = end
        elif state == "cut":
            yield RawRecord(pos, headers, problem_type=CUT,
                            problem=f"cut short: the file ends inside this gzip member ({len(data)} bytes inflated)")
            return
        elif state == "bad":
            head = _inflate_member(fh, pos, HEADER_MAX, step=512)[0]  # what inflates before the damage
            yield RawRecord(pos, _parse_header(head.split(b"\r\n\r\n")[0])[0], problem_type=BAD_GZIP,
                            problem=f"damaged gzip data: {detail}")
            pos = _next_member(fh, pos + 1)
        else:
            yield RawRecord(pos, headers, problem_type=TOO_LARGE,
                            problem=f"inflates to more than the limit of {limit} bytes")
            pos = _next_member(fh, end)


def _inflate_member(fh: BinaryIO, pos: int, cap: int, step: int = _INFLATE_CHUNK) -> tuple[bytes, int, str, str]:
    """Inflate the gzip member at ``pos``, at most ``cap`` bytes of it.

    Returns (data, offset, state, detail): state 'ok' (offset: the member's end), 'cut' (the file ended),
    'bad' (zlib said why in detail) or 'large' (more than ``cap`` bytes; offset: how far the input was read).
    """
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pieces: list[bytes] = []
    size = 0
    at = pos
    fh.seek(pos)
    pending = b""
    while True:
        if not pending:
            pending = fh.read(step)
            if not pending:
                return b"".join(pieces), at, "cut", ""
        try:
            piece = inflater.decompress(pending, cap + 1 - size)
        except zlib.error as exc:
            return b"".join(pieces), at, "bad", str(exc)
        pieces.append(piece)
        size += len(piece)
        if inflater.eof:
            return b"".join(pieces), at + len(pending) - len(inflater.unused_data), "ok", ""
        at += len(pending) - len(inflater.unconsumed_tail)
        if size > cap:
            return b"".join(pieces), at, "large", ""
        pending = inflater.unconsumed_tail


def _starts_a_record(fh: BinaryIO, pos: int) -> bool:
    """A gzip member starts at ``pos`` and its first inflated bytes are a WARC version line."""
    fh.seek(pos)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        head = inflater.decompress(fh.read(4096), 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def _next_member(fh: BinaryIO, start: int) -> int:
    """Offset of the next gzip member at or after ``start`` that holds a WARC record (else the end of the file)."""
    pos = start
    while True:
        fh.seek(pos)
        window = fh.read(SCAN_CHUNK + 2)
        if len(window) < 3:
            return fh.seek(0, 2)
        i = window.find(GZIP_MAGIC)
        while i >= 0:
            if _starts_a_record(fh, pos + i):
                return pos + i
            i = window.find(GZIP_MAGIC, i + 1)
        if len(window) < SCAN_CHUNK + 2:
            return fh.seek(0, 2)
        pos += SCAN_CHUNK
