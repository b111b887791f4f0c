"""A folder that is not a dataset, an unknown run, a corrupt part file: one clear line naming the path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from output import DatasetError, load
from tests.conftest import drugpages


def _query(root: Path | str, sql: str = "SELECT count(*) FROM pages", *extra: str) -> str:
    proc = drugpages("query", str(root), sql, *extra)
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    return proc.stderr


def test_a_folder_that_is_not_a_dataset(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    assert f"{tmp_path}: not a drugpages dataset" in _query(tmp_path)
    assert f"{tmp_path / 'nope'}: no such folder" in _query(tmp_path / "nope")
    with pytest.raises(DatasetError, match="not a drugpages dataset"):
        load(str(tmp_path), "pages")


def test_an_unknown_run_id(crawled: Path) -> None:
    stderr = _query(crawled, "SELECT 1", "--run", "20200101T000000Z-nosuch")
    assert "no complete run '20200101T000000Z-nosuch'" in stderr and str(crawled) in stderr
    with pytest.raises(DatasetError, match="nosuch"):
        load(str(crawled), "uses", "20200101T000000Z-nosuch")


def test_an_unknown_table_and_bad_sql(crawled: Path) -> None:
    assert "query failed" in _query(crawled, "SELECT * FROM no_such_table")
    with pytest.raises(DatasetError, match="unknown table 'no_such_table'"):
        load(str(crawled), "no_such_table")


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_part_file_is_named(crawled: Path, tmp_path: Path, damage: str) -> None:
    out = tmp_path / "ds"
    shutil.copytree(crawled, out, ignore=shutil.ignore_patterns("warc"))
    part = next((out / "_history" / "uses").glob("run_id=*/part-*.parquet"))
    data = part.read_bytes()
    part.write_bytes(b"not parquet at all" * 20 if damage == "garbage" else data[: len(data) // 2])
    stderr = _query(out, "SELECT condition FROM uses")
    assert f"{part}: not a readable Parquet file" in stderr
    with pytest.raises(DatasetError, match="not a readable Parquet file") as info:
        load(str(out), "uses")
    assert str(part) in str(info.value)
    assert len(load(str(out), "pages")) > 0  # the other tables still read
