"""Generates docs/DATA.md from output.schema: the data dictionary cannot drift from the code.

``python -m output.docs`` rewrites the file; a test fails when it is stale.
The examples are run by the tests against a real crawl, so they stay correct.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa

from output.schema import SCHEMA_VERSION, TABLE_DOCS, TABLES, VIEW_DOCS, VIEWS, read_schema

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "DATA.md"

# table or view → (pandas example, DuckDB example for `drugpages query DIR "..."`)
EXAMPLES: dict[str, tuple[str, str]] = {
    "pages": ('pages = load(DIR, "pages")\npages.groupby("page_type").size()',
              "SELECT page_type, count(*) AS n FROM pages GROUP BY page_type ORDER BY n DESC"),
    "brand_names": ('b = load(DIR, "brand_names")\nb.groupby("drug")["brand_name"].unique()',
                    "SELECT drug, list(DISTINCT brand_name) AS brands FROM brand_names GROUP BY drug"),
    "uses": ('u = load(DIR, "uses")\nu[u.use_type.eq("off_label") & u.condition.str.contains("psoriasis", case=False)]'
             '[["drug", "condition", "url", "evidence"]]',
             "SELECT drug, condition, url, evidence FROM uses "
             "WHERE use_type = 'off_label' AND condition ILIKE '%psoriasis%'"),
    "co_medications": ('c = load(DIR, "co_medications")\nc.groupby(["drug", "co_medication"]).size()',
                       "SELECT drug, co_medication, count(*) AS mentions FROM co_medications GROUP BY ALL"),
    "links": ('links = load(DIR, "links")\nlinks[links.kind == "referring"][["url", "target_url"]]',
              "SELECT url, target_url FROM links WHERE kind = 'referring'"),
    "errors": ('load(DIR, "errors").groupby("error_type").size()',
               "SELECT error_type, count(*) AS n FROM errors GROUP BY error_type"),
    "skips": ('load(DIR, "skips").groupby("reason").size()',
              "SELECT reason, count(*) AS n FROM skips GROUP BY reason"),
    "runs": ('runs = load(DIR, "runs", run="all")\nruns[["run_id", "site", "status", "failed_monitors", "started_at"]]',
             "SELECT run_id, site, status, reason, failed_monitors, finished_at - started_at AS took FROM runs "
             "ORDER BY run_id  -- with --run all: every run"),
    "latest": ('latest = load(DIR, "latest", run="all")\nlatest[["page_id", "url", "run_id", "fetched_at"]]',
               "SELECT url, run_id, fetched_at FROM latest ORDER BY url"),
    "drugs": ('drugs = load(DIR, "drugs", run="all")\n'
              'off = drugs.explode("off_label_uses").dropna(subset=["off_label_uses"])\n'
              'off[off.off_label_uses.map(lambda v: "psoriasis" in v["value"].lower())]',
              "SELECT drug, u.value AS condition, u.urls FROM drugs, unnest(off_label_uses) AS t(u) "
              "WHERE u.value ILIKE '%psoriasis%'"),
}

INTRO = f"""# drugpages data dictionary

Generated from `output/schema.py` by `python -m output.docs`; do not edit by hand
(a test fails when this file and the schemas disagree). Schema version
**{SCHEMA_VERSION}**, stored in every Parquet file's metadata as
`drugpages.schema_version` (and the table name as `drugpages.table`).

## Layout

```
DIR/<table>/run_id=<run id>/part-<n>.parquet            the current data: the runs now in force
DIR/_history/<table>/run_id=<run id>/part-<n>.parquet   every complete run, as written
DIR/_history/runs/run_id=<run id>/part-00000.parquet    a run's manifest row, written last
DIR/_runs/<run id>/                                     run.json (how it started, how it ended), checkpoint, monitors
DIR/warc/<run id>-<n>.warc.gz                           raw captures of a crawl
```

`DIR` is a local folder or any URI pyarrow opens, e.g.
`s3://bucket/prefix?endpoint_override=host:9000&scheme=http` (credentials from the
usual `AWS_*` environment variables). Run ids start with their UTC start time, so
they sort by age.

