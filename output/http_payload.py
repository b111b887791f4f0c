"""The HTTP response inside a WARC response record: status, headers and the body decoded under a size limit.

Archives store the body as it came over the wire (chunked, gzip, deflate,
brotli) or already decoded; decoding streams and stops at the limit, so a
small record that inflates to gigabytes costs no more memory than the limit.
"""

from __future__ import annotations

import re
import zlib

import brotli

_STATUS = re.compile(rb"^HTTP/\d(?:\.\d)?[ \t]+(\d{3})(?:[ \t]+(.*))?$")
_CHUNK_SIZE = re.compile(rb"^([0-9a-fA-F]+)[ \t]*(?:;[^\r\n]*)?\r?\n")

BAD_HTTP, BAD_ENCODING, TOO_LARGE = "BadHttpResponse", "BadContentEncoding", "RecordTooLarge"


class PayloadError(ValueError):
    """Why a response record's HTTP message cannot be used; ``kind`` is the errors table's error_type."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def parse_response(block: bytes, limit: int) -> tuple[int, dict[str, str], bytes]:
    """Status code, headers (last value of each name) and the decoded body of an HTTP response message."""
    end, sep = block.find(b"\r\n\r\n"), 4
    if end < 0:
        end, sep = block.find(b"\n\n"), 2
    if end < 0:
        end, sep = len(block), 0
    lines = block[:end].split(b"\n")
    status_line = lines[0].rstrip(b"\r")
    m = _STATUS.match(status_line)
    if m is None:
        raise PayloadError(BAD_HTTP, f"bad HTTP status line {status_line[:80]!r}")
    headers: dict[str, str] = {}
    last = ""
    for raw in lines[1:]:
        line = raw.rstrip(b"\r")
        if line[:1] in (b" ", b"\t") and last:  # an obsolete folded continuation
            headers[last] += " " + line.strip().decode("latin-1")
            continue
        name, colon, value = line.partition(b":")
        if colon and name.strip():
            last = name.strip().decode("latin-1")
            headers[last] = value.strip().decode("latin-1")
    body = block[end + sep:]
    lower = {k.lower(): v.lower() for k, v in headers.items()}
    if "chunked" in lower.get("transfer-encoding", ""):
        body = _dechunked(body, limit)
    for coding in reversed([c.strip() for c in lower.get("content-encoding", "").split(",") if c.strip()]):
        body = decode(body, coding, limit)
    if len(body) > limit:
        raise PayloadError(TOO_LARGE, f"a body of {len(body)} bytes, over the limit of {limit}")
    return int(m.group(1)), headers, body


def _dechunked(body: bytes, limit: int) -> bytes:
    """The body without chunked framing; a body that is not chunked after all (archives often store it
    decoded but keep the header) is returned as it is."""
    out = bytearray()
    pos = 0
    while True:
        m = _CHUNK_SIZE.match(body, pos)
        if m is None:
            return body if pos == 0 else bytes(out)  # a cut final chunk keeps what came whole
        size = int(m.group(1), 16)
        if size == 0:
            return bytes(out)
        start = m.end()
        out += body[start:start + size]
        if len(out) > limit:
            raise PayloadError(TOO_LARGE, f"a chunked body over the limit of {limit} bytes")
        pos = start + size
        if body[pos:pos + 2] == b"\r\n":
            pos += 2
        elif body[pos:pos + 1] == b"\n":
            pos += 1


def decode(body: bytes, coding: str, limit: int) -> bytes:
    """One Content-Encoding undone, streaming, stopped past ``limit`` bytes of output."""
    if coding in ("identity", ""):
        return body
    if coding in ("gzip", "x-gzip"):
        if not body.startswith(b"\x1f\x8b"):
            return body  # stored decoded with the header kept
        return _inflate(body, 16 + zlib.MAX_WBITS, limit)
    if coding == "deflate":
        try:
            return _inflate(body, zlib.MAX_WBITS, limit)
        except PayloadError as exc:
            if exc.kind == TOO_LARGE:
                raise
            return _inflate(body, -zlib.MAX_WBITS, limit)  # raw deflate, as some servers send it
    if coding == "br":
        return _unbrotli(body, limit)
    raise PayloadError(BAD_ENCODING, f"unknown Content-Encoding {coding!r}")


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(data, limit + 1)  # output stops one byte past the limit
    except zlib.error as exc:
        raise PayloadError(BAD_ENCODING, f"damaged compressed body: {exc}") from None
    return _checked(out, inflater.eof, limit)


def _unbrotli(data: bytes, limit: int) -> bytes:
    decompressor = brotli.Decompressor()
    try:
        out = decompressor.process(data, output_buffer_limit=limit + 1)
    except brotli.error as exc:
        raise PayloadError(BAD_ENCODING, f"damaged brotli body: {exc}") from None
    return _checked(out, decompressor.is_finished(), limit)


def _checked(out: bytes, complete: bool, limit: int) -> bytes:
    if len(out) > limit:
        raise PayloadError(TOO_LARGE, f"the body inflates to more than the limit of {limit} bytes")
    if not complete:
        raise PayloadError(BAD_ENCODING, "the compressed body is cut short")
    return out
