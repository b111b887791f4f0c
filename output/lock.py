"""One writer per dataset folder: ``DIR/_lock`` names the process that holds it.

Two scheduled crawls into one folder would both publish and each take the
other's run as a baseline. A crawl or an extraction takes the lock before it
writes; a second one waits (``wait`` seconds) or gives up with a message naming
the holder. A lock whose process is gone (kill -9, a reboot) is stale: it is
taken over, and said so. The holder is its pid with that process's start time,
so a reused pid does not keep a dead lock alive. Object-storage URIs are not
locked (no atomic create there): schedule one writer per prefix.
"""

from __future__ import annotations

import json
import os
import socket
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

LOCK = "_lock"


class FolderLocked(Exception):
    """The folder is being written by another live process."""


def _me() -> dict[str, Any]:
    return {"pid": os.getpid(), "host": socket.gethostname(), "created": psutil.Process().create_time()}


def _alive(holder: dict[str, Any]) -> bool:
    if holder.get("host") != socket.gethostname():
        return True  # another machine's process: cannot tell, so it holds the lock
    try:
        return abs(psutil.Process(int(holder["pid"])).create_time() - float(holder["created"])) < 1
    except (psutil.NoSuchProcess, KeyError, ValueError, TypeError):
        return False


class FolderLock:
    """``with FolderLock(DIR, "crawl emedtv run X"):`` — held for the block, re-entrant within one process."""

    def __init__(self, root: str, what: str, wait: float = 0, say: Any = None) -> None:
        self.path = None if "://" in root else Path(root) / LOCK
        self.what, self.wait, self.say = what, wait, say
        self.mine = False

    def holder(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.path.read_text()) if self.path else None
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def acquire(self) -> FolderLock:
        if self.path is None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait
        while True:
            me = _me() | {"what": self.what, "since": datetime.now(UTC).isoformat(timespec="seconds")}
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self.holder()
                if holder is None:  # being written this instant, or emptied by a crash: look again
                    time.sleep(0.05)
                    if self.holder() is None and self.path.exists():
                        self._take_over(None)
                    continue
                if holder["pid"] == me["pid"] and holder.get("host") == me["host"]:
                    return self  # this process holds it already (the command, then Scrapy's run context)
                if not _alive(holder):
                    self._take_over(holder)
                    continue
                if time.monotonic() >= deadline:
                    raise FolderLocked(
                        f"{self.path.parent} is being written by {holder.get('what', 'another run')} "
                        f"(pid {holder['pid']} on {holder.get('host')}, since {holder.get('since')}); "
                        f"wait for it to end, or pass --wait SECONDS") from None
                time.sleep(min(1.0, max(0.05, deadline - time.monotonic())))
                continue
            with os.fdopen(fd, "w") as fh:
                fh.write(json.dumps(me))
            self.mine = True
            return self

    def _take_over(self, holder: dict[str, Any] | None) -> None:
        if self.say and holder:
            self.say(f"removed a stale lock of {self.path.parent}: {holder.get('what', 'a run')} "
                     f"(pid {holder.get('pid')}) is no longer running")
        self.path.unlink(missing_ok=True)

    def release(self) -> None:
        if self.mine and self.path is not None:
            holder = self.holder()
            if holder and holder.get("pid") == os.getpid():
                self.path.unlink(missing_ok=True)
            self.mine = False

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
