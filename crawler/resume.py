"""Finishing a killed run: what its checkpointed rows and its WARC files already hold.

Scrapy's JOBDIR keeps its queue only across clean stops (its bookkeeping is
written at close), so after ``kill -9`` the run is rebuilt from its own output:
URLs with a committed row are done, link targets of committed pages not yet done
are fetched again, and the WARC tail past the last complete record is cut off.
"""

from __future__ import annotations

import pyarrow as pa


def recovered_frontier(recovered: dict[str, pa.Table]) -> tuple[set[str], list[str]]:
    """URLs done (a committed page, error or skip row) and the link targets of committed pages, in order."""
    done: set[str] = set()
    for table in ("pages", "errors", "skips"):
        if table in recovered:
            done.update(recovered[table].column("url").to_pylist())
    frontier: list[str] = []
    if "links" in recovered:
        seen: set[str] = set()
        for url in recovered["links"].column("target_url").to_pylist():
            if url not in seen:
                seen.add(url)
                frontier.append(url)
    return done, frontier
