"""The damaged-WARC corpus (tests/faults/damaged_warcs.py): every good record comes out, every bad one is named
by file, offset and reason, and input that is no WARC at all is refused before any run starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from drugpages.cli import main
from output import load
from output.warc import BadRecord, Capture, ReadStats, read_records
from tests.conftest import REPO, drugpages

LIMIT = 1 << 20  # the corpus is built for `extract --max-bytes` of 1 MiB; its bombs inflate to 64 MiB


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The corpus as the script writes it."""
    out = tmp_path_factory.mktemp("corpus")
    proc = subprocess.run([sys.executable, "-m", "tests.faults.damaged_warcs", str(out), "--limit", str(LIMIT)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return out, json.loads((out / "manifest.json").read_text())


def test_the_corpus_has_every_kind_of_damage(corpus: tuple[Path, dict[str, Any]]) -> None:
    _, manifest = corpus
    kinds = {bad["error_type"] for f in manifest["files"].values() for bad in f["bad"]}
    assert kinds == {"BadHttpResponse", "BadWarcHeader", "BadContentEncoding", "BadGzip", "NotWarc",
                     "RecordTooLarge", "TruncatedRecord"}
    cuts = [name for name in manifest["files"] if name.startswith("cut-")]
    assert len(cuts) >= 30  # at, just past and in the middle of every record boundary, gzip and plain
    assert len(manifest["files"]["mixed.warc.gz"]["good"]) == 375


def test_the_reader_gives_every_good_record_and_names_every_bad_one(corpus: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = corpus
    for name, expect in manifest["files"].items():
        good: list[str] = []
        bad: list[BadRecord] = []
        for item in read_records([root / "warcs" / name], ReadStats(), LIMIT):
            if isinstance(item, Capture):
                good.append(item.url)
            else:
                bad.append(item)
        assert sorted(good) == sorted(expect["good"]), name
        assert sorted((b.offset, b.error_type) for b in bad) == sorted(
            (b["offset"], b["error_type"]) for b in expect["bad"]), name
        named = {(b.offset, b.url) for b in bad}
        assert all((b["offset"], b["url"]) in named for b in expect["bad"] if b["url"]), name


def test_extract_over_the_corpus_accounts_for_every_record(corpus: tuple[Path, dict[str, Any]],
                                                           tmp_path: Path) -> None:
    root, manifest = corpus
    out = tmp_path / "out"
    proc = drugpages("extract", str(root / "warcs"), "--out", str(out), "--max-bytes", str(LIMIT), "--workers", "2")
    assert proc.returncode == 0, proc.stderr[-3000:]
    pages, errors, skips = (load(str(out), t) for t in ("pages", "errors", "skips"))
    row_of = {**dict.fromkeys(pages["url"], "page"), **dict.fromkeys(skips["url"], "skip"),
              **dict.fromkeys(errors.loc[errors["stage"] != "read", "url"], "error")}
    read_errors = errors[errors["stage"] == "read"]
    good = {url: kind for f in manifest["files"].values() for url, kind in f["good"].items()}
    assert {url: row_of.get(url) for url in good} == good  # every good record, as the row it must be
    named = {(m.split(" at offset ")[0], int(m.split(" at offset ")[1].split(":")[0]), e, u)
             for m, e, u in zip(read_errors["message"], read_errors["error_type"], read_errors["url"], strict=True)}
    for name, expect in manifest["files"].items():
        path = str(root / "warcs" / name)
        for bad in expect["bad"]:
            assert any(p == path and o == bad["offset"] and e == bad["error_type"]
                       and (bad["url"] is None or u == bad["url"]) for p, o, e, u in named), (name, bad)
    n_bad = sum(len(f["bad"]) for f in manifest["files"].values())
    n_good = sum(len(f["good"]) for f in manifest["files"].values())  # the cut files share their records' URLs
    assert len(read_errors) == n_bad
    assert len(pages) + len(errors) + len(skips) == n_good + n_bad  # nothing else, nothing twice
    counts = json.loads(load(str(out), "runs")["counts"].iloc[0])
    assert counts["warc_bad_records"] == n_bad and counts["warc_responses"] == n_good


@pytest.mark.parametrize("name", ["random.warc.gz", "notes.txt", "empty.warc", "text.warc.gz", "empty-folder"])
def test_input_that_is_no_warc_is_refused(corpus: tuple[Path, dict[str, Any]], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str], name: str) -> None:
    root, manifest = corpus
    assert name in manifest["not_warc"]
    target = root / "not-warc" / name
    code = main(["extract", str(root / "warcs" / "encodings.warc.gz"), str(target), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and str(target) in err, err


def test_input_that_is_no_warc_is_refused_in_a_real_process(corpus: tuple[Path, dict[str, Any]],
                                                            tmp_path: Path) -> None:
    root, _ = corpus
    target = root / "not-warc" / "image.png"
    out = tmp_path / "out"
    proc = drugpages("extract", str(root / "warcs" / "encodings.warc.gz"), str(target), "--out", str(out))
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert str(target) in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists()  # a run that never started leaves nothing behind
