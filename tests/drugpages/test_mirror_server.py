"""`drugpages serve-mirror` answers paths the file system cannot take with 400, serves nothing outside the
mirror, and goes on serving."""

from __future__ import annotations

import http.client
import subprocess
import sys

from tests.conftest import REPO


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    answer = conn.getresponse()
    status, body = answer.status, answer.read()
    conn.close()
    return status, body


def test_a_nul_in_the_path_is_a_400_not_a_traceback() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "drugpages", "serve-mirror", "--port", "0"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # "serving http://127.0.0.1:PORT (Ctrl-C to stop)"
        port = int(line.split("http://127.0.0.1:", 1)[1].split()[0])
        for path in ("/drugs.emedtv.com/%00", "/drugs.emedtv.com/drugs/a-z.html%00.html", "/%00/x?y=%00"):
            status, _ = _get(port, path)
            assert status == 400, path
        for path in ("/../../../../etc/passwd", "/drugs.emedtv.com/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"):
            status, body = _get(port, path)
            assert status == 404 and b"root:" not in body, path  # nothing outside the mirror is served
        status, body = _get(port, "/drugs.emedtv.com/drugs/a-z.html")
        assert status == 200 and b"<html" in body.lower()  # still serving
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err, err[-2000:]
