"""The schema module, the files written and docs/DATA.md agree; the documented examples run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from output import load
from output.docs import DOC_PATH, EXAMPLES, generate
from output.query import connect, fetch
from output.schema import SCHEMA_VERSION, TABLE_DOCS, TABLES, VIEWS, schema_for
from tests.conftest import drugpages


def test_data_md_is_generated_from_the_schemas() -> None:
    assert set(TABLE_DOCS) >= set(TABLES), "every table needs a description in output.schema.TABLE_DOCS"
    assert DOC_PATH.read_text() == generate(), "docs/DATA.md is stale: run python -m output.docs"
    text = DOC_PATH.read_text()
    for name, schema in {**TABLES, **VIEWS}.items():
        assert f"### `{name}`" in text
        for field in schema:
            assert f"| `{field.name}` |" in text


def test_every_file_has_its_table_schema_and_version(crawled: Path) -> None:
    for table in TABLES:
        files = sorted([*(crawled / table).glob("run_id=*/part-*.parquet"),
                        *(crawled / "_history" / table).glob("run_id=*/part-*.parquet")])
        assert files, table
        for file in files:
            written = pq.read_schema(file)
            assert written.remove_metadata().equals(schema_for(table).remove_metadata()), file
            assert written.metadata[b"drugpages.schema_version"] == SCHEMA_VERSION.encode()
            assert written.metadata[b"drugpages.table"] == table.encode()
            meta = pq.ParquetFile(file).metadata
            assert all(meta.row_group(i).column(0).compression == "ZSTD" for i in range(meta.num_row_groups))


def test_list_columns_of_the_drugs_view_have_the_documented_types(crawled: Path) -> None:
    drugs = fetch(connect(str(crawled)), "SELECT * FROM drugs", view="drugs")
    assert drugs.schema.equals(VIEWS["drugs"])
    assert drugs.num_rows > 0


def test_documented_examples_run_on_a_crawl(crawled: Path) -> None:
    con = connect(str(crawled))
    for name, (pandas_code, sql) in EXAMPLES.items():
        scope = {"load": load, "DIR": str(crawled), "pd": pd}
        *body, last = pandas_code.splitlines()
        exec("\n".join(body), scope)  # noqa: S102 - our own documented example
        result = eval(last, scope)  # noqa: S307
        assert len(result) > 0, name
        assert fetch(con, sql).num_rows > 0, name


def test_query_cli_answers_the_psoriasis_question_with_its_pages(crawled: Path) -> None:
    uses = load(str(crawled), "uses")
    expected = uses[(uses.use_type == "off_label") & uses.condition.str.contains("psoriasis", case=False)]
    assert len(expected) > 0
    sql = EXAMPLES["drugs"][1]
    proc = drugpages("query", str(crawled), sql, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    got = pd.read_json(__import__("io").StringIO(proc.stdout), lines=True)
    assert set(got["drug"]) == set(expected["drug"])
    urls = {u for row in got["urls"] for u in row}
    assert urls == set(expected["url"])
