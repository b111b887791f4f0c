"""Scheduling: a real scrapyd on 127.0.0.1, the project deployed with scrapyd-deploy, a crawl via schedule.json."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from output import load
from output.reader import run_ids
from tests.conftest import REPO

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base: str, path: str, data: dict[str, str | list[str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{path}", data=body, timeout=30) as response:
        return json.loads(response.read())


def _wait(check, what: str, proc: subprocess.Popen | None = None, limit: float = 180) -> None:  # noqa: ANN001
    deadline = time.monotonic() + limit
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"scrapyd exited while waiting for {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)


def _project_copy(dest: Path, scrapyd_url: str) -> Path:
    """The files scrapyd-deploy builds the egg from, with the deploy target pointed at this scrapyd."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    for package in config["tool"]["setuptools"]["packages"]:
        top = package.split(".")[0]
        if not (dest / top).exists():
            shutil.copytree(REPO / top, dest / top, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, dest / name)
    cfg = (REPO / "scrapy.cfg").read_text()
    assert "[deploy]" in cfg and "url = http://127.0.0.1:6800/" in cfg
    (dest / "scrapy.cfg").write_text(cfg.replace("http://127.0.0.1:6800/", scrapyd_url + "/"))
    return dest


def test_scrapyd_runs_a_deployed_crawl(mirror: str, tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.5\n"
                                       "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n")
    server = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait(lambda: _api(base, "daemonstatus.json")["status"] == "ok", "scrapyd to start", server)
        project = _project_copy(tmp_path / "project", base)
        deploy = subprocess.run([str(BIN / "scrapyd-deploy")], cwd=project, capture_output=True, text=True,
                                timeout=300)
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        assert _api(base, "listprojects.json")["projects"] == ["drugpages"]
        spiders = _api(base, "listspiders.json?project=drugpages")
        assert "emedtv" in spiders.get("spiders", []), spiders

        out = tmp_path / "data"
        settings = [f"DRUGPAGES_OUT={out}", f"DRUGPAGES_MIRROR={mirror}", "DOWNLOAD_DELAY=0",
                    "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
        job = _api(base, "schedule.json", {"project": "drugpages", "spider": "emedtv", "setting": settings})
        assert job["status"] == "ok", job

        def finished() -> bool:
            jobs = _api(base, "listjobs.json?project=drugpages")
            return any(j["id"] == job["jobid"] for j in jobs["finished"])

        _wait(finished, "the scheduled crawl")
    finally:
        server.terminate()
        server.wait(timeout=30)
    log = next((home / "logs").rglob(f"{job['jobid']}.log")).read_text()
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    (run_id,) = run_ids(str(out))
    pages = load(str(out), "pages")
    assert len(pages) > 20 and not pages["url"].str.contains("127.0.0.1").any()
    assert list((out / "warc").glob(f"{run_id}-*.warc.gz"))
    assert json.loads((out / "_runs" / run_id / "monitors.json").read_text())["passed"]
