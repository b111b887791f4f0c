"""Answer each request from a web archive while the crawl keeps the original URLs (``--archive``).

The mirror's idea one step further: a download handler, so everything above
it (redirects, retries, the WARC, the dataset) sees the site's own URLs and
responses. For ``http://HOST/PATH`` it asks the archive's CDX index for the
captures of that URL, takes the one nearest ``--at`` (or the newest within
``--from``/``--to``) and reads it raw: Wayback replay ``…/TIMESTAMPid_/URL``
or, for Common Crawl, the record's byte range of its WARC file. The
response carries the original status and headers; the request's meta says
which archive and when it captured the page. The original site's robots.txt
does not apply to an archive; the archive's own politeness does (one slot for
every request, a low rate, the slot slowed down on 429 and 503).
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from io import BytesIO
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator

from crawler.archive_source import ArchiveSource, SourceError, Window, parse_source
from crawler.cdx import Capture, cc_indexes, digest_query, lookup_query, ordered, parse_answer
from crawler.mirror import MirrorDownloadHandler

ARCHIVE_META = "drugpages_archive"  # on a page's request: {"archive_source": ..., "archived_at": datetime}
RAW_META = "drugpages_archive_raw"  # a request to the archive itself (e.g. a CDX query): fetched as it is
SLOWER = {429}  # the archive asks to slow down (and its index, with 503 too)
TRANSIENT = {429, 500, 502, 503, 504}
SLOT = "archive"
TRIES = 3  # captures tried per URL when the nearest is missing from replay
HOPS = 3  # archive redirects to another timestamp followed per capture
_REPLAY_PATH = re.compile(r"^(\d{4,14})([a-z]{2}_)?/(.+)$")
# Headers a Wayback replay passes unprefixed that describe the capture, not the archive's answer.
_KEPT = {"content-type", "content-encoding", "location"}
_WIRE = {"content-encoding", "transfer-encoding", "content-length"}


class NotArchived(IgnoreRequest):
    """The index holds no capture of the URL in the window: a skip, as for robots.txt."""

    reason = "not_archived"


class CaptureMissing(Exception):
    """The index lists captures of the URL but the archive could not give any of them back."""


@dataclass(frozen=True, slots=True)
class Unread:
    """A capture the archive did not give back: why, and the archive's status when it may be passing (429/5xx)."""

    reason: str
    status: int | None = None


Read = tuple[int, Headers, bytes, datetime]  # status, the capture's headers, body, when captured


class ArchiveSetup:
    """What ``--archive`` configures, read once per crawler from the ``DRUGPAGES_ARCHIVE*`` settings."""

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        spec = s.get("DRUGPAGES_ARCHIVE")
        self.source: ArchiveSource | None = None
        if spec:
            try:
                self.source = parse_source(spec, s.get("DRUGPAGES_ARCHIVE_CC_INDEX_SERVER"),
                                           s.get("DRUGPAGES_ARCHIVE_CC_DATA"))
            except SourceError as exc:
                raise ValueError(str(exc)) from None
        self.window = Window(s.get("DRUGPAGES_ARCHIVE_AT") or None, s.get("DRUGPAGES_ARCHIVE_FROM") or None,
                             s.get("DRUGPAGES_ARCHIVE_TO") or None)


