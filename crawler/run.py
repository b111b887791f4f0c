"""What the spider, the pipeline, the WARC extension and the monitors of one crawl share."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrapy.crawler import Crawler

from crawler.frontier import Frontier
from crawler.incremental import Baseline, load_baseline
from crawler.resume import recovered_frontier
from output.dataset import DatasetWriter
from output.lock import FolderLock
from output.runs import new_run_id


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
    lock: FolderLock | None = None  # DIR/_lock, released when the run is published (if this run took it)
    shared: Frontier | None = None  # --frontier redis://...: this worker's side of the shared frontier


def run_context(crawler: Crawler) -> RunContext:
    """Created once per crawler from the DRUGPAGES_ settings: the run's writer, its recovered rows, its baseline."""
    ctx = getattr(crawler, "_drugpages_run", None)
    if ctx is None:
        settings = crawler.settings
        ctx = RunContext(settings.get("DRUGPAGES_OUT"), settings.get("DRUGPAGES_RUN_ID") or new_run_id(),
                         settings.getbool("DRUGPAGES_RESUME"), settings.getbool("DRUGPAGES_INCREMENTAL"))
        # `drugpages crawl` holds it already; `scrapy crawl` and Scrapyd jobs take it here (FolderLocked if busy)
        if not settings.get("DRUGPAGES_FRONTIER"):  # a shared frontier's workers write one run together
            ctx.lock = FolderLock(ctx.out, f"crawl {crawler.spidercls.name} run {ctx.run_id}",
                                  settings.getfloat("DRUGPAGES_LOCK_WAIT")).acquire()
        if settings.get("DRUGPAGES_FRONTIER"):  # each worker writes its parts apart; the publisher takes them in
            ctx.shared = Frontier(crawler, ctx.run_id)
        root = ctx.shared.staging(ctx.out) if ctx.shared else ctx.out
        ctx.writer = DatasetWriter(root, ctx.run_id, resume=ctx.resume)
        if ctx.resume:
            ctx.done, ctx.frontier = recovered_frontier(ctx.writer.recovered)
        spider = crawler.spidercls.name
        ctx.baseline = load_baseline(ctx.out, spider, ctx.run_id, settings.get("DRUGPAGES_PREVIOUS_RUN_ID"))
        crawler._drugpages_run = ctx  # noqa: SLF001 - one attribute, set once
    return ctx
