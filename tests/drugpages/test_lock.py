"""One writer per dataset folder: a second crawl exits 2 naming the holder; a lock left by kill -9 is taken over."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from output import load
from output.lock import LOCK
from output.reader import run_ids
from tests.conftest import FAST, REPO, drugpages


def _start(out: Path, mirror: str) -> subprocess.Popen[str]:
    command = ["crawl", "emedtv", "--out", str(out), "--mirror", mirror, "-s", "DOWNLOAD_TIMEOUT=600"]
    return subprocess.Popen([sys.executable, "-m", "drugpages", *command], cwd=REPO, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _wait_for(predicate, proc: subprocess.Popen[str], what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + 60
    while not predicate():
        assert proc.poll() is None, f"the crawl ended before {what}"
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_two_crawls_into_one_folder_cannot_both_publish(mirror: str, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    tarpit = socket.socket()  # accepts connections into its backlog and never answers: the first crawl runs on
    tarpit.bind(("127.0.0.1", 0))
    tarpit.listen(64)
    first = _start(out, f"http://127.0.0.1:{tarpit.getsockname()[1]}")
    try:
        _wait_for(lambda: (out / LOCK).exists() and list(out.glob("_runs/*/run.json")), first, "its lock")
        holder = json.loads((out / LOCK).read_text())
        assert holder["pid"] == first.pid and holder["what"] == "drugpages crawl emedtv"

        started = time.monotonic()
        second = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", mirror, "--wait", "1.5", *FAST)
        assert second.returncode == 2, second.stderr[-2000:]
        assert time.monotonic() - started >= 1.5
        (line,) = second.stderr.strip().splitlines()
        assert line.startswith(f"drugpages crawl: {out} is being written by drugpages crawl emedtv (pid {first.pid}")
        assert "--wait" in line
        assert len(list(out.glob("_runs/*"))) == 1  # the refused crawl started no run
        extract = drugpages("extract", str(tmp_path), "--out", str(out))
        assert extract.returncode == 2 and "is being written by" in extract.stderr
        scrapy = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "emedtv", "-s", f"DRUGPAGES_OUT={out}",
                                 "-s", f"DRUGPAGES_MIRROR={mirror}", *FAST], cwd=REPO, capture_output=True,
                                text=True, timeout=120)
        assert scrapy.returncode != 0 and "is being written by" in scrapy.stderr
        assert first.poll() is None, "the first crawl ended while the others were refused: nothing was tested"
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # a crash: the lock file stays behind
        first.wait()
        tarpit.close()
    assert (out / LOCK).exists() and run_ids(str(out)) == []

    third = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", mirror, *FAST)
    assert third.returncode == 0, third.stderr[-3000:]
    stale = f"removed a stale lock of {out}: drugpages crawl emedtv (pid {first.pid}) is no longer running"
    assert stale in third.stderr
    assert not (out / LOCK).exists()
    (published,) = run_ids(str(out))
    assert len(load(str(out), "pages")) > 20 and set(load(str(out), "pages")["run_id"]) == {published}
