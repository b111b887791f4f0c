"""Runs over time: stable ids, idempotent re-extraction, the latest view, the drugs view, schema evolution."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from drugpages.commands.extract import extract
from output import load, run_ids
from output.ids import canonical_url, page_id
from output.query import connect, fetch
from output.schema import read_schema, schema_for
from output.warc import WarcSink
from tests.conftest import MIRROR_ROOT, drugpages

CHANGED = "http://blood-pressure.emedtv.com/lisinopril/what-is-lisinopril-used-for.html"
ADDED = "Lisinopril is sometimes used off-label for treating frostbite."
RECORD_COLUMNS = {
    "pages": ["page_id", "snapshot_id", "url", "drug", "drug_class", "text", "content_sha256", "fetched_at"],
    "uses": ["url", "use_type", "condition", "evidence", "start", "end"],
    "brand_names": ["url", "brand_name", "start", "end"],
    "co_medications": ["url", "co_medication", "start", "end"],
    "links": ["url", "kind", "target_url", "anchor_text"],
}


def _sorted(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame[columns].sort_values(columns).reset_index(drop=True)


@pytest.fixture(scope="module")
def three_runs(crawled: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Two extractions of the crawl's WARC, then one of a WARC holding a newer copy of one page."""
    out = tmp_path_factory.mktemp("runs") / "ds"
    first = extract([str(crawled / "warc")], str(out), workers=2)["run_id"]
    second = extract([str(crawled / "warc")], str(out), workers=2)["run_id"]
    warc = tmp_path_factory.mktemp("warc")
    body = (MIRROR_ROOT / CHANGED.removeprefix("http://")).read_text()
    body = body.replace("</h1>", f"</h1><p>{ADDED}</p>", 1).encode()
    sink = WarcSink(warc, "changed")
    later = datetime.now(UTC) + timedelta(days=1)
    sink.write_response(CHANGED, 200, "OK", [("Content-Type", "text/html; charset=utf-8")], body, later)
    sink.close()
    third = extract([str(warc)], str(out), workers=1)["run_id"]
    return out, [first, second, third]


def test_ids_come_from_the_canonical_url_and_the_content() -> None:
    assert canonical_url("HTTP://Drugs.EMEDTV.com:80/a.html#top") == "http://drugs.emedtv.com/a.html"
    assert page_id("http://drugs.emedtv.com/a.html") == page_id("HTTP://drugs.emedtv.com:80/a.html#x")
    assert page_id("http://drugs.emedtv.com/a.html") != page_id("http://drugs.emedtv.com/b.html")


def test_re_extracting_the_same_warc_gives_the_same_rows(three_runs: tuple[Path, list[str]], crawled: Path) -> None:
    out, (first, second, _) = three_runs
    for table, columns in RECORD_COLUMNS.items():
        a, b = load(str(out), table, first), load(str(out), table, second)
        assert len(a) > 0
        pd.testing.assert_frame_equal(_sorted(a, columns), _sorted(b, columns))
    crawl = load(str(crawled), "pages").set_index("url")
    again = load(str(out), "pages", first).set_index("url")
    assert (crawl.loc[again.index, "snapshot_id"] == again["snapshot_id"]).all()


def test_latest_has_the_newest_snapshot_of_every_page_once(three_runs: tuple[Path, list[str]]) -> None:
    out, (first, second, third) = three_runs
    every = load(str(out), "pages", "all")
    latest = load(str(out), "latest", "all")
    assert not latest["page_id"].duplicated().any()
    assert set(latest["page_id"]) == set(every["page_id"])
    by_url = latest.set_index("url")
    assert by_url.loc[CHANGED, "run_id"] == third
    assert ADDED in by_url.loc[CHANGED, "text"]
    old = load(str(out), "pages", second).set_index("url")
    assert by_url.loc[CHANGED, "snapshot_id"] != old.loc[CHANGED, "snapshot_id"]
    # every other page: the later of two identical extractions
    assert set(by_url.drop(CHANGED)["run_id"]) == {second}
    # rows of the child tables follow their page's snapshot, without duplicates
    uses = load(str(out), "latest_uses", "all")
    rows = uses.drop(columns="run_id").map(lambda v: v if isinstance(v, str) or not hasattr(v, "__len__") else tuple(v))
    assert not rows.duplicated().any()  # list columns (condition_mesh_tree) compared as tuples
    assert set(uses[uses.url == CHANGED]["run_id"]) == {third}
    assert "frostbite" in set(uses[uses.url == CHANGED]["condition"].str.lower())
    second_uses = load(str(out), "uses", second)
    assert len(uses) == (second_uses.url != CHANGED).sum() + len(load(str(out), "uses", third))
    assert load(str(out), "runs", "latest")["run_id"].tolist() == [third]


