"""The end-of-run table a person reads after ``crawl``, ``extract`` and ``demo``."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from output.summary import run_summary


def print_summary(root: str, run_id: str, console: Console | None = None) -> None:
    s = run_summary(root, run_id)
    table = Table(title=f"drugpages run {s['run_id']}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for page_type, n in s["pages_by_type"].items():
        table.add_row(f"pages: {page_type}", str(n))
    for key, n in s["fields"].items():
        table.add_row(key.replace("_", " "), str(n))
    for key in ("drugs", "errors", "skips"):
        table.add_row(key, str(s[key]))
    (console or Console()).print(table)
