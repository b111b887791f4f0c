"""Every bad argument is exit 2 with one line on stderr naming the problem, no traceback, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from drugpages.cli import main
from tests.conftest import drugpages

WARC = "tests/faults/nosuch.warc.gz"  # never read: every case below is refused first

CASES = {
    "no command": ([], "the following arguments are required: command"),
    "unknown command": (["nosuch"], "invalid choice: 'nosuch'"),
    "extract without inputs": (["extract"], "required: inputs, --out"),
    "negative workers": (["extract", "{warc}", "--out", "{out}", "--workers", "-1"], "--workers: -1 is less than 0"),
    "workers not a number": (["extract", "{warc}", "--out", "{out}", "--workers", "x"], "'x' is not a whole number"),
    "no bytes": (["extract", "{warc}", "--out", "{out}", "--max-bytes", "0"], "--max-bytes: 0 is less than 1"),
    "extract into a file": (["extract", "{warc}", "--out", "{file}"], "a file, not a folder"),
    "extract under a file": (["extract", "{warc}", "--out", "{file}/sub"], "is a file, not a folder"),
    "crawl into a file": (["crawl", "emedtv", "--out", "{file}"], "a file, not a folder"),
    "unknown spider": (["crawl", "nosuchspider", "--out", "{out}"], "no spider 'nosuchspider'"),
    "setting without value": (["crawl", "emedtv", "--out", "{out}", "-s", "FOO"], "-s takes NAME=VALUE"),
    "setting of the wrong type": (["crawl", "emedtv", "--out", "{out}", "-s", "DOWNLOAD_DELAY=abc"],
                                  "-s DOWNLOAD_DELAY=abc: float expected"),
    "bool setting": (["crawl", "emedtv", "--out", "{out}", "-s", "ROBOTSTXT_OBEY=maybe"], "bool expected"),
    "negative setting": (["crawl", "emedtv", "--out", "{out}", "-s", "DRUGPAGES_EXTRACT_WORKERS=-1"], "at least 0"),
    "start URL no URL": (["crawl", "emedtv", "--out", "{out}", "--start-url", "not a url"], "no absolute http(s) URL"),
    "start URL malformed": (["crawl", "emedtv", "--out", "{out}", "--start-url", "http://[::1"], "Invalid IPv6 URL"),
    "start URL bad port": (["crawl", "emedtv", "--out", "{out}", "--start-url", "http://a.org:99999/"],
                           "Port out of range"),
    "mirror no URL": (["crawl", "emedtv", "--out", "{out}", "--mirror", "notaurl"], "no absolute http(s) URL"),
    "nothing to resume": (["crawl", "emedtv", "--out", "{out}", "--resume", "nosuch"], "no run 'nosuch' to resume"),
    "query format": (["query", "{out}", "select 1", "--format", "nope"], "invalid choice: 'nope'"),
    "report into a file": (["qa", "report", "{out}", "--out", "{file}"], "a file, not a folder"),
    "port out of range": (["serve-mirror", "--port", "99999"], "99999 is no port"),
    "negative port": (["serve-mirror", "--port", "-1"], "-1 is less than 0"),
    "demo into a file": (["demo", "--out", "{file}"], "a file, not a folder"),
}


def _argv(template: list[str], tmp_path: Path) -> list[str]:
    (tmp_path / "afile").write_text("not a folder")
    names = {"warc": WARC, "out": str(tmp_path / "out"), "file": str(tmp_path / "afile")}
    return [part.format(**names) for part in template]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_argument_is_one_line_and_exit_2(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template, said = CASES[case]
    argv = _argv(template, tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's errors, made one line
        code = exc.code
    captured = capsys.readouterr()
    assert code == 2, (argv, captured.err)
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drugpages"), captured.err
    assert said in lines[0], lines[0]
    assert captured.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]  # nothing written, not even --out


def test_a_bad_argument_in_a_real_process(tmp_path: Path) -> None:
    for template in (CASES["negative workers"][0], CASES["setting of the wrong type"][0]):
        proc = drugpages(*_argv(template, tmp_path))
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
        assert len(proc.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]
