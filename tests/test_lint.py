"""The whole repository stays ruff clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_ruff_clean() -> None:
    repo_root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(repo_root)], capture_output=True, text=True, cwd=repo_root
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
