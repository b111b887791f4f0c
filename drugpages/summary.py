"""The end-of-run table a person reads after ``crawl``, ``extract`` and ``demo``."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from output.summary import run_summary


def print_summary(root: str, run_id: str, console: Console | None = None) -> None:
    s = run_summary(root, run_id)
    counts = s["counts"]
    table = Table(title=f"drugpages run {s['run_id']}: {s['status']}")
    table.add_column("what")
    table.add_column("count", justify="right")
    if s["failed_monitors"]:
        table.add_row("failed monitors", ", ".join(s["failed_monitors"]), style="red")
    for key in ("urls_met", "extracted", "unchanged"):
        if key in counts:
            table.add_row(key.replace("_", " "), str(counts[key]))
    for page_type, n in s["pages_by_type"].items():
        table.add_row(f"pages: {page_type}", str(n))
    for key, n in s["fields"].items():
        table.add_row(key.replace("_", " "), str(n))
    for key in ("drugs", "errors", "skips"):
        table.add_row(key, str(s[key]))
    (console or Console()).print(table)
