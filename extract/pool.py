"""Extraction in worker processes, so parsing never throttles fetching.

The crawl's event loop only ships (url, body, headers) to a process pool and
awaits the pickled record; BeautifulSoup runs on the other cores. Workers are
spawned, not forked: each imports only ``extract`` and loads the vocabularies
from the machine's cache (0.2 s), so none carries a copy of the crawl's
Scrapy, Twisted and pyarrow (a forked worker did: 158 MB RSS each, 95 MB now).
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import os
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor

from extract import extract_page
from extract.analysis import lexicon, mesh, pharmacologic_classes
from extract.records import ExtractResult
from extract.registry import PAGE_OBJECTS


def start_worker(sites: list[str]) -> None:
    """A worker's start: the page objects' modules, then the vocabularies."""
    for module in sites:
        importlib.import_module(module)
    warm_vocabularies()


def warm_vocabularies() -> None:
    """Load the drug, disease and class vocabularies when a worker starts, not at its first page."""
    lexicon.warm()
    mesh.warm()
    pharmacologic_classes.warm()


def _started(workers: int) -> int:
    """A worker's first task: held briefly so that the other start-up tasks reach workers of their own."""
    time.sleep(0.05 * workers)
    return os.getpid()


def default_workers() -> int:
    return max(1, (os.cpu_count() or 2))


class ExtractionPool:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        # The crawl's process never loads the vocabularies; the first worker to start on a new machine builds
        # their cache (a few seconds) while the others wait for it (extract.analysis.vocab_cache).
        # A site's page object registers itself when its module is imported: a spawned worker imports the modules
        # of every page object this process knows (a plug-in site's too) before its first page.
        sites = sorted({po.extract.__module__ for po in PAGE_OBJECTS.values()})
        self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=start_worker, initargs=(sites,),
                                         mp_context=multiprocessing.get_context("spawn"))
        # Start every worker now and wait for it, before the crawl's event loop runs: a worker started at the
        # first page would import and load for a second or two beside the fetching (a frontier's heartbeat,
        # timeouts), and the first pages would wait for it. Each submit spawns a worker while none is idle.
        for ready in [self._pool.submit(_started, self.workers) for _ in range(self.workers)]:
            ready.result()

    async def extract(self, url: str, body: bytes, headers: Mapping[str, str], status: int) -> ExtractResult:
        future = self._pool.submit(extract_page, url, body, dict(headers), status)
        return await asyncio.wrap_future(future)

    def submit(self, url: str, body: bytes, headers: Mapping[str, str], status: int):  # noqa: ANN201 - Future
        return self._pool.submit(extract_page, url, body, dict(headers), status)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
