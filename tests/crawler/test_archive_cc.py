"""Crawls in Common Crawl's layout (``--archive cc``): a local index server answering CC's index API with
JSON lines that point at offsets inside WARC files, and a static data host that honours Range requests."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.cdx import page_key
from output import load
from tests.conftest import FAST, drugpages
from tests.crawler.archives import (
    CHANGED,
    FIRST,
    LOST,
    NEVER_READABLE,
    REVISITED,
    SECOND,
    write_collection,
)

OLD, NEW = "CC-MAIN-2011-10", "CC-MAIN-2014-23"


def index_lines(path: Path) -> Iterator[dict[str, str]]:
    """CC index lines of a WARC file: what each record is and where its bytes are."""
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            if record.rec_type not in ("response", "revisit"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            date = record.rec_headers.get_header("WARC-Date")
            revisit = record.rec_type == "revisit"
            line = {"urlkey": page_key(url), "timestamp": re.sub(r"\D", "", date)[:14], "url": url,
                    "mime": "warc/revisit" if revisit else record.http_headers.get_header("Content-Type", ""),
                    "status": record.http_headers.get_statuscode(),
                    "digest": record.rec_headers.get_header("WARC-Payload-Digest").removeprefix("sha1:"),
                    "filename": f"crawl-data/{path.name}"}
            record.content_stream().read()
            line.update(offset=str(records.get_record_offset()), length=str(records.get_record_length()))
            yield line


@dataclass
class Served:
    requests: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Server:
    """``with Server(handler_class) as (url, served):`` on a free 127.0.0.1 port."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def index_handler(indexes: dict[str, list[dict[str, str]]], served: Served, fail_first: int = 0) -> type:
    class Index(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            if parts.path == "/collinfo.json":
                body = json.dumps([{"id": name, "cdx-api": f"http://{self.headers['Host']}/{name}-index"}
                                   for name in sorted(indexes, reverse=True)]).encode()
                return self._send(200, body, "application/json")
            with served.lock:
                served.requests.append({"path": self.path, "agent": self.headers.get("User-Agent", "")})
                failing = len(served.requests) <= fail_first
            if failing:  # the index server's way of saying "slow down"
                return self._send(503, b"Service Unavailable", "text/plain")
            name = parts.path.strip("/").removesuffix("-index")
            q = parse_qs(parts.query)
            lines = [line for line in indexes.get(name, []) if self._wanted(line, q)]
            if not lines:
                return self._send(404, b'{"message": "No Captures found"}', "application/json")
            return self._send(200, "".join(json.dumps(line) + "\n" for line in lines).encode(), "text/x-ndjson")

        @staticmethod
        def _wanted(line: dict[str, str], q: dict[str, list[str]]) -> bool:
            url = q["url"][0]
            if q.get("matchType") == ["domain"]:
                host = line["urlkey"].split("/", 1)[0]
                if not (host == url or host.endswith("." + url)):
                    return False
            elif line["urlkey"] != page_key(url):
                return False
            if "from" in q and line["timestamp"] < q["from"][0]:
                return False
            if "to" in q and line["timestamp"][:len(q["to"][0])] > q["to"][0]:
                return False
            for rule in q.get("filter", []):
                name, _, pattern = rule.partition(":")
                if not re.match(pattern, line.get(name, "")):
                    return False
            return True

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            send(self, status, body, ctype)

        def log_message(self, *args: object) -> None:
            pass

    return Index


def data_handler(root: Path, served: Served) -> type:
    class Data(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = root / self.path.lstrip("/")
            ranged = self.headers.get("Range", "")
            if not path.is_file():
                body, status = b"not found", 404
            elif m := re.fullmatch(r"bytes=(\d+)-(\d+)", ranged):
                start, end = int(m.group(1)), int(m.group(2))
                with open(path, "rb") as fh:
                    fh.seek(start)
                    body, status = fh.read(end - start + 1), 206
            else:
                body, status = path.read_bytes(), 200
            with served.lock:
                served.requests.append({"path": self.path, "range": ranged, "status": str(status),
                                        "sent": str(len(body))})
            send(self, status, body, "application/octet-stream")

        def log_message(self, *args: object) -> None:
            pass

    return Data


@pytest.fixture(scope="module")
def cc_layout(crawled: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list], Path]:
    root = tmp_path_factory.mktemp("cc")
    warcs = write_collection(crawled, root / "crawl-data")
    indexes: dict[str, list[dict[str, str]]] = {OLD: [], NEW: []}
    for name, path in sorted(warcs.items()):
        indexes[OLD if name.startswith("first") else NEW].extend(index_lines(path))
    for path in (root / "crawl-data").glob("ghost-*"):
        path.unlink()  # listed in the index, gone from the data host
    return indexes, root


def cc_crawl(out: Path, index: str, data: str, *args: str) -> Path:
    proc = drugpages("crawl", "emedtv", "--out", str(out), *args, *FAST, "-s", "DRUGPAGES_RETRY_BACKOFF_BASE=0.05",
                     "-s", f"DRUGPAGES_ARCHIVE_CC_INDEX_SERVER={index}", "-s", f"DRUGPAGES_ARCHIVE_CC_DATA={data}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def cc_2014(cc_layout: tuple[dict[str, list], Path], tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[Path, Served, Served]:
    indexes, root = cc_layout
    index_served, data_served = Served(), Served()
    with Server(index_handler(indexes, index_served, fail_first=2)) as index, \
            Server(data_handler(root, data_served)) as data:
        out = cc_crawl(tmp_path_factory.mktemp("cc2014"), index, data, "--archive", "cc", "--at", "201406")
    return out, index_served, data_served


def test_pages_come_from_the_crawl_nearest_the_time(cc_2014: tuple[Path, Served, Served], crawled: Path) -> None:
    out = cc_2014[0]
    pages = load(str(out), "pages").set_index("url")
    assert set(pages.index) == set(load(str(crawled), "pages")["url"])
    assert pages.loc[CHANGED, "title"] == "Tacrolimus in 2014"
    assert pages.loc[CHANGED, "archive_source"] == f"cc:{NEW}"
    assert pages.loc[CHANGED, "archived_at"] == pd.Timestamp(SECOND)
    # LOST's 2014 record is gone from the data host: the older crawl's capture is read instead
    others = pages.drop(index=[CHANGED, REVISITED])
    assert LOST in others.index
    assert (others["archive_source"] == f"cc:{OLD}").all() and (others["archived_at"] == pd.Timestamp(FIRST)).all()


def test_a_revisit_record_reads_the_payload_it_points_at(cc_2014: tuple[Path, Served, Served], crawled: Path) -> None:
    pages = load(str(cc_2014[0]), "pages").set_index("url")
    mirror = load(str(crawled), "pages").set_index("url")
    assert pages.loc[REVISITED, "archive_source"] == f"cc:{NEW}"
    assert pages.loc[REVISITED, "archived_at"] == pd.Timestamp(SECOND)
    assert pages.loc[REVISITED, "content_sha256"] == mirror.loc[REVISITED, "content_sha256"]
    assert pages.loc[REVISITED, "text"] == mirror.loc[REVISITED, "text"]


def test_records_are_read_by_byte_range_only(cc_2014: tuple[Path, Served, Served],
                                             cc_layout: tuple[dict[str, list], Path]) -> None:
    indexes, _ = cc_layout
    lengths = {(f"/{line['filename']}", int(line["offset"])): int(line["length"])
               for lines in indexes.values() for line in lines}
    requests = cc_2014[2].requests
    assert requests and all(r["range"] for r in requests), "a WARC file was asked for without a Range"
    for r in requests:
        start, end = map(int, r["range"].removeprefix("bytes=").split("-"))
        assert end - start + 1 == lengths[(r["path"], start)]  # exactly one record
        if r["status"] == "206":
            assert int(r["sent"]) == end - start + 1
    sent = sum(int(r["sent"]) for r in requests if r["status"] == "206")
    whole = sum(p.stat().st_size for p in (cc_layout[1] / "crawl-data").glob("*.warc.gz"))
    assert sent == sum(lengths[(r["path"], int(r["range"].split("=")[1].split("-")[0]))]
                       for r in requests if r["status"] == "206")
    assert sent < whole


def test_the_index_answering_503_then_200_loses_nothing(cc_2014: tuple[Path, Served, Served]) -> None:
    out, index_served, _ = cc_2014
    assert index_served.requests[:2] and all("drugpages" in r["agent"] for r in index_served.requests)
    errors = load(str(out), "errors")
    assert not (errors["error_type"] == "HTTP 503").any()
    counts = json.loads(load(str(out), "runs")["counts"].iloc[0])
    assert counts["urls_met"] == counts["pages"] + counts["errors"] + counts["skips"]


def test_a_capture_missing_from_the_data_host_is_an_error(cc_2014: tuple[Path, Served, Served]) -> None:
    errors = load(str(cc_2014[0]), "errors").set_index("url")
    assert errors.loc[NEVER_READABLE, "error_type"] == "CaptureMissing"
    assert "answered 404 to a range request" in errors.loc[NEVER_READABLE, "message"]


def test_a_named_crawl_is_the_only_one_asked(cc_layout: tuple[dict[str, list], Path], tmp_path: Path) -> None:
    indexes, root = cc_layout
    index_served, data_served = Served(), Served()
    with Server(index_handler(indexes, index_served)) as index, Server(data_handler(root, data_served)) as data:
        out = cc_crawl(tmp_path / "named", index, data, "--archive", f"cc:{NEW}", "--start-url", CHANGED)
    pages = load(str(out), "pages")
    assert list(pages["url"]) == [CHANGED]  # its links lead to pages that crawl never captured
    assert all(r["path"].startswith(f"/{NEW}-index?") for r in index_served.requests)
    assert set(load(str(out), "skips")["reason"]) <= {"not_archived", "offsite"}
