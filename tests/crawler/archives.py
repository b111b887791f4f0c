"""Helpers of the archive tests: WARC collections made from the bundled mirror, a real pywb serving them.

pywb (from PyPI, pinned in .ci/pywb-requirements.txt) lives in its own venv, ``.venv-pywb``, installed by
.ci/install: its dependency brotlipy installs a ``brotli`` module that would shadow the one Scrapy decodes
``br`` responses with.
"""

from __future__ import annotations

import hashlib
import socket
import subprocess
import time
import urllib.request
from base64 import b32encode
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from output.warc import WarcSink
from tests.conftest import REPO

PYWB_BIN = REPO / ".venv-pywb" / "bin"
FIRST = datetime(2011, 3, 1, 12, 0, tzinfo=UTC)  # every page of the mirror crawl, captured again
SECOND = datetime(2014, 6, 1, 12, 0, tzinfo=UTC)  # a few pages once more
CHANGED = "http://drugs.emedtv.com/tacrolimus/tacrolimus.html"  # its heading differs in the second capture
REVISITED = "http://drugs.emedtv.com/prednisone/prednisone.html"  # the second capture is a revisit record
LOST = "http://arthritis.emedtv.com/humira/humira.html"  # the second capture is in the index, not in the archive
NEVER_READABLE = "http://drugs.emedtv.com/search/?q=a"  # only capture: in the index, not in the archive
ORPHAN = "http://drugs.emedtv.com/mycophenolate/mycophenolate-overview.html"  # captured; no page links to it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def responses(folder: Path) -> Iterator[tuple[str, int, str, list[tuple[str, str]], bytes]]:
    """(url, status, reason, headers, body) of every response record of the WARC files under ``folder``."""
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                status, _, reason = http.statusline.partition(" ")
                yield (record.rec_headers.get_header("WARC-Target-URI"), int(status), reason, list(http.headers),
                       record.content_stream().read())


def write_collection(crawled: Path, folder: Path) -> dict[str, Path]:
    """WARC files of the mirror crawl's captures dated ``FIRST``; ``SECOND``: a changed page, a revisit and the
    captures that will be missing from replay (``ghost``, deleted from the collection after indexing)."""
    folder.mkdir(parents=True, exist_ok=True)
    first = WarcSink(folder, "first")
    bodies = {}
    for url, status, reason, headers, body in responses(crawled / "warc"):
        first.write_response(url, status, reason, headers, body, FIRST)
        bodies[url] = (headers, body)
    headers, body = bodies["http://drugs.emedtv.com/mycophenolate/what-is-mycophenolate.html"]
    first.write_response(ORPHAN, 200, "OK", headers, body, FIRST)
    first.close()
    second = WarcSink(folder, "second")
    headers, body = bodies[CHANGED]
    changed = body.replace(b"<h1>Tacrolimus</h1>", b"<h1>Tacrolimus in 2014</h1>")
    second.write_response(CHANGED, 200, "OK", headers, changed, SECOND)
    second.close()
    with open(folder / "revisit-00000.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers, body = bodies[REVISITED]
        digest = "sha1:" + b32encode(hashlib.sha1(body).digest()).decode()
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        record = writer.create_revisit_record(REVISITED, digest, REVISITED, FIRST.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                              http_headers=http)
        record.rec_headers.replace_header("WARC-Date", SECOND.strftime("%Y-%m-%dT%H:%M:%SZ"))
        writer.write_record(record)
    ghost = WarcSink(folder, "ghost")
    ghost.write_response(LOST, 200, "OK", [("Content-Type", "text/html")], b"<html>lost</html>", SECOND)
    ghost.write_response(NEVER_READABLE, 200, "OK", [("Content-Type", "text/html")], b"<html>lost</html>", SECOND)
    ghost.close()
    return {p.name: p for p in folder.glob("*.warc.gz")}


class Pywb:
    """``with Pywb(root, "coll", warcs) as url:`` a pywb collection built with wb-manager and served by wayback
    on a free 127.0.0.1 port; WARC files named ``ghost-*`` are indexed, then removed from the collection."""

    def __init__(self, root: Path, name: str, warcs: list[Path]) -> None:
        self.root, self.name, self.warcs = root, name, warcs
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def _manager(self, *args: str) -> None:
        subprocess.run([str(PYWB_BIN / "wb-manager"), *args], cwd=self.root, check=True, capture_output=True,
                       timeout=120)

    def __enter__(self) -> str:
        assert (PYWB_BIN / "wayback").exists(), "pywb is missing: run bash .ci/install"
        self.root.mkdir(parents=True, exist_ok=True)
        self._manager("init", self.name)
        self._manager("add", self.name, *map(str, self.warcs))
        for path in (self.root / "collections" / self.name / "archive").glob("ghost-*"):
            path.unlink()
        self.log = open(self.root / "wayback.log", "wb")  # noqa: SIM115 - closed in __exit__
        self.proc = subprocess.Popen([str(PYWB_BIN / "wayback"), "-p", str(self.port), "-b", "127.0.0.1"],
                                     cwd=self.root, stdout=self.log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{self.port}/{self.name}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/cdx?url=drugs.emedtv.com/&output=json", timeout=5):
                    return url
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"wayback did not start: {(self.root / 'wayback.log').read_text()}") from None
                time.sleep(0.3)

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.log.close()
