"""A failed monitor reaches someone: `scrapy crawl` exits 3, and the report goes to a file, a webhook and e-mail."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from output import load
from tests.conftest import REPO

ONE_PAGE = "start_urls=http://drugs.emedtv.com/tacrolimus/what-is-tacrolimus-used-for.html"
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        "-s", "LOG_LEVEL=WARNING"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802 - aiosmtpd's hook
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[str, _Inbox]]:
    inbox, port = _Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"127.0.0.1:{port}", inbox
    finally:
        controller.stop()


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict]]]:
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks/drugpages", received
    finally:
        server.shutdown()
        server.server_close()


def _scrapy_crawl(out: Path, mirror: str, *settings: str) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "scrapy", "crawl", "emedtv", "-s", f"DRUGPAGES_OUT={out}",
            "-s", f"DRUGPAGES_MIRROR={mirror}", *FAST, "-a", ONE_PAGE]
    for setting in settings:
        args += ["-s", setting]
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)


def test_a_failed_monitor_ends_scrapy_crawl_non_zero_and_is_sent(mirror: str, tmp_path: Path, smtp, webhook) -> None:  # noqa: ANN001
    (smtp_host, inbox), (hook_url, posted) = smtp, webhook
    out, sent_file = tmp_path / "data", tmp_path / "reports" / "monitors.jsonl"
    channels = [f"DRUGPAGES_NOTIFY_FILE={sent_file}", f"DRUGPAGES_NOTIFY_WEBHOOK={hook_url}",
                f"DRUGPAGES_NOTIFY_SMTP={smtp_host}", "DRUGPAGES_NOTIFY_EMAIL_TO=ops@example.org,dev@example.org",
                "DRUGPAGES_NOTIFY_EMAIL_FROM=crawler@example.org"]
    good = _scrapy_crawl(out, mirror, *channels)
    assert good.returncode == 0, good.stderr[-3000:]
    assert not sent_file.exists() and not posted and not inbox.messages  # passed: nothing to say by default

    bad = _scrapy_crawl(out, mirror, "DRUGPAGES_MONITOR_MIN_PAGES=1000", *channels)
    assert bad.returncode == 3, bad.stderr[-3000:]
    run = load(str(out), "runs", run="all").iloc[-1]
    assert run["status"] == "degraded" and list(run["failed_monitors"]) == ["drugpages/pages fetched"]

    (line,) = sent_file.read_text().splitlines()
    report = json.loads(line)
    assert report["run_id"] == run["run_id"] and report["spider"] == "emedtv" and not report["passed"]
    assert [m["monitor"] for m in report["monitors"] if m["status"] != "OK"] == ["drugpages/pages fetched"]
    deadline = time.monotonic() + 10
    while not (posted and inbox.messages) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert posted == [report]
    (sender, recipients, content), = inbox.messages
    assert sender == "crawler@example.org" and recipients == ["ops@example.org", "dev@example.org"]
    mail = message_from_bytes(content, policy=policy.default)
    assert mail["Subject"] == f"drugpages emedtv run {run['run_id']}: monitors failed: drugpages/pages fetched"
    assert "drugpages/pages fetched: FAIL" in mail.get_content() and "(at least 1000)" in mail.get_content()


def test_always_sends_passing_reports_too_and_an_unreachable_channel_does_not_fail_the_run(
        mirror: str, tmp_path: Path) -> None:
    sent_file = tmp_path / "sent.jsonl"
    proc = _scrapy_crawl(tmp_path / "data", mirror, "DRUGPAGES_NOTIFY_ON=always", f"DRUGPAGES_NOTIFY_FILE={sent_file}",
                         f"DRUGPAGES_NOTIFY_WEBHOOK=http://127.0.0.1:{_free_port()}/nobody")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(sent_file.read_text())["passed"] is True
    assert "could not send the monitor report by webhook" in proc.stderr
