"""The extraction pool's workers are extraction-only processes: spawned, not forked from the crawl, they hold
one copy of the vocabularies and none of Scrapy, Twisted or pyarrow."""

from __future__ import annotations

import sys

import psutil

from extract.analysis import drug_tables, mesh, pharmacologic_classes
from extract.pool import ExtractionPool

CRAWL_ONLY = ("scrapy", "twisted", "pyarrow", "pandas")


def _worker_state() -> tuple[list[int], list[str], int, int]:
    """In a worker, after a lookup in every vocabulary: their sizes, the crawl-only packages it imported, its pid
    and its RSS."""
    drug_tables.find(["Prograf", "and", "high", "blood", "pressure"])
    mesh.ground.__wrapped__("high blood pressure")
    pharmacologic_classes.ground("beta blocker")
    sizes = [len(drug_tables.variants()), len(mesh._vocabulary()[0]), len(pharmacologic_classes.vocabulary())]
    loaded = sorted({m.split(".")[0] for m in sys.modules} & set(CRAWL_ONLY))
    info = psutil.Process()
    return sizes, loaded, info.pid, info.memory_info().rss


def test_workers_hold_the_vocabularies_and_nothing_of_the_crawl() -> None:
    import scrapy  # noqa: F401 - the parent has it (as the crawl does); a forked worker would inherit it

    pool = ExtractionPool(2)
    try:
        states = [pool._pool.submit(_worker_state).result(timeout=180) for _ in range(4)]
    finally:
        pool.close()
    for sizes, loaded, pid, rss in states:
        assert pid != psutil.Process().pid
        assert min(sizes) > 10_000, sizes  # real vocabularies, not empty stand-ins
        assert loaded == [], loaded
        assert rss < 160 * 2**20, rss  # a forked worker of the crawl was 158 MB before its first page
