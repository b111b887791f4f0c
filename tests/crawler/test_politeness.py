"""Politeness against a real server on 127.0.0.1: robots.txt, user agent, retries of transient errors only."""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from crawler import settings
from crawler.politeness import RetryBackoffMiddleware
from output import load
from tests.conftest import FAST, drugpages

HOST = "polite.emedtv.com"
ARTICLE = (b"<html><body><div class='articleHtml'><h1>Tacrolimus Uses</h1><div>Tacrolimus (Prograf&reg;) is an"
           b" immunosuppressant medication approved to prevent organ rejection.</div></div></body></html>")
SEARCH = [f"/search/?q={n}" for n in range(5)]


class _Site(BaseHTTPRequestHandler):
    """One host: robots.txt forbids /search/, /flaky.html fails twice with 503, /gone.html is a 404."""

    hits: Counter[str] = Counter()
    agents: set[str] = set()
    lock = threading.Lock()

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.removeprefix(f"/{HOST}")
        with self.lock:
            self.hits[path] += 1
            self.agents.add(self.headers.get("User-Agent", ""))
            hits = self.hits[path]
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /search/\n", "text/plain")
        elif path == "/":
            links = "".join(f'<a href="{p}">{p}</a>' for p in ["/flaky.html", "/gone.html", *SEARCH])
            self._send(200, f"<html><body><h1>Index</h1>{links}</body></html>".encode())
        elif path == "/flaky.html":
            self._send(503, b"busy") if hits <= 2 else self._send(200, ARTICLE)
        else:
            self._send(404, b"not here")

    def _send(self, status: int, body: bytes, ctype: str = "text/html") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def test_defaults_are_polite() -> None:
    assert settings.ROBOTSTXT_OBEY and settings.AUTOTHROTTLE_ENABLED
    assert settings.CONCURRENT_REQUESTS_PER_DOMAIN <= 2 and settings.DOWNLOAD_DELAY >= 1
    assert "drugpages" in settings.USER_AGENT and "@" in settings.USER_AGENT
    assert 0 < settings.DOWNLOAD_MAXSIZE <= 50 * 1024 * 1024
    assert 404 not in settings.RETRY_HTTP_CODES and 403 not in settings.RETRY_HTTP_CODES
    assert {503, 429} <= set(settings.RETRY_HTTP_CODES)
    backoff = RetryBackoffMiddleware(2.0, 60.0)
    assert [backoff.delay(n) for n in range(8)] == [0.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]


def test_robots_user_agent_and_retries_against_a_real_server(tmp_path: Path) -> None:
    _Site.hits, _Site.agents = Counter(), set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    mirror = f"http://127.0.0.1:{server.server_address[1]}"
    starts = [f"http://{HOST}/", *(f"http://{HOST}{p}" for p in SEARCH)]  # all wait on robots.txt together
    try:
        proc = drugpages("crawl", "emedtv", "--out", str(tmp_path / "out"), "--mirror", mirror, *FAST,
                         "-s", "DRUGPAGES_RETRY_BACKOFF_BASE=0.05",
                         *(arg for url in starts for arg in ("--start-url", url)))
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _Site.hits["/robots.txt"] == 1
    assert not [p for p in _Site.hits if p.startswith("/search/")], _Site.hits
    assert _Site.hits["/flaky.html"] == 3  # two 503s retried, then the page
    assert _Site.hits["/gone.html"] == 1  # a 404 is not retried
    assert {a for a in _Site.agents} == {settings.USER_AGENT}
    out = str(tmp_path / "out")
    assert f"http://{HOST}/flaky.html" in set(load(out, "pages")["url"])
    skips = load(out, "skips")
    assert set(skips[skips["reason"] == "robots"]["url"]) == {f"http://{HOST}{p}" for p in SEARCH}
