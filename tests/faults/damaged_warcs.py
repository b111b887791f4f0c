"""The damaged-WARC corpus of the fault suite: archives broken the ways real ones break, and what must come out.

``python -m tests.faults.damaged_warcs OUT [--limit BYTES] [--bomb-mb N]`` writes the WARC files under
``OUT/warcs/``, inputs that are no WARC at all under ``OUT/not-warc/``, and ``OUT/manifest.json``: per file, every
good response record (URL and the row it must become: page, skip or error) and every bad record or junk stretch
(offset, error_type, and its URL when its header is readable). Damage: bad HTTP status lines, missing WARC
headers, wrong Content-Length, malformed header lines, corrupt gzip data, truncation at and around every record
boundary (gzip and plain), bombs (Content-Encoding gzip and brotli, a gzip member, a plain block over the limit)
and junk before, between and after records. Deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import brotli

from tests.conftest import MIRROR_ROOT

DATE = "2024-05-01T12:00:00Z"
ARTICLE = "drugs.emedtv.com/tacrolimus/what-is-tacrolimus-used-for.html"
HTTP = "application/http; msgtype=response"


# -- building records -----------------------------------------------------------------------------------------------


def http_response(status_line: bytes, headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = b"".join(f"{k}: {v}\r\n".encode() for k, v in headers)
    return status_line + b"\r\n" + head + b"\r\n" + body


def warc_record(kind: str, url: str | None, block: bytes, content_type: str = HTTP,
                drop: tuple[str, ...] = (), length: int | None = None, extra: bytes = b"") -> bytes:
    """One WARC/1.1 record; ``drop`` leaves header fields out, ``length`` states a wrong Content-Length."""
    record_id = uuid.uuid5(uuid.NAMESPACE_URL, repr((kind, url, len(block))))
    fields = [("WARC-Type", kind), ("WARC-Record-ID", f"<urn:uuid:{record_id}>"), ("WARC-Date", DATE),
              ("WARC-Target-URI", url), ("Content-Type", content_type),
              ("Content-Length", str(len(block) if length is None else length))]
    head = b"".join(f"{k}: {v}\r\n".encode() for k, v in fields if v is not None and k not in drop)
    return b"WARC/1.1\r\n" + head + extra + b"\r\n" + block + b"\r\n\r\n"


def member(record: bytes) -> bytes:
    return gzip.compress(record, compresslevel=6, mtime=0)


def zeros_gzip(megabytes: int, wbits: int = 31) -> bytes:
    """``megabytes`` MiB of NUL bytes, compressed as a stream (never held whole)."""
    squeeze = zlib.compressobj(1, zlib.DEFLATED, wbits)
    chunk = bytes(1 << 20)
    return b"".join([*(squeeze.compress(chunk) for _ in range(megabytes)), squeeze.flush()])


@dataclass
class Expect:
    """What one file must give: good responses by URL (→ 'page', 'skip' or 'error'), and the bad records."""

    good: dict[str, str] = field(default_factory=dict)
    bad: list[dict[str, object]] = field(default_factory=list)


class Builder:
    """Writes one file record by record, keeping the expectation beside the bytes."""

    def __init__(self, name: str, gzipped: bool) -> None:
        self.name, self.gzipped = name, gzipped
        self.data = bytearray()
        self.expect = Expect()
        self.boundaries: list[tuple[int, str | None]] = []  # (offset, URL of a good response starting there)
        self.n = 0

    def url(self, tag: str) -> str:
        self.n += 1
        return f"http://archive.example.org/{self.name}/{tag}-{self.n}.txt"

    def raw(self, data: bytes) -> int:
        at = len(self.data)
        self.data += member(data) if self.gzipped else data
        return at

    def good(self, kind: str = "text") -> str:
        """A good response: 'text' (a skip), 'missing' (a 404 error), 'moved' (a redirect skip), 'article'."""
        if kind == "article":
            url = f"http://{ARTICLE}?copy={self.name}-{self.n}"
            self.n += 1
            block = http_response(b"HTTP/1.1 200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                  (MIRROR_ROOT / ARTICLE).read_bytes())
            outcome = "page"
        elif kind == "missing":
            url = self.url("missing")
            block = http_response(b"HTTP/1.1 404 Not Found", [("Content-Type", "text/html")], b"<h1>gone</h1>")
            outcome = "error"
        elif kind == "moved":
            url = self.url("moved")
            block = http_response(b"HTTP/1.1 301 Moved", [("Location", "http://archive.example.org/")], b"")
            outcome = "skip"
        else:
            url = self.url("note")
            block = http_response(b"HTTP/1.1 200 OK", [("Content-Type", "text/plain")], f"note {url}\n".encode())
            outcome = "skip"
        self.boundaries.append((self.raw(warc_record("response", url, block)), url))
        self.expect.good[url] = outcome
        return url

    def other(self, kind: str) -> None:
        """A record that is no response (warcinfo, request, metadata, revisit): counted, never a row."""
        block = b"software: damaged_warcs\r\n" if kind == "warcinfo" else b"GET / HTTP/1.1\r\n\r\n"
        self.boundaries.append((self.raw(warc_record(kind, None if kind == "warcinfo" else self.url(kind), block,
                                                     content_type="application/warc-fields")), None))

    def bad(self, record: bytes, error_type: str, url: str | None = None) -> None:
        at = self.raw(record)
        self.boundaries.append((at, None))
        self.expect.bad.append({"offset": at, "error_type": error_type, "url": url})

    def junk(self, data: bytes) -> None:
        at = len(self.data)
        self.data += data
        self.expect.bad.append({"offset": at, "error_type": "NotWarc", "url": None})


# -- the corpus -----------------------------------------------------------------------------------------------------


def mixed(rng: random.Random) -> Builder:
    """2,000 records as a crawl writes them (375 good responses), one with a non-numeric HTTP status and one
    without WARC-Target-URI in the middle, one with an unknown Content-Encoding."""
    b = Builder("mixed", gzipped=True)
    b.other("warcinfo")
    goods = 0
    for i in range(1999):
        if i == 600:
            url = b.url("bad-status")
            b.bad(warc_record("response", url, http_response(b"HTTP/1.1 abc OK", [], b"x")), "BadHttpResponse", url)
        elif i == 900:
            b.bad(warc_record("response", None, http_response(b"HTTP/1.1 200 OK", [], b"x")), "BadWarcHeader")
        elif i == 1200:
            url = b.url("zstd")
            b.bad(warc_record("response", url, http_response(
                b"HTTP/1.1 200 OK", [("Content-Encoding", "zstd")], b"(\xb5/\xfd")), "BadContentEncoding", url)
        elif goods < 375 and i % 5 == 0:
            b.good("article" if goods % 75 == 4 else ("text", "missing", "moved", "text", "text")[goods % 5])
            goods += 1
        else:
            b.other(rng.choice(("request", "metadata", "revisit")))
    return b


def header_damage() -> list[Builder]:
    """Plain files whose WARC headers lie or are missing: each bad record is skipped, the next one read."""
    files = []
    b = Builder("no-content-length", gzipped=False)
    b.good()
    url = b.url("nolength")
    b.bad(warc_record("response", url, http_response(b"HTTP/1.1 200 OK", [], b"body"), drop=("Content-Length",)),
          "BadWarcHeader", url)
    b.good()
    files.append(b)

    b = Builder("wrong-content-length", gzipped=False)
    b.good()
    url = b.url("short")
    b.bad(warc_record("response", url, http_response(b"HTTP/1.1 200 OK", [], b"a longer body than said"),
                      length=10), "BadWarcHeader", url)
    b.good()
    url = b.url("long")
    b.bad(warc_record("response", url, http_response(b"HTTP/1.1 200 OK", [], b"body"), length=200),
          "BadWarcHeader", url)
    b.good("missing")
    b.good()
    files.append(b)

    b = Builder("bad-header-line", gzipped=False)
    b.good()
    url = b.url("noise")
    b.bad(warc_record("response", url, http_response(b"HTTP/1.1 200 OK", [], b"x"), extra=b"this is no header\r\n"),
          "BadWarcHeader", url)
    b.good("moved")
    files.append(b)

    b = Builder("missing-type", gzipped=True)
    b.good()
    url = b.url("notype")
    b.bad(warc_record("response", url, http_response(b"HTTP/1.1 200 OK", [], b"x"), drop=("WARC-Type",)),
          "BadWarcHeader", url)
    b.good("article")
    files.append(b)

    b = Builder("bad-status-lines", gzipped=True)
    for line in (b"HTTP/1.1 2000 OK", b"HTTP/1.1", b"ICY 200 OK", b"", b"HTTP/1.1 -1 Nope"):
        b.good()
        url = b.url("status")
        b.bad(warc_record("response", url, http_response(line, [("Content-Type", "text/plain")], b"x")),
              "BadHttpResponse", url)
    b.good("missing")
    files.append(b)
    return files


def gzip_damage(rng: random.Random) -> list[Builder]:
    """A member whose deflate data is corrupt, and encodings that decode (chunked + gzip) or do not."""
    b = Builder("bad-gzip", gzipped=True)
    b.good()
    url = b.url("corrupt")
    body = bytes(rng.getrandbits(8) for _ in range(20000))
    packed = bytearray(member(warc_record("response", url, http_response(b"HTTP/1.1 200 OK", [], body))))
    for i in range(len(packed) // 2, len(packed) // 2 + 64):
        packed[i] ^= 0x5A
    at = len(b.data)
    b.data += packed
    b.expect.bad.append({"offset": at, "error_type": "BadGzip", "url": url})
    b.good("article")
    b.good()

    e = Builder("encodings", gzipped=True)
    e.good()
    payload = b"<html><body><p>" + b"chunked and gzipped " * 200 + b"</p></body></html>"
    squeezed = gzip.compress(payload, mtime=0)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(squeezed[i:i + 500]), squeezed[i:i + 500])
                       for i in range(0, len(squeezed), 500)) + b"0\r\n\r\n"
    url = e.url("chunked-gzip")
    e.boundaries.append((e.raw(warc_record("response", url, http_response(
        b"HTTP/1.1 200 OK", [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked"),
                             ("Content-Encoding", "gzip")], chunked))), url))
    e.expect.good[url] = "skip"
    url = e.url("cut-gzip")
    e.bad(warc_record("response", url, http_response(b"HTTP/1.1 200 OK", [("Content-Encoding", "gzip")],
                                                      squeezed[: len(squeezed) // 2])), "BadContentEncoding", url)
    e.good()
    return [b, e]


def junk(rng: random.Random) -> list[Builder]:
    """Junk before, between and after records, gzip and plain; zero padding between members is no junk."""
    files = []
    for gz in (True, False):
        b = Builder(f"junk-{'gz' if gz else 'plain'}", gzipped=gz)
        b.junk(bytes(rng.getrandbits(8) for _ in range(3000)).replace(b"WARC/", b"XXXX/").replace(b"\x1f\x8b", b"xx"))
        b.good()
        b.junk(b"<html>a stray page between records</html>\r\n" * 20)
        b.good("article")
        if gz:
            b.junk(gzip.compress(b"a gzip member holding no WARC record\n" * 10, mtime=0))
            b.good()
            b.data += bytes(512)  # padding, as some writers leave
        b.good("missing")
        b.junk(b"trailing rubbish after the last record" * 3)
        files.append(b)
    return files


def bombs(limit: int, bomb_mb: int) -> list[Builder]:
    """Records that decode past the limit: Content-Encoding gzip and brotli, a gzip member, a plain block."""
    b = Builder("bombs", gzipped=True)
    b.good()
    url = b.url("gzip-encoding")
    b.bad(warc_record("response", url, http_response(
        b"HTTP/1.1 200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], zeros_gzip(bomb_mb))),
        "RecordTooLarge", url)
    b.good()
    url = b.url("brotli-encoding")
    squeezed = brotli.compress(bytes(4 * limit), quality=1)
    b.bad(warc_record("response", url, http_response(
        b"HTTP/1.1 200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "br")], squeezed)),
        "RecordTooLarge", url)
    b.good("article")
    # a record whose own gzip member inflates to bomb_mb MiB: written as one member around a long block
    url = b.url("member")
    http_head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
    head = warc_record("response", url, b"", length=(bomb_mb << 20) + len(http_head))[:-4]
    at = len(b.data)
    squeeze = zlib.compressobj(1, zlib.DEFLATED, 31)
    parts = [squeeze.compress(head + http_head)]
    parts += [squeeze.compress(bytes(1 << 20)) for _ in range(bomb_mb)]
    parts.append(squeeze.flush())
    b.data += b"".join(parts)
    b.expect.bad.append({"offset": at, "error_type": "RecordTooLarge", "url": url})
    b.good()

    p = Builder("over-limit-plain", gzipped=False)
    p.good()
    url = p.url("large")
    p.bad(warc_record("response", url, http_response(b"HTTP/1.1 200 OK", [("Content-Type", "text/plain")],
                                                      b"x" * (limit + 1024))), "RecordTooLarge", url)
    p.good("missing")
    return [b, p]


def truncations() -> list[Builder]:
    """One small WARC cut at every record boundary, a few bytes past it, and in the middle of each record."""
    out = []
    for gz in (True, False):
        whole = Builder("whole", gzipped=gz)
        whole.other("warcinfo")
        for kind in ("text", "article", "missing", "text", "moved"):
            whole.good(kind)
        starts = [at for at, _ in whole.boundaries] + [len(whole.data)]
        for i, at in enumerate(starts):
            for cut, label in ((at, "at"), (at + 7, "past"), ((at + starts[min(i + 1, len(starts) - 1)]) // 2, "mid")):
                if cut == 0 or cut > len(whole.data) or (label != "at" and i == len(starts) - 1):
                    continue
                b = Builder(f"cut-{'gz' if gz else 'plain'}-{i}-{label}", gzipped=gz)
                b.data = whole.data[:cut]
                for (start, url), end in zip(whole.boundaries, starts[1:], strict=True):
                    if end <= cut and url is not None:
                        b.expect.good[url] = whole.expect.good[url]
                    elif start < cut < end:
                        whole_header = not gz and cut - start > len(whole.data[start:end].split(b"\r\n\r\n")[0]) + 4
                        b.expect.bad.append({"offset": start, "error_type": "TruncatedRecord",
                                             "url": url if whole_header else None})
                out.append(b)
    return out


def not_warcs(folder: Path, rng: random.Random) -> dict[str, str]:
    """Inputs that hold no WARC record at all; each must be refused with exit 2 naming it."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "random.warc.gz": bytes(rng.getrandbits(8) for _ in range(50000)).replace(b"\x1f\x8b", b"xx"),
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(2000)),
        "notes.txt": b"these are notes, not an archive\n" * 40,
        "empty.warc": b"",
        "text.warc.gz": gzip.compress(b"plain text, gzipped\n" * 100, mtime=0),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "empty-folder").mkdir(exist_ok=True)
    return {name: "file" for name in files} | {"empty-folder": "folder"}


def build(out: Path, limit: int = 1 << 20, bomb_mb: int = 64) -> dict[str, object]:
    """Write the corpus under ``out``; return (and write) its manifest."""
    rng = random.Random(12)
    warcs = out / "warcs"
    warcs.mkdir(parents=True, exist_ok=True)
    builders = [mixed(rng), *header_damage(), *gzip_damage(rng), *junk(rng), *bombs(limit, bomb_mb),
                *truncations()]
    files = {}
    for b in builders:
        name = f"{b.name}.warc.gz" if b.gzipped else f"{b.name}.warc"
        (warcs / name).write_bytes(bytes(b.data))
        files[name] = {"good": b.expect.good, "bad": b.expect.bad}
    manifest = {"limit": limit, "bomb_mb": bomb_mb, "files": files, "not_warc": not_warcs(out / "not-warc", rng)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int, default=1 << 20, help="the extract limit the corpus is built for")
    parser.add_argument("--bomb-mb", type=int, default=64, help="MiB the bombs inflate to")
    args = parser.parse_args()
    manifest = build(args.out, args.limit, args.bomb_mb)
    print(f"{len(manifest['files'])} WARC files and {len(manifest['not_warc'])} non-WARC inputs under {args.out}")


if __name__ == "__main__":
    main()
