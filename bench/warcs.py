"""WARC helpers for the benchmark: count a crawl's pages, cut a tiny WARC, archive DailyMed labels."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def warc_paths(folder: Path) -> list[Path]:
    return sorted(Path(folder).rglob("*.warc.gz"))


def count_ok_responses(folder: Path) -> int:
    """HTML responses with status 200: the pages ``drugpages extract`` parses (robots.txt left out)."""
    n = 0
    for path in warc_paths(folder):
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                h = rec.http_headers
                if rec.rec_type == "response" and h and h.get_statuscode() == "200" \
                        and "html" in (h.get_header("Content-Type") or ""):
                    n += 1
    return n


def head_warc(folder: Path, out: Path, records: int) -> int:
    """Copy the first ``records`` 200 responses of ``folder`` into one WARC (for start-up overhead)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(out, "wb") as dst:
        writer = WARCWriter(dst, gzip=True)
        for path in warc_paths(folder):
            with open(path, "rb") as fh:
                for rec in ArchiveIterator(fh):
                    if n >= records:
                        return n
                    h = rec.http_headers
                    if rec.rec_type == "response" and h.get_statuscode() == "200" \
                            and "html" in (h.get_header("Content-Type") or ""):
                        writer.write_record(rec)
                        n += 1
    return n


def archive_pages(pages: list[tuple[str, Path]], out: Path) -> int:
    """One WARC of (original URL, file) pages served as ``text/html; charset=utf-8``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as dst:
        writer = WARCWriter(dst, gzip=True)
        for url, path in pages:
            body = path.read_bytes()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body),
                                                          http_headers=headers))
    return len(pages)
