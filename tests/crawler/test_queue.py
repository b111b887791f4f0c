"""A crawl's waiting requests wait on disk, in a folder of their own that the crawl removes when it ends."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import FAST, REPO


def test_requests_wait_on_disk_and_the_queue_folder_goes_with_the_crawl(mirror: str, tmp_path: Path) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    proc = subprocess.run([sys.executable, "-m", "drugpages", "crawl", "emedtv", "--out", str(tmp_path / "out"),
                           "--mirror", mirror, *FAST, "-s", "LOG_LEVEL=INFO"], cwd=REPO, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "TMPDIR": str(spool)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = dict(re.findall(r"'scheduler/enqueued/(disk|memory)': (\d+)", proc.stderr))
    assert int(stats.get("disk", 0)) > 10, stats  # every request of the crawl went through the disk queue
    assert "memory" not in stats, stats
    assert not list(spool.glob("drugpages-queue-*"))  # the queue's folder is removed at the end
