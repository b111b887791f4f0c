"""The crawl's waiting requests kept on disk, so a crawl's memory does not grow with the links it has found.

Index pages list thousands of articles and the crawl fetches breadth first (``DEPTH_PRIORITY``), so after the
first index pages nearly every article of a site waits in the scheduler: 20,000 Request objects held in memory
are ~50 MB. Scrapy's scheduler keeps them in its disk queue only when ``JOBDIR`` is set; this one always does,
in a temporary folder dropped when the crawl closes (resuming a killed run is ``crawler.resume``'s business, not
Scrapy's JOBDIR, which keeps its queue only across clean stops).
"""

from __future__ import annotations

import shutil
import tempfile
from typing import Any

from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler


class SpillingScheduler(Scheduler):
    """Scrapy's scheduler with its disk queue on, in a temporary folder unless ``JOBDIR`` names one."""

    _spill: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SpillingScheduler:
        scheduler = super().from_crawler(crawler)
        if scheduler.dqdir is None:
            scheduler._spill = scheduler.dqdir = tempfile.mkdtemp(prefix="drugpages-queue-")
        return scheduler

    def close(self, reason: str) -> Any:  # noqa: ANN401 - Scrapy's Deferred or None
        try:
            return super().close(reason)
        finally:
            if self._spill is not None:
                shutil.rmtree(self._spill, ignore_errors=True)