class ArchiveSlotMiddleware:
    """With ``--archive``, every request shares the downloader slot ``archive``: the archive's delay and
    concurrency hold for the crawl as a whole, not per original host."""

    def __init__(self, crawler: Crawler) -> None:
        self.enabled = bool(crawler.settings.get("DRUGPAGES_ARCHIVE"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveSlotMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: object = None) -> None:
        if self.enabled:
            request.meta["download_slot"] = SLOT


class ArchiveDownloadHandler(MirrorDownloadHandler):
    """Reads pages from ``DRUGPAGES_ARCHIVE`` when set; otherwise the mirror handler (``--mirror`` or the site)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.crawler = crawler
        setup = ArchiveSetup(crawler)
        self.source, self.window = setup.source, setup.window
        self.user_agent = crawler.settings.get("USER_AGENT")
        self.most_indexes = crawler.settings.getint("DRUGPAGES_ARCHIVE_CC_MAX_INDEXES")
        self.backoff_max = crawler.settings.getfloat("DRUGPAGES_RETRY_BACKOFF_MAX")
        self.base_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self._indexes: list[str] | None = [self.source.cdx] if self.source and self.source.cdx else None
        self._indexes_lock = asyncio.Lock()

    async def download_request(self, request: Request) -> Response:
        if self.source is None:
            return await super().download_request(request)
        if request.meta.get(RAW_META):
            return await self.get(request.url, dict(request.headers.to_unicode_dict()))
        return await self.from_archive(request)

    # -- fetching from the archive (straight to the socket; the request's slot is the archive's) --

    async def get(self, url: str, headers: dict[str, str] | None = None, maxsize: int | None = None,
                  what: str = "replay") -> Response:
        meta: dict[str, Any] = {}
        if maxsize is not None:
            meta["download_maxsize"] = maxsize
        request = Request(url, headers={"User-Agent": self.user_agent, **(headers or {})}, meta=meta)
        response = await HTTP11DownloadHandler.download_request(self, request)
        self._count(f"archive/{what}_requests")
        self._count(f"archive/{what}_bytes", len(response.body))
        self._pace(response, slower=response.status in SLOWER or (what == "cdx" and response.status == 503))
        return response

    def _count(self, key: str, n: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, n)

    def _pace(self, response: Response, slower: bool) -> None:
        """A 429 (or the index's 503) doubles the archive slot's delay, to Retry-After at least, capped;
        every other answer takes a tenth off again, down to DOWNLOAD_DELAY."""
        engine = self.crawler.engine
        slot = engine.downloader.slots.get(SLOT) if engine and engine.downloader else None
        if slot is None:
            return
        if not slower:
            slot.delay = max(self.base_delay, slot.delay * 0.9)
            return
        wait = 1.0
        retry_after = response.headers.get(b"Retry-After")
        if retry_after and retry_after.strip().isdigit():
            wait = float(retry_after)
        slot.delay = min(self.backoff_max, max(slot.delay * 2, wait))
        self._count("archive/slowed_down")

    async def indexes(self) -> list[str]:
        """The CDX endpoints to ask, in order; for plain ``cc``, chosen from the index server's collinfo.json."""
        async with self._indexes_lock:
            if self._indexes is None:
                assert self.source is not None and self.source.index_server
                response = await self.get(f"{self.source.index_server}/collinfo.json", what="cdx")
                if response.status != 200:
                    return []  # asked again for the next page
                self._indexes = cc_indexes(json.loads(response.text), self.window, self.most_indexes)
            return self._indexes

    async def from_archive(self, request: Request) -> Response:
        """The nearest capture that can be read, index by index (Common Crawl: one index per crawl); a
        passing failure of the archive (429/5xx) as a response, for the retry middleware."""
        assert self.source is not None
        indexes = await self.indexes()
        if not indexes:
            return Response(request.url, status=503, body=b"archive: no index list", request=request)
        listed, unread = 0, []
        for cdx in indexes:
            answer = await self.get(lookup_query(self.source, cdx, request.url, self.window), what="cdx")
            if answer.status in TRANSIENT:
                return Response(request.url, status=answer.status, headers=answer.headers, body=answer.body,
                                request=request)
            candidates = ordered(parse_answer(answer.status, answer.text), request.url, self.window)
            listed += len(candidates)
            for capture in candidates[:TRIES]:
                read = await (self.read_range(cdx, capture) if self.source.data else self.read_replay(capture))
                if isinstance(read, Unread):  # try the next nearest
                    unread.append(read)
                    self._count("archive/captures_unread")
                    continue
                status, headers, body, when = read
                request.meta[ARCHIVE_META] = {"archive_source": self.source.name_for(cdx), "archived_at": when}
                self._count("archive/pages")
                cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
                return cls(request.url, status=status, headers=headers, body=body, request=request)
        if not listed:
            raise NotArchived(f"{request.url}: no capture in the archive's index ({self.source.spec})")
        passing = [u.status for u in unread if u.status in TRANSIENT]
        if passing and not self._last_try(request):  # retried later, with backoff, by the retry middleware
            return Response(request.url, status=passing[0], body=b"archive: capture not read", request=request)
        reasons = "; ".join(u.reason for u in unread)
        raise CaptureMissing(f"the index lists {listed} capture(s); none could be read: {reasons}")

    def _last_try(self, request: Request) -> bool:
        most = request.meta.get("max_retry_times", self.crawler.settings.getint("RETRY_TIMES"))
        return request.meta.get("dont_retry", False) or request.meta.get("retry_times", 0) >= most

    async def read_replay(self, capture: Capture) -> Read | Unread:
        """A capture through Wayback raw replay, following the archive's redirects to another timestamp."""
        assert self.source is not None and self.source.replay
        url = f"{self.source.replay}/{capture.timestamp}id_/{capture.url}"
        for _ in range(HOPS):
            answer = await self.get(url)
            memento = answer.headers.get(b"Memento-Datetime")
            location = answer.headers.get(b"Location")
            target = _replay_target(urljoin(url, location.decode("latin1")), self.source.replay) if location else None
            if memento is None and not 300 <= answer.status < 400:  # the archive's own error, not a capture
                return Unread(f"{capture.timestamp}: replay answered {answer.status}", answer.status)
            if target and not capture.is_redirect and target[1].split("://", 1)[-1] == capture.url.split("://", 1)[-1]:
                url = f"{self.source.replay}/{target[0]}id_/{target[1]}"  # the archive's redirect: same page
                continue
            when = _http_date(memento) or capture.when
            headers = _original_headers(answer.headers, target[1] if target else None)
            return answer.status, headers, answer.body, when
        return Unread(f"{capture.timestamp}: more than {HOPS} archive redirects")

    async def read_range(self, cdx: str, capture: Capture) -> Read | Unread:
        """A Common Crawl capture: its record's bytes only (a Range request), then a revisit's original payload."""
        record = await self._record(capture)
        if isinstance(record, Unread):
            return record
        status, headers, body, rec_type = record
        if rec_type == "revisit":
            original = await self._revisited(cdx, capture)
            if isinstance(original, Unread):
                return original
            body = original
        return status, headers, body, capture.when

    async def _record(self, capture: Capture) -> tuple[int, Headers, bytes, str] | Unread:
        assert self.source is not None and self.source.data
        if capture.filename is None or capture.offset is None or not capture.length:
            return Unread(f"{capture.timestamp}: the index line has no filename, offset and length")
        end = capture.offset + capture.length - 1
        try:
            answer = await self.get(f"{self.source.data}/{capture.filename}",
                                    {"Range": f"bytes={capture.offset}-{end}"}, maxsize=capture.length, what="range")
        except Exception as exc:  # noqa: BLE001 - a data host that ignores Range is cut off at the record's length
            return Unread(f"{capture.timestamp}: {capture.filename} not read by range ({type(exc).__name__})")
        if answer.status != 206:
            return Unread(f"{capture.timestamp}: {capture.filename} answered {answer.status} to a range request",
                          answer.status)
        try:
            record = next(iter(ArchiveIterator(BytesIO(answer.body))))
            body = record.content_stream().read()
        except Exception as exc:  # noqa: BLE001 - bytes that are no WARC record
            return Unread(f"{capture.timestamp}: no WARC record at {capture.filename}@{capture.offset} ({exc})")
        if record.http_headers is None or record.rec_type not in ("response", "revisit"):
            return Unread(f"{capture.timestamp}: a {record.rec_type} record, not a response")
        status = int(record.http_headers.get_statuscode() or 0)
        headers = Headers([(k, v) for k, v in record.http_headers.headers if k.lower() not in _WIRE])
        return status, headers, body, record.rec_type

    async def _revisited(self, cdx: str, capture: Capture) -> bytes | Unread:
        """The payload a revisit record points at: the earlier capture of the URL with the same digest."""
        assert self.source is not None
        for index in [cdx, *(i for i in await self.indexes() if i != cdx)]:  # an earlier crawl may hold it
            answer = await self.get(digest_query(self.source, index, capture), what="cdx")
            if answer.status in TRANSIENT:
                return Unread(f"{capture.timestamp}: the index answered {answer.status}", answer.status)
            for original in parse_answer(answer.status, answer.text):
                if original.is_revisit or original.digest != capture.digest or original.timestamp > capture.timestamp:
                    continue
                record = await self._record(original)
                if not isinstance(record, Unread) and record[3] == "response":
                    return record[2]
        return Unread(f"{capture.timestamp}: revisit of {capture.digest}, whose original is not in the index")


def _replay_target(url: str, replay: str) -> tuple[str, str] | None:
    """(timestamp, original URL) of a replay URL of this archive, else None."""
    prefix = replay.rstrip("/") + "/"
    if not url.startswith(prefix):
        return None
    m = _REPLAY_PATH.match(url[len(prefix):])
    return (m.group(1), m.group(3)) if m else None


def _original_headers(replayed: Headers, location: str | None) -> Headers:
    """The capture's own headers: ``X-Archive-Orig-*`` unprefixed, its type and encoding; none of the archive's."""
    out = Headers()
    for name, values in replayed.items():
        key = name.decode("latin1")
        lower = key.lower()
        if lower.startswith("x-archive-orig-"):
            original = key[len("x-archive-orig-"):]
            if original.lower() not in _WIRE:
                out.setlist(original, values)
        elif lower in _KEPT:
            out.setlist(key, values)
    if location is not None:
        out[b"Location"] = location
    return out


def _http_date(value: bytes | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value.decode("latin1"))
    except (TypeError, ValueError):
        return None

