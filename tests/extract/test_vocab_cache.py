"""Processes that start together build a missing vocabulary cache once: the others wait and read the file."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from extract.analysis.vocab_cache import cached


def _slow_build(log: str) -> dict[str, int]:
    with open(log, "a") as fh:
        fh.write("built\n")
    time.sleep(1.0)
    return {"terms": 3}


def _load(path: str, log: str) -> dict[str, int]:
    return cached(Path(path), lambda: _slow_build(log))


def test_a_cache_is_built_once_by_processes_starting_together(tmp_path: Path) -> None:
    path, log = tmp_path / "cache" / "vocab-x.pickle", tmp_path / "builds.log"
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        results = pool.starmap(_load, [(str(path), str(log))] * 3)
    assert results == [{"terms": 3}] * 3
    assert log.read_text().splitlines() == ["built"]
    assert cached(path, lambda: {"terms": -1}) == {"terms": 3}  # read from the file, not built again


def test_a_cache_that_cannot_be_written_is_built_every_time(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # the cache folder's place is taken by a file: no folder, no lock, no cache file
    path = blocker / "vocab-y.pickle"
    assert cached(path, lambda: [1]) == [1]
    assert cached(path, lambda: [2]) == [2]
