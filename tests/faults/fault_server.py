"""A site that misbehaves on purpose, served on 127.0.0.1 as a ``--mirror`` (requests come as ``/HOST/PATH``).

Each path answers with a ``Reply``: a page, a redirect, a meta refresh, or a
server fault (a hang, a reset connection, a body cut short, broken gzip, 5xx a
few times then a page). Every request is logged, so a test can say what was
never fetched (an off-site redirect target, its robots.txt).
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Reply = Callable[[BaseHTTPRequestHandler, int], None]  # (handler, how many times this path was asked before)
ROBOTS = "User-agent: *\nDisallow:\n"


@dataclass(frozen=True)
class ByPath:
    """A reply made from the path asked (a trap's page N links to page N+1)."""

    make: Callable[[str], Reply]


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
         length: int | None = None) -> None:
    handler.send_response(status)
    merged = {"Content-Type": "text/html; charset=utf-8"} | (headers or {})
    for name, value in merged.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body) if length is None else length))
    handler.end_headers()
    handler.wfile.write(body)


def page(html: str | bytes, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    body = html.encode() if isinstance(html, str) else html
    return lambda handler, _: send(handler, status, body, headers)


def links_page(title: str, hrefs: list[str]) -> Reply:
    anchors = "".join(f'<li><a href="{href}">link {i}</a></li>' for i, href in enumerate(hrefs))
    return page(f"<html><body><h1>{title}</h1><p>A page of the fault site.</p><ul>{anchors}</ul></body></html>")


def redirect(location: str | None, status: int = 302) -> Reply:
    return lambda handler, _: send(handler, status, b"", {"Location": location} if location else {})


def meta_refresh(location: str) -> Reply:
    return page(f'<html><head><meta http-equiv="refresh" content="0; url={location}"></head>'
                "<body>moved</body></html>")


def hang(seconds: float) -> Reply:
    """Headers never come: the client's timeout must end it."""
    return lambda handler, _: time.sleep(seconds)


def reset() -> Reply:
    """The connection is reset (TCP RST) before any byte of an answer."""

    def reply(handler: BaseHTTPRequestHandler, _: int) -> None:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True

    return reply


def truncated(html: str) -> Reply:
    """Content-Length says twice the bytes that come, then the connection closes."""

    def reply(handler: BaseHTTPRequestHandler, _: int) -> None:
        body = html.encode()
        send(handler, 200, body[: len(body) // 2], length=len(body))
        handler.close_connection = True

    return reply


def bad_gzip(html: str) -> Reply:
    """Content-Encoding: gzip over bytes that are gzip only at the start."""
    squeezed = bytearray(gzip.compress(html.encode() * 20))
    squeezed[20:60] = bytes(40)
    return lambda handler, _: send(handler, 200, bytes(squeezed), {"Content-Encoding": "gzip"})


def flaky(failures: int, then: Reply, status: int = 503) -> Reply:
    """``status`` for the first ``failures`` requests of the path, then ``then``."""

    def reply(handler: BaseHTTPRequestHandler, attempt: int) -> None:
        if attempt < failures:
            send(handler, status, b"try again")
        else:
            then(handler, attempt)

    return reply


class FaultServer:
    """``with FaultServer(routes) as url:`` serves the routes for any host; ``routes`` maps a path (with its
    query) or a prefix ending in ``*`` to a Reply or a ByPath. Unknown paths are 404s."""

    def __init__(self, routes: dict[str, Reply | ByPath]) -> None:
        self.routes = routes
        self.requests: list[str] = []  # "HOST/PATH?QUERY" of every request, in order
        self.asked: Counter[str] = Counter()
        lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                host, _, rest = self.path.lstrip("/").partition("/")
                path = "/" + rest
                with lock:
                    server.requests.append(f"{host}{path}")
                    attempt = server.asked[f"{host}{path}"]
                    server.asked[f"{host}{path}"] += 1
                server.reply_for(path)(self, attempt)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def reply_for(self, path: str) -> Reply:
        if urlsplit(path).path == "/robots.txt":
            return page(ROBOTS, headers={"Content-Type": "text/plain"})
        found = self.routes.get(path)
        if found is None:
            prefixes = [key for key in self.routes if key.endswith("*") and path.startswith(key[:-1])]
            found = self.routes[max(prefixes, key=len)] if prefixes else page("<h1>no such page</h1>", 404)
        return found.make(path) if isinstance(found, ByPath) else found

    def __enter__(self) -> str:
        self.thread.start()
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
