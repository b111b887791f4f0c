"""Typed columns: integers read as integers, times as times, one run_id type, links keyed by their position."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from output import load
from output.docs import DOC_PATH


def test_columns_read_with_their_types_through_pandas_and_load(crawled: Path) -> None:
    plain, loaded = pd.read_parquet(crawled / "pages"), load(str(crawled), "pages")
    for frame in (plain, loaded):
        assert str(frame["drug_class_start"].dtype) == str(frame["drug_class_end"].dtype) == "Int32"
        assert frame["drug_class_start"].notna().any() and frame["drug_class_start"].isna().any()
        assert str(frame["last_modified_at"].dtype) == "datetime64[us, UTC]"
        assert frame["last_modified_at"].notna().all() and (frame["last_modified_at"] <= frame["fetched_at"]).all()
        assert str(frame["confidence"].dtype) == "float64"
        assert str(frame["run_id"].dtype) == "category"
    assert all(len(repr(float(c))) <= 5 for c in loaded["confidence"].dropna())  # 0.9, not 0.8999999761581421
    with_class = loaded.dropna(subset=["drug_class_start"])
    for row in with_class.itertuples():
        assert row.text[row.drug_class_start:row.drug_class_end].lower() == row.drug_class.lower()


def test_links_have_a_position_and_no_duplicate_rows(crawled: Path) -> None:
    links = pd.read_parquet(crawled / "links")
    assert str(links["position"].dtype) == "Int32"
    assert not links.duplicated().any()
    for _, group in links.groupby("url"):
        assert sorted(group["position"]) == list(range(len(group)))
    # the same link twice on a page is two rows that differ only in their position
    twice = links.duplicated(subset=["url", "kind", "target_url", "anchor_text"], keep=False)
    assert twice.any()


def test_data_md_says_which_way_each_link_kind_points() -> None:
    text = DOC_PATH.read_text()
    assert "target_url → url" in text and "(url → target_url)" in text
