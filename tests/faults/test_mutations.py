"""1,040 mutated HTML pages (tests/faults/mutations.py) through `drugpages extract`: every page is exactly one
row, and every mutant that keeps its article (NULs, wrong charsets, deep or unclosed nesting, stray markup)
gives that article's title, drug and uses."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from extract import extract_page
from output import load
from tests.conftest import drugpages
from tests.faults.damaged_warcs import http_response, member, warc_record
from tests.faults.mutations import ARTICLES, MUTATIONS, article, mutants


def _facts(title: str | None, drug: str | None, uses: set[str]) -> tuple[str | None, str | None, frozenset[str]]:
    return title, drug, frozenset(uses)


def test_every_mutant_is_one_row_and_kept_articles_come_out_whole(tmp_path: Path) -> None:
    pages = mutants()
    assert len(pages) >= 1000
    assert Counter(m.kind for m in pages).keys() == {name for name, _, _ in MUTATIONS}
    expected = {}
    for drug in ARTICLES:
        url = f"http://drugs.emedtv.com/{drug}/what-is-{drug}-used-for.html"
        record = extract_page(url, article(drug).encode(), {"content-type": "text/html; charset=utf-8"}).record
        assert record is not None and record.drug == drug and record.uses
        expected[drug] = _facts(record.title, record.drug, {u.condition for u in record.uses})
    warc = tmp_path / "mutants.warc.gz"
    warc.write_bytes(b"".join(member(warc_record("response", m.url, http_response(
        b"HTTP/1.1 200 OK", [("Content-Type", m.content_type)], m.body))) for m in pages))
    out = tmp_path / "out"
    proc = drugpages("extract", str(warc), "--out", str(out), "--workers", "2", timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    found, errors, skips = (load(str(out), t) for t in ("pages", "errors", "skips"))
    rows = [*found["url"], *errors["url"], *skips["url"]]
    assert sorted(rows) == sorted(m.url for m in pages)  # each mutant exactly once
    assert json.loads(load(str(out), "runs")["counts"].iloc[0])["warc_responses"] == len(pages)
    uses = load(str(out), "uses").groupby("url")["condition"].agg(set).to_dict()
    by_url = found.set_index("url")
    lost = []
    for m in pages:
        if not m.keeps:
            continue
        if m.url not in by_url.index:
            lost.append((m.kind, "no page row"))
            continue
        row = by_url.loc[m.url]
        got = _facts(row["title"], row["drug"], uses.get(m.url, set()))
        if got != expected[m.base]:
            lost.append((m.kind, got))
    assert not lost, Counter(kind for kind, _ in lost).most_common()
