"""``drugpages query DIR "SQL"``: DuckDB over every table of a dataset, as views.

Tables are registered as pyarrow datasets (so any filesystem pyarrow reads,
object storage included, works without DuckDB extensions), restricted to
complete runs and read with the current schema. Views on top: ``latest``,
``latest_<table>`` and ``drugs`` (see docs/DATA.md).
"""

from __future__ import annotations

import pyarrow as pa

from output.drugs import drugs_sql
from output.parts import DatasetError, find_corrupt, resolve_runs, table_dataset
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


def connect(root: str, run: str | None = "latest", degraded: bool = False) -> Connection:
    """Views over the complete runs ``run`` selects: 'latest' (default: the current runs), 'all' or a run id."""
    return Connection(root, resolve_runs(root, run, degraded))


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
