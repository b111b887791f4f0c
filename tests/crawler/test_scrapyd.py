"""Scheduling: a real scrapyd on 127.0.0.1, the project deployed with scrapyd-deploy from a clean clone (which it
leaves clean), a crawl via schedule.json, and a job whose monitors fail ending with exit status 3."""

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


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout


def _project_copy(dest: Path, scrapyd_url: str) -> Path:
    """The files scrapyd-deploy builds the egg from, with the deploy target pointed at this scrapyd, committed in a
    git repository of their own (as a clone of the project is)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    for package in config["tool"]["setuptools"]["packages"]:
        top = package.split(".")[0]
        if not (dest / top).exists():
            shutil.copytree(REPO / top, dest / top, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "setup.py", ".gitignore"):
        shutil.copy(REPO / name, dest / name)
    cfg = (REPO / "scrapy.cfg").read_text()
    assert "[deploy]" in cfg and "url = http://127.0.0.1:6800/" in cfg
    (dest / "scrapy.cfg").write_text(cfg.replace("http://127.0.0.1:6800/", scrapyd_url + "/"))
    _git(dest, "init", "-q")
    _git(dest, "add", ".")
    _git(dest, "-c", "user.name=t", "-c", "user.email=t@127.0.0.1", "commit", "-q", "-m", "project")
    return dest


def test_scrapyd_runs_a_deployed_crawl(mirror: str, tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.5\n"
                                       "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n")
    scrapyd_log = home / "scrapyd.out"
    server = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=scrapyd_log.open("w"),
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait(lambda: _api(base, "daemonstatus.json")["status"] == "ok", "scrapyd to start", server)
        project = _project_copy(tmp_path / "project", base)
        deploy = subprocess.run([str(BIN / "scrapyd-deploy")], cwd=project, capture_output=True, text=True,
                                timeout=300)
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        assert _git(project, "status", "--porcelain") == "", "scrapyd-deploy left files in the clone"
        assert _api(base, "listprojects.json")["projects"] == ["drugpages"]
        spiders = _api(base, "listspiders.json?project=drugpages")
        assert "emedtv" in spiders.get("spiders", []), spiders

        out = tmp_path / "data"
        settings = [f"DRUGPAGES_OUT={out}", f"DRUGPAGES_MIRROR={mirror}", "DOWNLOAD_DELAY=0",
                    "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
        job = _api(base, "schedule.json", {"project": "drugpages", "spider": "emedtv", "setting": settings})
        assert job["status"] == "ok", job

        def finished(job_id: str) -> bool:
            jobs = _api(base, "listjobs.json?project=drugpages")
            return any(j["id"] == job_id for j in jobs["finished"])

        _wait(lambda: finished(job["jobid"]), "the scheduled crawl")
        # a job whose monitors fail: the process ends 3, scrapyd logs it as died, the report goes to the file
        sent = tmp_path / "reports.jsonl"
        failing = _api(base, "schedule.json", {"project": "drugpages", "spider": "emedtv", "setting": [
            *settings, "DRUGPAGES_MONITOR_MIN_PAGES=100000", f"DRUGPAGES_NOTIFY_FILE={sent}"]})
        _wait(lambda: finished(failing["jobid"]), "the failing crawl")
    finally:
        server.terminate()
        server.wait(timeout=30)
    log = next((home / "logs").rglob(f"{job['jobid']}.log")).read_text()
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    run_id = run_ids(str(out))[0]
    pages = load(str(out), "pages")
    assert len(pages) > 20 and not pages["url"].str.contains("127.0.0.1").any()
    assert list((out / "warc").glob(f"{run_id}-*.warc.gz"))
    assert json.loads((out / "_runs" / run_id / "monitors.json").read_text())["passed"]
    lines = scrapyd_log.read_text().splitlines()
    assert any("Process finished" in line and job["jobid"] in line for line in lines)
    assert any("Process died: exitstatus=3" in line and failing["jobid"] in line for line in lines), lines[-20:]
    report = json.loads(sent.read_text())
    assert not report["passed"] and report["run_id"] != run_id
    assert load(str(out), "runs", run="all").set_index("run_id").loc[report["run_id"], "status"] == "degraded"
