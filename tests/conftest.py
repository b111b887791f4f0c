"""Shared fixtures: the bundled mirror on a real 127.0.0.1 server, and one real crawl of it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from drugpages.mirror_server import MirrorServer

REPO = Path(__file__).resolve().parent.parent
MIRROR_ROOT = REPO / "sites" / "emedtv"
FIXTURES = REPO / "tests" / "fixtures"
# Real DailyMed label pages: beside the repo, never in it.
SHARED_DAILYMED = REPO.parent / "shared" / "sites" / "dailymed"
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        "-s", "LOG_LEVEL=WARNING"]


def drugpages(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real command in a child process, as a user would."""
    return subprocess.run([sys.executable, "-m", "drugpages", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


def mirror_pages(root: Path = MIRROR_ROOT) -> dict[str, Path]:
    """Original URL → file for every HTML page of a HOST/PATH mirror folder."""
    return {f"http://{p.relative_to(root).as_posix()}": p for p in root.rglob("*.html")}


@pytest.fixture(scope="session")
def mirror() -> str:
    with MirrorServer() as url:
        yield url


@pytest.fixture(scope="session")
def crawled(mirror: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("crawl")
    proc = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", mirror, *FAST)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly, not only in skip reasons, when the real DailyMed pages were not part of the run."""
    if not (SHARED_DAILYMED / "labels").is_dir():
        terminalreporter.write_sep("!", f"REAL DAILYMED PAGES ABSENT ({SHARED_DAILYMED}): their tests were skipped",
                                   red=True, bold=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_EXIT] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the process as soon as pytest is done: DuckDB 2.0's bindings report "leaked" objects at
    interpreter shutdown, which would bury pytest's closing summary line under noise."""
    if _EXIT in config.stash and "duckdb" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(config.stash[_EXIT])


_EXIT = pytest.StashKey[int]()
