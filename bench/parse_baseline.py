"""Baseline B: ``BeautifulSoup(html, "lxml")`` alone over the same pages, one process (one core)."""

from __future__ import annotations

import time

from bs4 import BeautifulSoup


def soup_rate(bodies: list[bytes]) -> float:
    """Pages per second of parsing each body (bytes, as the crawl receives them) and nothing else."""
    started = time.perf_counter()
    for body in bodies:
        BeautifulSoup(body, "lxml")
    return len(bodies) / (time.perf_counter() - started)
