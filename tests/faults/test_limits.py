"""Decompression and parsing under limits: bombs and floods at the default limit (the crawl's DOWNLOAD_MAXSIZE)
make the reader and the extractor grow by a few times the limit at most, and each is one named row.

One process reads and extracts them all, so its peak holds a 20 MiB page's bytes, its text and its parse
tree at once (about 5x the limit), over what earlier records left in the allocator: at most 10x in all. A
gzip bomb alone costs about 2x (the body inflated to the limit, then dropped).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import brotli

from drugpages.commands.extract import default_max_bytes
from tests.conftest import REPO
from tests.faults.damaged_warcs import http_response, member, warc_record, zeros_gzip

BOMB_MB = 256
PROSE = b"Tacrolimus is used to prevent organ rejection in people who have had a kidney transplant. "

# Reads one WARC as `drugpages extract` does (the reader, then extract_page per response) in a fresh process,
# with the drug lexicon loaded first as the extraction pool loads it; prints how far its peak RSS grew.
CHILD = """
import json, resource, sys
from pathlib import Path
from extract import extract_page
from extract.analysis.lexicon import warm
from output.warc import Capture, ReadStats, read_records
warm()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rows = []
for item in read_records([Path(sys.argv[1])], ReadStats(), int(sys.argv[2])):
    if isinstance(item, Capture):
        r = extract_page(item.url, item.body, item.headers, item.status)
        rows.append([item.url, r.error_type or r.skip_reason or "page"])
    else:
        rows.append([item.url, item.error_type])
grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) * 1024
print(json.dumps({"grew": grew, "rows": rows}))
"""


def _page(url: str, body: bytes, headers: list[tuple[str, str]] | None = None) -> bytes:
    return member(warc_record("response", url, http_response(
        b"HTTP/1.1 200 OK", [("Content-Type", "text/html"), *(headers or [])], body)))


def _hostile_warc(path: Path, limit: int) -> dict[str, str]:
    """Each hostile record followed by a small good page; returns URL → the row it must give."""
    expect: dict[str, str] = {}
    parts: list[bytes] = []

    def add(url: str, record: bytes, outcome: str) -> None:
        parts.append(record)
        expect[url] = outcome
        good = f"{url}-next.txt"
        parts.append(member(warc_record("response", good, http_response(
            b"HTTP/1.1 200 OK", [("Content-Type", "text/plain")], b"still here"))))
        expect[good] = "not_html:text/plain"

    host = "http://drugs.emedtv.com/hostile"
    add(f"{host}/gzip-bomb", _page(f"{host}/gzip-bomb", zeros_gzip(BOMB_MB), [("Content-Encoding", "gzip")]),
        "RecordTooLarge")
    add(f"{host}/brotli-bomb", _page(f"{host}/brotli-bomb", brotli.compress(bytes(4 * limit), quality=1),
                                     [("Content-Encoding", "br")]), "RecordTooLarge")
    squeeze = zlib.compressobj(1, zlib.DEFLATED, 31)
    head = warc_record("response", f"{host}/member-bomb", b"", length=BOMB_MB << 20)[:-4]
    add(f"{host}/member-bomb", b"".join([squeeze.compress(head), *(squeeze.compress(bytes(1 << 20))
                                                                   for _ in range(BOMB_MB)), squeeze.flush()]),
        "RecordTooLarge")
    add(f"{host}/nul", _page(f"{host}/nul", bytes(limit)), "page")
    add(f"{host}/tags", _page(f"{host}/tags", (b"<p>x</p>" * (limit // 8))), "TooManyTags")
    add(f"{host}/prose", _page(f"{host}/prose", b"<html><body><p>" + PROSE * (limit // len(PROSE)) + b"</p>"),
        "TextTooLong")
    path.write_bytes(b"".join(parts))
    return expect


def test_bombs_and_floods_stay_within_a_few_times_the_limit(tmp_path: Path) -> None:
    limit = default_max_bytes()
    assert limit == 20 * 1024 * 1024  # the crawl's DOWNLOAD_MAXSIZE
    warc = tmp_path / "hostile.warc.gz"
    expect = _hostile_warc(warc, limit)
    assert warc.stat().st_size < 8 * limit  # small on disk, gigabytes when inflated
    proc = subprocess.run([sys.executable, "-c", CHILD, str(warc), str(limit)], cwd=REPO, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert dict(result["rows"]) == expect  # every hostile record is one named row, every good one comes out
    assert result["grew"] < 10 * limit, f"peak RSS grew by {result['grew'] >> 20} MiB"
