"""Running a command while sampling the memory of its whole process tree; medians with min and max.

Two sums over the tree: RSS, which counts a page shared by several processes (a forked worker's inherited
vocabularies) once in each of them, and PSS, which splits each shared page among the processes sharing it, so
the tree's PSS is the memory it really takes.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass

import psutil

SAMPLE_SECONDS = 0.05


@dataclass(slots=True)
class Run:
    wall: float  # seconds, start to exit
    peak_rss: int  # bytes: the largest sum of RSS over the process and all its descendants
    peak_pss: int  # bytes: the largest sum of PSS over them (shared pages counted once in all)
    returncode: int
    stdout: str
    stderr: str


def tree_memory(proc: psutil.Process) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) over ``proc`` and its descendants, in bytes."""
    rss = pss = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)  # PSS is Linux's; elsewhere RSS stands in
    return rss, pss


def run_sampled(cmd: list[str], cwd: str | None = None, timeout: float = 7200) -> Run:
    """Run ``cmd``; a thread samples the tree's summed RSS and PSS every 50 ms until it exits."""
    peak = peak_pss = 0
    done = threading.Event()
    started = time.monotonic()
    proc = psutil.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = tree_memory(proc)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        wall = time.monotonic() - started
        done.set()
        sampler.join()
    return Run(wall, peak, peak_pss, proc.returncode, out, err)


@dataclass(frozen=True, slots=True)
class Spread:
    median: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values), len(values))

    def fmt(self, digits: int = 0, scale: float = 1.0) -> str:
        m, lo, hi = (v * scale for v in (self.median, self.low, self.high))
        return f"{m:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})"


_STAT = re.compile(r"'([\w/]+)':\s*([\d.]+)")


def scrapy_stats(log: str) -> dict[str, float]:
    """Numeric values of the stats dump Scrapy logs at the end of a crawl (LOG_LEVEL INFO)."""
    i = log.rfind("Dumping Scrapy stats")
    return {k: float(v) for k, v in _STAT.findall(log[i:])} if i >= 0 else {}
