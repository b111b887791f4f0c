"""The extraction pool's workers share the vocabularies the parent loaded before forking: no private copies."""

from __future__ import annotations

import gc

import psutil

from extract.analysis import drug_tables, mesh, pharmacologic_classes
from extract.pool import ExtractionPool


def _vocabularies() -> tuple[int, int, int]:
    """Where this process's vocabularies live (their addresses): the parent's when inherited over the fork."""
    return id(drug_tables.variants()), id(mesh._vocabulary()), id(pharmacologic_classes.vocabulary())


def _worker_state() -> tuple[tuple[int, int, int], int, int]:
    """In a worker, after a lookup in every vocabulary: their addresses, and the worker's USS and RSS."""
    drug_tables.find(["Prograf", "and", "high", "blood", "pressure"])
    mesh.ground.__wrapped__("high blood pressure")
    pharmacologic_classes.ground("beta blocker")
    info = psutil.Process().memory_full_info()
    return _vocabularies(), info.uss, info.rss


def test_workers_use_the_vocabularies_loaded_before_the_fork_and_hold_little_of_their_own() -> None:
    pool = ExtractionPool(2)
    try:
        parent = _vocabularies()
        states = [pool._pool.submit(_worker_state).result(timeout=120) for _ in range(4)]
    finally:
        pool.close()
        gc.unfreeze()
    sizes = [len(drug_tables.variants()), len(mesh._vocabulary()[0]), len(pharmacologic_classes.vocabulary())]
    assert min(sizes) > 10_000  # real vocabularies, not empty stand-ins
    for where, uss, rss in states:
        assert where == parent  # inherited, not loaded again in the worker
        assert uss < rss / 2, (uss, rss)  # most of a worker's pages are the parent's, shared
        assert uss < 20 * 2**20, uss  # less than a private copy of the vocabularies (~31 MB) would take
