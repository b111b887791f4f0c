"""Helpers of the production-crawl tests: a private copy of the mirror, served on 127.0.0.1, and a crawl of it."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from output import load
from tests.conftest import FAST, MIRROR_ROOT, drugpages

__all__ = ["FAST", "copy_mirror", "crawl", "run_counts", "warc_records"]


def copy_mirror(tmp: Path) -> Path:
    """A copy of the bundled mirror (file times kept, so Last-Modified stays that of the bundle)."""
    root = tmp / "mirror"
    shutil.copytree(MIRROR_ROOT, root)
    return root


def crawl(out: Path, mirror: str, *args: str) -> subprocess.CompletedProcess[str]:
    return drugpages("crawl", "emedtv", "--out", str(out), "--mirror", mirror, *FAST, *args)


def run_counts(out: Path, run: str = "latest") -> dict:
    return json.loads(load(str(out), "runs", run=run)["counts"].iloc[0])


def warc_records(out: Path, run_id: str) -> Counter[tuple[str, str]]:
    """(record type, target URL) → how many records of that run's WARC files."""
    found: Counter[tuple[str, str]] = Counter()
    for path in sorted((out / "warc").glob(f"{run_id}-*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                found[(record.rec_type, record.rec_headers.get_header("WARC-Target-URI"))] += 1
    return found
