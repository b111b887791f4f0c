"""Exit codes of every ``drugpages`` command, and the one way to say a usage error.

0 done; 1 a run did not finish (resume it); 2 bad arguments or input (one line
on stderr, no traceback); 3 a crawl finished but its monitors failed it.
"""

from __future__ import annotations

import sys
from typing import Any

OK, FAILED, USAGE, MONITORS = 0, 1, 2, 3


def for_run(stats: dict[str, Any]) -> int:
    """A crawl's exit code from its Scrapy stats: 1 stopped (or never published), 3 degraded or failed, else 0."""
    counts = stats.get("drugpages/counts") or {}
    if stats.get("finish_reason") != "finished" or "status" not in counts:
        return FAILED
    return OK if counts["status"] == "succeeded" else MONITORS


def usage_error(command: str, message: object) -> int:
    """Print ``drugpages COMMAND: message`` as one line on stderr; return the usage exit code."""
    text = " ".join(str(message).split())
    print(f"drugpages {command}: {text}" if command else f"drugpages: {text}", file=sys.stderr, flush=True)
    return USAGE
