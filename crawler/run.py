"""One crawl run's identity and output folder, shared by the pipeline and the WARC extension."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version

from scrapy.crawler import Crawler

from extract.records import EXTRACTOR_VERSION

# Settings recorded with every run: those that change what a crawl sees.
RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED", "DOWNLOAD_MAXSIZE", "DRUGPAGES_MIRROR", "DRUGPAGES_EXTRACT_WORKERS",
)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def versions() -> dict[str, str]:
    libs = ("scrapy", "beautifulsoup4", "lxml", "pyarrow", "warcio", "drug-named-entity-recognition")
    return {lib: version(lib) for lib in libs} | {"extractor": EXTRACTOR_VERSION}


@dataclass(slots=True)
class RunContext:
    out: str
    run_id: str


def run_context(crawler: Crawler) -> RunContext:
    """Created once per crawler from DRUGPAGES_OUT and DRUGPAGES_RUN_ID (a new id if unset)."""
    ctx = getattr(crawler, "_drugpages_run", None)
    if ctx is None:
        settings = crawler.settings
        ctx = RunContext(settings.get("DRUGPAGES_OUT"), settings.get("DRUGPAGES_RUN_ID") or new_run_id())
        crawler._drugpages_run = ctx  # noqa: SLF001 - one attribute, set once
    return ctx
