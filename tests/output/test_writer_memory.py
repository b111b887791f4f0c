"""Writing a run never imports pandas (~55 MB in the crawl's process); reading it back as frames still works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SCRIPT = """
import sys
from datetime import UTC, datetime
from extract.records import ExtractResult
from output.dataset import DatasetWriter
writer = DatasetWriter(sys.argv[1], "20261202T000000Z-abcdef", rows_per_group=2)
for n in range(5):
    writer.add_skip(f"http://example.org/{n}", "crawl", "offsite")
writer.add_error("http://example.org/x", "fetch", "timeout", "slow")
writer.checkpoint()
writing = "pandas" in sys.modules
writer.close("crawl", "test", "finished", {}, {})
from output.parts import load_table
skips = load_table(sys.argv[1], "skips", "20261202T000000Z-abcdef")
print(writing, "pandas" in sys.modules, len(skips), type(skips).__name__)
"""


def test_a_run_is_written_without_pandas_and_read_back_as_frames(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "out")], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["False", "True", "5", "DataFrame"]
