"""The layering is enforced: import-linter passes on the tree and fails on a deliberate backward import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGES = ("drugpages", "crawler", "qa", "bench", "output", "extract")
LINT = str(Path(sys.executable).with_name("lint-imports"))


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LINT, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})


def test_the_tree_keeps_its_layers() -> None:
    proc = _lint(REPO)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "2 kept, 0 broken" in proc.stdout


def test_a_backward_import_breaks_the_build(tmp_path: Path) -> None:
    for name in PACKAGES:
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    summary = tmp_path / "output" / "summary.py"
    summary.write_text(summary.read_text() + "\nfrom qa import evaluation  # output reaching up into qa\n")
    pure = tmp_path / "extract" / "records.py"
    pure.write_text(pure.read_text() + "\nimport pandas  # extraction importing pandas\n")
    proc = _lint(tmp_path)
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "output.summary -> qa.evaluation" in proc.stdout
    assert "extract.records -> pandas" in proc.stdout
    assert "0 kept, 2 broken" in proc.stdout
