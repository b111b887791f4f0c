"""``drugpages query DIR "SQL"``: DuckDB over every table of a dataset, as views.

Tables are registered as pyarrow datasets (so any filesystem pyarrow reads,
object storage included, works without DuckDB extensions), restricted to
complete runs and read with the current schema. Views on top: ``latest``,
``latest_<table>`` and ``drugs`` (see docs/DATA.md).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import pyarrow as pa

from output.drugs import drugs_sql
from output.reader import DatasetError, find_corrupt, resolve_runs, table_dataset
from output.schema import TABLES, VIEWS

CHILD_TABLES = ("brand_names", "uses", "co_medications", "links")
LATEST_SQL = """
CREATE VIEW latest AS
SELECT p.* FROM pages AS p LEFT JOIN runs AS r ON r.run_id = p.run_id
QUALIFY row_number() OVER (PARTITION BY p.page_id
                           ORDER BY p.fetched_at DESC, r.started_at DESC NULLS LAST, p.run_id DESC) = 1
"""


class Connection:
    """A DuckDB connection with the dataset's views, and the runs it covers (for error messages)."""

    def __init__(self, root: str, runs: list[str]) -> None:
        import duckdb  # imported here: every drugpages command loads this module, few run SQL

        self.root, self.runs = root, runs
        self.db = duckdb.connect()
        for table in TABLES:
            self.db.register(table, table_dataset(root, table, runs))
        self.db.execute(LATEST_SQL)
        for table in CHILD_TABLES:
            self.db.execute(f"CREATE VIEW latest_{table} AS SELECT DISTINCT c.* FROM {table} AS c "
                            "SEMI JOIN latest AS p ON c.url = p.url AND c.run_id = p.run_id")
        self.db.execute(f"CREATE VIEW drugs AS {drugs_sql()}")


def connect(root: str, run: str | None = "all") -> Connection:
    """Views over the complete runs ``run`` selects: 'all' (default), 'latest' or a run id."""
    return Connection(root, resolve_runs(root, run))


def fetch(con: Connection, sql: str, root: str | None = None, view: str | None = None) -> pa.Table:
    """Run SQL; a corrupt part file or an SQL error becomes a DatasetError that names it."""
    import duckdb

    try:
        relation = con.db.sql(sql)
        result = relation.to_arrow_table() if relation is not None else pa.table({})
    except duckdb.Error as exc:
        for table in TABLES:
            problem = find_corrupt(con.root, table, con.runs)
            if problem:
                raise DatasetError(problem) from None
        raise DatasetError(f"query failed: {str(exc).splitlines()[0]}") from None
    if view in VIEWS:
        result = result.cast(VIEWS[view])
    return result


def _print(table: pa.Table, fmt: str) -> None:
    frame = table.to_pandas()
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        frame.to_json(sys.stdout, orient="records", lines=True, date_format="iso", force_ascii=False)
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                               "display.max_colwidth", 80):
            print(frame.to_string(index=False) if len(frame) else "(no rows)")


def run_query(args: argparse.Namespace) -> int:
    from crawler.cli import EXIT_OK, EXIT_USAGE

    try:
        con = connect(args.dir, args.run)
        table = fetch(con, args.sql)
    except DatasetError as exc:
        print(f"drugpages: {exc}", file=sys.stderr)  # one unwrapped line: the path stays whole
        return EXIT_USAGE
    _print(table, args.format)
    return EXIT_OK


def add_parsers(subparsers: Any) -> None:
    p = subparsers.add_parser("query", help="run DuckDB SQL over a dataset's tables and views")
    p.add_argument("dir", help="dataset folder or URI (s3://bucket/prefix?endpoint_override=...)")
    p.add_argument("sql")
    p.add_argument("--run", default="all", help="'all' (default), 'latest' or a run id")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=run_query)
