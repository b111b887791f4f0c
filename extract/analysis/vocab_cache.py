"""Built vocabularies kept between processes: built once per machine, loaded in a fraction of a second after.

A cache file's name carries a digest of everything its content depends on (the source package's version, our
build number, the rules applied while building), so a change of any of them builds a new file instead of
reading a stale one.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_path(name: str, depends_on: object) -> Path:
    """``~/.cache/drugpages/<name>-<digest>.pickle``, the digest over ``repr(depends_on)``."""
    digest = hashlib.sha256(repr(depends_on).encode()).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "drugpages" / f"{name}-{digest}.pickle"


def cached(path: Path, build: Callable[[], T]) -> T:
    """The object pickled at ``path``, else ``build()`` written there (atomically; skipped on a read-only home).
    Processes starting together (the extraction workers) build it once: the others wait and read the file."""
    found = _load(path)
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    with _building(path):
        found = _load(path)  # built by another process while this one waited
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        built = build()
        try:
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home: build again next time
    return built


_MISSING = object()


def _load(path: Path) -> object:
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own cache file
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return _MISSING


@contextmanager
def _building(path: Path) -> Iterator[None]:
    """An exclusive lock beside the cache file while it is built (none where the folder cannot be written)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 - held for the block below
    except OSError:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
