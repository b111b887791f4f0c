"""A static server over mirror folders laid out as HOST/PATH, bound to 127.0.0.1.

Several roots (one per site under ``sites/``) are served as one mirror: the
first root holding HOST answers for it. A larger listen backlog than
``http.server``'s 5 keeps concurrent crawls from dropping connections.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITES = Path(__file__).resolve().parent.parent / "sites"


def site_roots() -> list[Path]:
    return sorted(p for p in SITES.iterdir() if p.is_dir()) if SITES.is_dir() else []


class _Handler(SimpleHTTPRequestHandler):
    roots: list[Path] = []

    def translate_path(self, path: str) -> str:
        host = path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        for root in self.roots:
            if host and (root / host).is_dir():
                self.directory = str(root)
                break
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class _Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True


class MirrorServer:
    """``with MirrorServer() as url:`` serves the bundled sites on a free port."""

    def __init__(self, roots: list[Path] | None = None, port: int = 0) -> None:
        handler = type("Handler", (_Handler,), {"roots": roots or site_roots()})
        first = str((roots or site_roots() or [SITES])[0])
        self.server = _Server(("127.0.0.1", port), partial(handler, directory=first))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> str:
        self.thread.start()
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