**Current data and history.** Every run ends `succeeded`, `degraded` (a monitor
failed) or `failed` (stopped, or no page): see `runs.status`. The *current* runs are
the newest succeeded run of each site (`runs.site`: a crawl's spider site, an
extract's page sites). `DIR/<table>/` holds exactly their files (hard links of the
history's, copies on object storage), so every reader gives the same rows:
`pandas.read_parquet("DIR/uses")`, `output.load(DIR, "uses")`, `drugpages query DIR
"... FROM uses"` and DuckDB's `read_parquet('DIR/uses/*/*.parquet', hive_partitioning = true)`.
Every run stays readable: `load(DIR, table, run="all")` or `run=ID`, `drugpages query
--run all|ID`, `pandas.read_parquet("DIR/_history/uses")`. A failed or degraded run never
replaces the current data (`load(..., degraded=True)` and `query --include-degraded` let a
degraded run count). pyarrow and pandas skip names that start with `_` or `.`, folders
and files alike.

**Atomic runs.** Part files are written as `_part-<n>.parquet.inprogress` (a
name that neither pyarrow/pandas, which skip a leading `_`, nor a `*.parquet` glob
reads) and renamed when complete; the run's `runs` row is written after every
part is in place, and only then are the current folders updated (new run in,
replaced run out). A killed run leaves no file a reader takes as data.
`output.load` and `drugpages query` also read only runs that have a manifest.

**Stable ids.** `page_id` is the sha1 of the canonical URL (lower-case scheme and
host, no default port, no fragment); `snapshot_id` is the sha1 of `page_id` and
the body's sha256. Neither depends on the run, so re-extracting the same WARC
gives the same rows.

**Schema evolution.** Columns are only added. Read with the current schema and
files from older runs give nulls in the new columns: `output.load` does this,
`drugpages query` too; with pandas alone pass it:
`pd.read_parquet(f"{{DIR}}/_history/pages", schema=output.schema.read_schema("pages"))`;
with DuckDB alone use `read_parquet('DIR/_history/pages/*/*.parquet', hive_partitioning = true, union_by_name = true)`.

## Reading

```python
from output import load                      # DataFrames
pages = load(DIR, "pages")                   # the current data, as pandas.read_parquet("DIR/pages")
uses = load(DIR, "uses", run="all")          # every complete run (run_id column)
drugs = load(DIR, "drugs", run="all")        # a view, built over the latest snapshots
```

```bash
drugpages query DIR "SELECT ... FROM uses ..."   # DuckDB; --run latest (default)|all|ID, --format table|csv|json
```

`drugpages query` registers every table below (the runs `--run` selects) and the
views `latest`, `latest_<table>` and `drugs`. Errors (a folder that is not a
dataset, an unknown run id, a corrupt part file) are one line naming the path,
exit code 2.
"""


def _type(t: pa.DataType) -> str:
    return str(t).replace("timestamp[us, tz=UTC]", "timestamp (UTC)").replace("<item: ", "<").replace(
        "element: ", "")


def _columns(schema: pa.Schema) -> list[str]:
    lines = ["| column | type | null | meaning |", "|---|---|---|---|"]
    for field in schema:
        doc = (field.metadata or {}).get(b"doc", b"").decode()
        lines.append(f"| `{field.name}` | `{_type(field.type)}` | {'yes' if field.nullable else 'no'} | {doc} |")
    return lines


def _examples(name: str) -> list[str]:
    if name not in EXAMPLES:
        return []
    pandas_code, sql = EXAMPLES[name]
    return ["", "```python", pandas_code, "```", "", "```sql", sql, "```"]


def generate() -> str:
    out = [INTRO, "## Tables", ""]
    for name in TABLES:
        description = TABLE_DOCS.get(name, "(not described yet)")
        out += [f"### `{name}`", "", description, "", *_columns(read_schema(name)), *_examples(name), ""]
    out += ["## Views", "", "Built by the readers from the tables above; nothing of them is stored.", ""]
    for name, doc in VIEW_DOCS.items():
        out += [f"### `{name}`", "", doc, ""]
        if name in VIEWS:
            out += [*_columns(VIEWS[name]), "",
                    "Each `value` list item is `{value, urls}`: the value and the pages that support it."]
        out += [*_examples(name), ""]
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    DOC_PATH.write_text(generate())
    print(f"wrote {DOC_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
