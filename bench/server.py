"""A fast static server over the generated mirror on 127.0.0.1: nginx if installed, else Twisted.

nginx runs as our own child process with a generated config in a temporary
folder (never the system service). ``python -m http.server`` is not an
option: its listen backlog of 5 drops connections at a concurrency of 32.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NGINX_CONF = """\
{user}worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    types {{ text/html html; text/plain txt; application/javascript js; }}
    default_type application/octet-stream;
    charset utf-8;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        root {root};
        index index.html;
        location / {{ try_files $uri $uri/ =404; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(port: int, proc: subprocess.Popen, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the static server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the static server did not listen on port {port}")


class StaticServer:
    """``with StaticServer(root) as url:``; ``kind`` says which server runs ('nginx 1.22.1' or 'twisted')."""

    def __init__(self, root: Path, prefer: str = "nginx") -> None:
        self.root = Path(root).resolve()
        self.prefer = prefer
        self.kind = ""
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None

    def _nginx(self) -> list[str] | None:
        exe = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
        if self.prefer != "nginx" or exe is None:
            return None
        self._tmp = tempfile.TemporaryDirectory(prefix="bench-nginx-")
        tmp = self._tmp.name
        conf = Path(tmp, "nginx.conf")
        # Started by root, nginx's worker would drop to "nobody", which cannot read a 0700 folder (pytest's tmp).
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
        conf.write_text(NGINX_CONF.format(user=user, tmp=tmp, port=self.port, root=self.root))
        version = subprocess.run([exe, "-v"], capture_output=True, text=True).stderr.strip()
        self.kind = version.split(":", 1)[-1].strip().replace("/", " ")
        return [exe, "-p", tmp, "-e", f"{tmp}/error.log", "-c", str(conf)]

    def __enter__(self) -> str:
        self.port = free_port()
        cmd = self._nginx()
        if cmd is None:
            self.kind = "twisted"
            cmd = [sys.executable, "-m", "bench.twisted_static", str(self.root), str(self.port)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_listening(self.port, self.proc)
        return self.url

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._tmp is not None:
            self._tmp.cleanup()
