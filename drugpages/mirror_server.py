"""A static server over mirror folders laid out as HOST/PATH, bound to 127.0.0.1.

Several roots (one per site under ``sites/``) are served as one mirror: the
first root holding HOST answers for it. A larger listen backlog than
``http.server``'s 5 keeps concurrent crawls from dropping connections.
"""

from __future__ import annotations

import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

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
        local = super().translate_path(path)
        query = urlsplit(path).query
        if query:  # a page per query string: FILE?QUERY, or FILE%3FQUERY (percent-encoded, portable)
            for name in (f"{local}?{unquote(query)}", f"{local}%3F{quote(unquote(query), safe='')}"):
                if os.path.isfile(name):
                    return name
        return local

    def send_head(self):  # noqa: ANN201 - http.server's signature
        """A path the file system cannot take (a NUL byte: ``%00``) is a 400, not a handler traceback."""
        try:
            if "\x00" in unquote(self.path):
                raise ValueError("NUL in path")
            return super().send_head()
        except ValueError as exc:
            self.send_error(400, f"Bad request: {exc}")
            return None

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        base = str(path).split("%3F", 1)[0].split("?", 1)[0]
        return "text/html" if base.endswith(".cfm") else super().guess_type(base)

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
