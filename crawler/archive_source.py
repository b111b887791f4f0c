"""Which web archive a crawl reads, and when: ``--archive SOURCE`` with ``--at`` or ``--from``/``--to``.

A source is two interfaces: a CDX index (what was captured, when, with what
status and digest) and a way to read a capture (Wayback raw replay
``REPLAY/TIMESTAMPid_/URL``, or a byte range of a WARC file for Common
Crawl). The public archives' hosts can be overridden (settings) so that the
same code runs against local copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from cdx_toolkit.timeutils import pad_timestamp, pad_timestamp_up

IA_CDX = "https://web.archive.org/cdx/search/cdx"
IA_REPLAY = "https://web.archive.org/web"
CC_INDEX_SERVER = "https://index.commoncrawl.org"
CC_DATA = "https://data.commoncrawl.org"

_TIMESTAMP = re.compile(r"^\d{4}(\d{2}(\d{2}(\d{6})?)?)?$")


@dataclass(frozen=True, slots=True)
class Window:
    """The captures wanted: the one nearest ``at``, else the newest between ``start`` and ``end``."""

    at: str | None = None
    start: str | None = None
    end: str | None = None

    def at_time(self) -> datetime | None:
        return to_datetime(self.at) if self.at else None

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        return (to_datetime(self.start) if self.start else None,
                to_datetime(pad_timestamp_up(self.end)) if self.end else None)


@dataclass(frozen=True, slots=True)
class ArchiveSource:
    """One archive: ``dialect`` is how its CDX server talks ('ia', 'pywb' or 'cc')."""

    spec: str  # as given: 'ia', 'cc', 'cc:CC-MAIN-2014-10' or a pywb collection URL
    dialect: str
    cdx: str | None  # the CDX endpoint; None for 'cc' until the index list is read (collinfo.json)
    replay: str | None  # Wayback replay prefix (captures at REPLAY/TIMESTAMPid_/URL)
    data: str | None  # Common Crawl: WARC files at DATA/FILENAME, read by byte range
    index_server: str | None = None  # Common Crawl: the server of collinfo.json and every crawl's index
    delay: float = 1.0  # the archive's default politeness: seconds between pages, one at a time
    concurrency: int = 1

    def name_for(self, cdx: str) -> str:
        """The ``archive_source`` value of a page read through the CDX endpoint ``cdx``."""
        if self.dialect == "cc":
            return "cc:" + cdx.rstrip("/").rsplit("/", 1)[-1].removesuffix("-index")
        return self.spec


class SourceError(ValueError):
    """A SOURCE or TIMESTAMP the crawl cannot use (a usage error)."""


def check_timestamp(value: str, option: str) -> str:
    if not _TIMESTAMP.match(value):
        raise SourceError(f"{option} takes YYYY[MM[DD[hhmmss]]], not {value!r}")
    try:
        to_datetime(value)
    except ValueError as exc:
        raise SourceError(f"{option} {value!r} is not a date: {exc}") from None
    return value


def to_datetime(timestamp: str) -> datetime:
    """A CDX timestamp (any prefix of YYYYMMDDhhmmss) as a UTC datetime, missing parts at their lowest."""
    return datetime.strptime(pad_timestamp(timestamp), "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def window(at: str | None, start: str | None, end: str | None) -> Window:
    if at and (start or end):
        raise SourceError("--at and --from/--to exclude each other")
    w = Window(check_timestamp(at, "--at") if at else None, check_timestamp(start, "--from") if start else None,
               check_timestamp(end, "--to") if end else None)
    low, high = w.bounds()
    if low and high and low > high:
        raise SourceError(f"--from {start} is after --to {end}")
    return w


def parse_source(spec: str, cc_index_server: str = CC_INDEX_SERVER, cc_data: str = CC_DATA) -> ArchiveSource:
    """``ia``, ``cc``, ``cc:INDEX-NAME`` or the URL of a pywb collection."""
    spec = spec.strip()
    if spec == "ia":
        # The Wayback Machine answers 429 past a few requests a second; a page is two requests.
        return ArchiveSource(spec, "ia", IA_CDX, IA_REPLAY, None, delay=4.0)
    if spec == "cc" or spec.startswith("cc:"):
        server = cc_index_server.rstrip("/")
        name = spec[3:].strip()
        if spec.startswith("cc:") and not re.fullmatch(r"CC-MAIN-[\w-]+", name):
            raise SourceError(f"--archive cc:INDEX-NAME takes a crawl name like CC-MAIN-2014-10, not {name!r}")
        cdx = f"{server}/{name.removesuffix('-index')}-index" if name else None
        # The index server asks for about one request a second; the data host takes more.
        return ArchiveSource(spec, "cc", cdx, None, cc_data.rstrip("/"), index_server=server, delay=1.0)
    if re.match(r"^https?://[^/]+", spec):
        base = spec.rstrip("/")
        return ArchiveSource(base, "pywb", f"{base}/cdx", base, None, delay=0.5, concurrency=2)
    raise SourceError(f"--archive takes ia, cc, cc:INDEX-NAME or the URL of a pywb collection, not {spec!r}")


def archive_settings(spec: str, at: str | None, start: str | None, end: str | None, seed: bool,
                     given: dict[str, object]) -> dict[str, object]:
    """The settings of a crawl from ``spec``: the window, robots.txt off (the site's robots.txt does not bind
    an archive), the archive's delay and concurrency unless ``given`` (the -s overrides) sets them."""
    source = parse_source(spec)
    win = window(at, start, end)
    out: dict[str, object] = {
        "DRUGPAGES_ARCHIVE": source.spec, "DRUGPAGES_ARCHIVE_AT": win.at, "DRUGPAGES_ARCHIVE_FROM": win.start,
        "DRUGPAGES_ARCHIVE_TO": win.end, "DRUGPAGES_ARCHIVE_SEED": seed, "ROBOTSTXT_OBEY": False,
    }
    for name, value in (("DOWNLOAD_DELAY", source.delay), ("CONCURRENT_REQUESTS_PER_DOMAIN", source.concurrency)):
        if name not in given:
            out[name] = value
    return out
