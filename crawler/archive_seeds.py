"""Seed an archive crawl with every URL the index holds under the spider's hosts (``--seed-from-index``).

Links reach only what archived pages still link to; the index also knows
pages no archived link leads to. One domain query per host (and per Common
Crawl index), collapsed by URL key, HTML captured with status 200.
"""

from __future__ import annotations

import json
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.archive import RAW_META, ArchiveSetup
from crawler.cdx import cc_indexes, domain_query, page_key, parse_answer

log = logging.getLogger(__name__)


async def index_seeds(crawler: Crawler, hosts: tuple[str, ...]) -> list[str]:
    """Every captured URL under ``hosts`` (none unless ``DRUGPAGES_ARCHIVE_SEED``), in index order."""
    setup = ArchiveSetup(crawler)
    source, win = setup.source, setup.window
    if source is None or not crawler.settings.getbool("DRUGPAGES_ARCHIVE_SEED"):
        return []
    limit = crawler.settings.getint("DRUGPAGES_ARCHIVE_SEED_LIMIT")
    if source.cdx:
        endpoints = [source.cdx]
    else:
        answer = await _get(crawler, f"{source.index_server}/collinfo.json")
        endpoints = cc_indexes(json.loads(answer.text), win, crawler.settings.getint(
            "DRUGPAGES_ARCHIVE_CC_MAX_INDEXES")) if answer.status == 200 else []
    seen: dict[str, str] = {}
    for cdx in endpoints:
        for host in hosts:
            answer = await _get(crawler, domain_query(source, cdx, host, win, limit))
            if answer.status >= 400 and answer.status not in (400, 404):
                log.warning("index seeds: %s answered %s for %s; crawling by links only there",
                            cdx, answer.status, host)
                _count(crawler, "archive/seed_queries_failed")
                continue
            captures = parse_answer(answer.status, answer.text)
            if len(captures) >= limit:
                log.warning("index seeds: %s gave %d URLs for %s, the limit (DRUGPAGES_ARCHIVE_SEED_LIMIT)",
                            cdx, len(captures), host)
            for capture in captures:
                seen.setdefault(page_key(capture.url), capture.url)
    _count(crawler, "archive/seeds", len(seen))
    return list(seen.values())


async def _get(crawler: Crawler, url: str) -> Response:
    """Through the downloader middlewares (user agent, the archive slot, retries with backoff on 429/5xx)."""
    assert crawler.engine is not None
    request = Request(url, meta={RAW_META: True, "dont_redirect": True}, dont_filter=True)
    return await crawler.engine.download_async(request)


def _count(crawler: Crawler, key: str, n: int = 1) -> None:
    if crawler.stats is not None:
        crawler.stats.inc_value(key, n)
