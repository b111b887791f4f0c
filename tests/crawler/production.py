"""Helpers of the production-crawl tests: a private copy of the mirror, served on 127.0.0.1, and a crawl of it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from output import load
from tests.conftest import FAST, MIRROR_ROOT, drugpages

__all__ = ["FAST", "copy_mirror", "crawl", "edit_mirror", "run_counts", "warc_records"]


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


DRUGS = "drugs.emedtv.com"
CHANGED = f"http://{DRUGS}/tacrolimus/what-is-tacrolimus-used-for-p2.html"
INDEX = f"http://{DRUGS}/drugs/a-z.html"
GONE = f"http://{DRUGS}/prednisone/prednisone.html"
NEW = f"http://{DRUGS}/sirolimus/sirolimus.html"
TOUCHED = f"http://{DRUGS}/tacrolimus/tacrolimus.html"

NEW_PAGE = """<html><head><title>Sirolimus</title></head><body><div class="articleHtml">
<h1>Sirolimus</h1><div>Sirolimus (Rapamune&reg;) is a prescription medicine approved to prevent organ
rejection in people who have received a kidney transplant.</div></div></body></html>"""


def edit_mirror(root: Path) -> None:
    """Between the runs: an off-label use added, a page removed, a page added (and linked), a page touched."""
    host = root / DRUGS
    page = host / "tacrolimus" / "what-is-tacrolimus-used-for-p2.html"
    html = page.read_text()
    assert "<li>Vitiligo</li>" in html
    page.write_text(html.replace("<li>Vitiligo</li>", "<li>Vitiligo</li>\n  <li>Alopecia areata</li>", 1))
    (host / "prednisone" / "prednisone.html").unlink()
    (host / "sirolimus").mkdir()
    (host / "sirolimus" / "sirolimus.html").write_text(NEW_PAGE)
    index = host / "drugs" / "a-z.html"
    link = '<li><a href="http://drugs.emedtv.com/tacrolimus/tacrolimus.html">Tacrolimus</a></li>'
    assert link in index.read_text()
    index.write_text(index.read_text().replace(link, link + f'\n<li><a href="{NEW}">Sirolimus</a></li>', 1))
    os.utime(host / "tacrolimus" / "tacrolimus.html")  # newer Last-Modified, same body
