"""Scrapy users' own commands work from the repository root: `scrapy list`, `scrapy crawl`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from output import load
from tests.conftest import REPO


def _scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


def test_scrapy_list_names_the_spiders() -> None:
    proc = _scrapy("list")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert {"emedtv", "dailymed"} <= set(proc.stdout.split())


def test_scrapy_crawl_writes_the_dataset(mirror: str, tmp_path: Path) -> None:
    out = tmp_path / "data"
    proc = _scrapy("crawl", "emedtv", "-s", f"DRUGPAGES_OUT={out}", "-s", f"DRUGPAGES_MIRROR={mirror}",
                   "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                   "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-a",
                   "start_urls=http://drugs.emedtv.com/tacrolimus/what-is-tacrolimus-used-for.html")
    assert proc.returncode == 0, proc.stderr[-2000:]
    pages = load(str(out), "pages")
    assert "http://drugs.emedtv.com/tacrolimus/what-is-tacrolimus-used-for.html" in set(pages["url"])
    assert (pages["drug"] == "tacrolimus").any()
