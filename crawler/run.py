"""One crawl run's identity and output folder, shared by the pipeline and the WARC extension."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from typing import TYPE_CHECKING

from scrapy.crawler import Crawler

from extract.records import EXTRACTOR_VERSION
from output.dataset import DatasetWriter

if TYPE_CHECKING:
    from crawler.incremental import Baseline

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
    """What the spider, the pipeline and the WARC extension share about one run."""

    out: str
    run_id: str
    resume: bool = False
    incremental: bool = False
    writer: DatasetWriter | None = None
    baseline: Baseline | None = None
    done: set[str] = field(default_factory=set)  # URLs already a page, error or skip row of this run
    frontier: list[str] = field(default_factory=list)  # link targets of this run's pages (for --resume)


def run_context(crawler: Crawler) -> RunContext:
    """Created once per crawler from the DRUGPAGES_ settings: the run's writer, its recovered rows, its baseline."""
    ctx = getattr(crawler, "_drugpages_run", None)
    if ctx is None:
        from crawler.incremental import load_baseline
        from crawler.resume import recovered_frontier

        settings = crawler.settings
        ctx = RunContext(settings.get("DRUGPAGES_OUT"), settings.get("DRUGPAGES_RUN_ID") or new_run_id(),
                         settings.getbool("DRUGPAGES_RESUME"), settings.getbool("DRUGPAGES_INCREMENTAL"))
        ctx.writer = DatasetWriter(ctx.out, ctx.run_id, resume=ctx.resume)
        if ctx.resume:
            ctx.done, ctx.frontier = recovered_frontier(ctx.writer.recovered)
        spider = crawler.spidercls.name
        ctx.baseline = load_baseline(ctx.out, spider, ctx.run_id, settings.get("DRUGPAGES_PREVIOUS_RUN_ID"))
        crawler._drugpages_run = ctx  # noqa: SLF001 - one attribute, set once
    return ctx
