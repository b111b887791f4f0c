"""CDX queries and answers in the dialects of the Wayback Machine, pywb and Common Crawl.

cdx_toolkit reads both answer formats (IA's JSON table, pywb's and Common
Crawl's JSON lines) and maps IA's field names onto pywb's; Scrapy does the
fetching, so the queries are built here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from cdx_toolkit import cdx_to_captures
from cdx_toolkit.commoncrawl import bisect_cc, make_cc_maps
from cdx_toolkit.compat import munge_filter

from crawler.archive_source import ArchiveSource, Window, to_datetime

REVISIT_MIME = "warc/revisit"
CANDIDATES = 10  # captures asked for per URL; the nearest few are tried in turn


@dataclass(frozen=True, slots=True)
class Capture:
    """One CDX line: where and when a URL was captured."""

    url: str
    timestamp: str
    status: str  # '200', '404', ... or '-' (a revisit)
    mime: str
    digest: str
    filename: str | None = None  # Common Crawl: the WARC file, the record's offset and length in it
    offset: int | None = None
    length: int | None = None

    @property
    def when(self) -> datetime:
        return to_datetime(self.timestamp)

    @property
    def is_revisit(self) -> bool:
        return self.mime == REVISIT_MIME

    @property
    def is_redirect(self) -> bool:
        return self.status.startswith("3")


class _Answer:
    """What cdx_toolkit reads a CDX answer from (a requests-like response)."""

    def __init__(self, status: int, text: str) -> None:
        self.status_code, self.text = status, text

    def json(self) -> Any:
        return json.loads(self.text)


def parse_answer(status: int, text: str) -> list[Capture]:
    """The captures of a CDX answer in any dialect; an empty answer and 'no captures' are none."""
    if not text.strip() or status == 400:
        return []
    out = []
    for row in cdx_to_captures(_Answer(status, text)):
        data = row.data
        out.append(Capture(
            url=data.get("url", ""), timestamp=str(data.get("timestamp", "")), status=str(data.get("status", "-")),
            mime=str(data.get("mime", "")), digest=str(data.get("digest", "")), filename=data.get("filename"),
            offset=int(data["offset"]) if data.get("offset") not in (None, "", "-") else None,
            length=int(data["length"]) if data.get("length") not in (None, "", "-") else None,
        ))
    return out


def page_key(url: str) -> str:
    """What CDX servers match an exact URL on: no scheme, no ``www.``, host in lower case."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{parts.path or '/'}{query}"


def lookup_query(source: ArchiveSource, cdx: str, url: str, win: Window) -> str:
    """The CDX URL asking for the captures of ``url`` that ``win`` wants first."""
    params: list[tuple[str, str]] = [("url", url), ("output", "json")]
    if win.at:
        params += [("closest", win.at), ("sort", "closest")]
        if source.dialect != "ia":  # IA sorts by time only: take every capture, choose here
            params.append(("limit", str(CANDIDATES)))
    else:
        if win.start:
            params.append(("from", win.start))
        if win.end:
            params.append(("to", win.end))
        # newest first: pywb sorts in reverse, IA gives the last N for a negative limit
        params += [("limit", f"-{CANDIDATES}")] if source.dialect == "ia" else [("sort", "reverse"),
                                                                                  ("limit", str(CANDIDATES))]
    return f"{cdx}?{urlencode(params)}"


def digest_query(source: ArchiveSource, cdx: str, capture: Capture) -> str:
    """The CDX URL of the captures of a revisit's URL with its payload digest (the original is among them)."""
    filters = munge_filter([f"digest:{capture.digest}"], "ia" if source.dialect == "ia" else "pywb")
    params = [("url", capture.url), ("output", "json"), ("to", capture.timestamp)] + [("filter", f) for f in filters]
    return f"{cdx}?{urlencode(params)}"


def domain_query(source: ArchiveSource, cdx: str, host: str, win: Window, limit: int) -> str:
    """The CDX URL of every HTML page captured with status 200 under ``host`` and its subdomains, one line per URL
    where the server collapses (IA); the caller keeps one per URL key anyway (pywb does not collapse)."""
    filters = munge_filter(["status:200", "mime:text/html"], "ia" if source.dialect == "ia" else "pywb")
    params = [("url", host), ("matchType", "domain"), ("output", "json"), ("collapse", "urlkey"),
              ("limit", str(limit))] + [("filter", f) for f in filters]
    if win.start:
        params.append(("from", win.start))
    if win.end:
        params.append(("to", win.end))
    return f"{cdx}?{urlencode(params)}"


def ordered(captures: list[Capture], url: str, win: Window) -> list[Capture]:
    """The captures of exactly ``url`` in the order to try them: nearest ``at`` first, else newest first;
    archive failures (5xx captures) last."""
    key = page_key(url)
    own = [c for c in captures if page_key(c.url) == key]
    low, high = win.bounds()
    own = [c for c in own if (low is None or c.when >= low) and (high is None or c.when <= high)]
    at = win.at_time()
    if at is not None:
        return sorted(own, key=lambda c: (c.status.startswith("5"), abs((c.when - at).total_seconds()),
                                          -c.when.timestamp()))
    return sorted(own, key=lambda c: (c.status.startswith("5"), -c.when.timestamp()))


def cc_indexes(collinfo: list[dict[str, Any]], win: Window, most: int) -> list[str]:
    """The Common Crawl index endpoints to ask, in order: those nearest ``at`` (or newest in the window) first."""
    endpoints = sorted(row["cdx-api"] for row in collinfo if row.get("cdx-api"))
    cc_map, cc_times = make_cc_maps(endpoints)  # each crawl's end time, from its name
    if not cc_times:
        return []
    at = win.at_time()
    if at is not None:
        order = sorted(cc_times, key=lambda t: abs(t - at.timestamp()))
        return [cc_map[t] for t in order[:most]]
    low, high = win.bounds()
    chosen = bisect_cc(cc_map, cc_times, low.timestamp() if low else cc_times[0],
                       high.timestamp() if high else None)
    return list(reversed(chosen))[:most]