def test_drugs_aggregate_every_page_with_its_urls(three_runs: tuple[Path, list[str]]) -> None:
    out = three_runs[0]
    drugs = load(str(out), "drugs", "all").set_index("drug_key")
    assert drugs.index.is_unique
    pages = load(str(out), "latest", "all")
    uses = load(str(out), "latest_uses", "all").merge(pages[["url", "drug"]], on="url", suffixes=("_row", ""))
    about = pages.dropna(subset=["drug"]).groupby("drug")["url"].apply(set)
    for drug, urls in about.items():
        row = drugs[drugs["drug"] == drug].iloc[0]
        assert set(row["page_urls"]) >= urls
        for kind, use_type in (("approved_uses", "approved"), ("off_label_uses", "off_label")):
            got = {u for item in row[kind] for u in item["urls"]}
            want = set(uses[(uses.drug == drug) & (uses.use_type == use_type)]["url"])
            assert got == want, (drug, kind)
    lisinopril = drugs[drugs["drug"] == "lisinopril"].iloc[0]
    frost = [v for v in lisinopril["off_label_uses"] if "frostbite" in v["value"]]
    assert [list(v["urls"]) for v in frost] == [[CHANGED]]


def _old_run(out: Path, source_run: str) -> str:
    """A run as a schema-1 writer would have left it: pages without snapshot_id and article_url."""
    old = "20000101T000000Z-schema1"
    for table in ("pages", "runs"):
        src = next((out / "_history" / table / f"run_id={source_run}").glob("part-*.parquet"))
        data = pq.read_table(src)
        if table == "pages":
            data = data.drop_columns(["snapshot_id", "article_url"])
        data = data.replace_schema_metadata({"drugpages.schema_version": "1", "drugpages.table": table})
        (out / "_history" / table / f"run_id={old}").mkdir()
        pq.write_table(data, out / "_history" / table / f"run_id={old}" / "part-00000.parquet", compression="zstd")
    return old


def test_a_run_with_an_older_schema_reads_with_newer_runs(three_runs: tuple[Path, list[str]],
                                                          tmp_path: Path) -> None:
    src, (first, _, _) = three_runs
    out = tmp_path / "ds"
    shutil.copytree(src, out)
    old = _old_run(out, first)
    old_file = next((out / "_history" / "pages" / f"run_id={old}").glob("*.parquet"))
    assert "snapshot_id" not in pq.read_schema(old_file).names
    both = load(str(out), "pages", "all")
    assert set(both["run_id"]) == {old, *run_ids(str(src))}
    assert both[both.run_id == old]["snapshot_id"].isna().all()
    assert both[both.run_id != old]["snapshot_id"].notna().all()
    assert load(str(out), "pages", old)["url"].tolist() == load(str(out), "pages", first)["url"].tolist()
    # the documented ways for pandas and DuckDB alone, over every run's history
    frame = pd.read_parquet(out / "_history" / "pages", schema=read_schema("pages"))
    assert len(frame) == len(both) and frame["snapshot_id"].isna().sum() == (both.run_id == old).sum()
    n = duckdb.sql(f"SELECT count(*) FILTER (WHERE snapshot_id IS NULL), count(*) FROM read_parquet("
                   f"'{out}/_history/pages/*/*.parquet', hive_partitioning = true, union_by_name = true)").fetchall()[0]
    assert n == ((both.run_id == old).sum(), len(both))
    # and the views: the old run is older, so it never wins the latest view
    latest = fetch(connect(str(out), "all"), "SELECT run_id, count(*) FROM latest GROUP BY ALL").to_pylist()
    assert old not in {r["run_id"] for r in latest}
    proc = drugpages("query", str(out), "SELECT run_id, count(*) AS n FROM pages GROUP BY run_id", "--run", "all",
                     "--format", "json")
    assert proc.returncode == 0, proc.stderr
    counts = {json.loads(line)["run_id"]: json.loads(line)["n"] for line in proc.stdout.splitlines()}
    assert counts[old] == counts[first]


def test_the_writer_schema_is_a_prefix_of_the_read_schema() -> None:
    for table in ("pages", "uses"):
        assert read_schema(table).names == [*schema_for(table).names, "run_id"]
        assert read_schema(table).field("run_id").type == pa.string()
