"""Progress: a live line on a terminal (a real pty), periodic log lines otherwise."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import FAST, REPO


def test_a_terminal_gets_a_live_progress_line(mirror: str, tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "drugpages", "crawl", "emedtv", "--out", str(tmp_path / "out"),
                             "--mirror", mirror, *FAST], cwd=REPO, stdin=subprocess.DEVNULL,
                            stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert proc.wait(timeout=300) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    lines = re.findall(r"emedtv: (\d+) pages · (\d+) records · (\d+) errors · \d+ skips · [\d.]+ pages/s · \d\d:\d\d",
                       screen)
    assert lines, screen[-2000:]
    final = lines[-1]
    assert int(final[0]) > 20 and int(final[1]) > int(final[0])
    assert "\x1b[" in screen  # redrawn in place, not printed line after line
    assert "progress: emedtv" not in screen  # no log lines on a terminal
