"""``drugpages query DIR "SQL"``: DuckDB over a dataset's tables and views, printed as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pyarrow as pa

from drugpages import exits
from output.parts import DatasetError
from output.query import connect, fetch


def _json_value(value: Any) -> Any:
    """Times as ISO 8601 text; everything else as JSON has it (nulls as null, never NaN)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value) if isinstance(value, bytes | timedelta) else value


def _print(table: pa.Table, fmt: str) -> None:
    if fmt == "json":  # one object per line, from Arrow: nulls stay null, '/' is not escaped
        for row in table.to_pylist():
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=_json_value) + "\n")
        return
    frame = table.to_pandas()
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                               "display.max_colwidth", 80):
            print(frame.to_string(index=False) if len(frame) else "(no rows)")


def run_query(args: argparse.Namespace) -> int:
    try:
        con = connect(args.dir, args.run, args.include_degraded)
        table = fetch(con, args.sql)
    except DatasetError as exc:
        return exits.usage_error("", exc)  # one unwrapped line: the path stays whole
    _print(table, args.format)
    return exits.OK


def add_parsers(subparsers: Any) -> None:
    p = subparsers.add_parser("query", help="run DuckDB SQL over a dataset's tables and views")
    p.add_argument("dir", help="dataset folder or URI (s3://bucket/prefix?endpoint_override=...)")
    p.add_argument("sql", help="DuckDB SQL over the tables (pages, uses, runs, ...) and views (latest, drugs, ...)")
    p.add_argument("--run", default="latest",
                   help="'latest' (default: the current data, the newest succeeded run of each site), "
                        "'all' (every run) or a run id")
    p.add_argument("--include-degraded", action="store_true",
                   help="with --run latest: a degraded run (finished, a monitor failed) may be the latest of its site")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default: aligned text), csv (with a header), json (one object per line)")
    p.set_defaults(handler=run_query)
