"""The command as a person meets it: help for every option, a summary table, clean pipes, JSON that is JSON."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from drugpages.cli import parser
from output import load
from tests.conftest import REPO, drugpages


def _parsers(p: argparse.ArgumentParser, name: str = "drugpages") -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(name, p)]
    for action in p._actions:  # noqa: SLF001 - argparse keeps its subcommands here
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub, child in action.choices.items():
                found += _parsers(child, f"{name} {sub}")
    return found


def test_every_option_has_help_and_no_help_shows_markup() -> None:
    for name, p in _parsers(parser()):
        for action in p._actions:  # noqa: SLF001
            if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):  # noqa: SLF001
                continue
            assert action.help, f"{name} {'/'.join(action.option_strings) or action.dest}: no help"
        text = p.format_help()
        assert "``" not in text, name


def test_a_mirror_crawl_lifts_the_delays_and_ends_with_a_summary_table(mirror: str, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    proc = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", mirror, "-s", "LOG_LEVEL=WARNING")
    assert proc.returncode == 0, proc.stderr[-3000:]
    settings = json.loads(load(str(out), "runs")["settings"].iloc[0])
    assert (settings["DOWNLOAD_DELAY"], settings["AUTOTHROTTLE_ENABLED"]) == (0, False)
    run_id = load(str(out), "runs")["run_id"].iloc[0]
    assert f"run {run_id}: starting a crawl of emedtv into {out}" in proc.stderr
    assert "after a crash" not in proc.stderr and "{'pages'" not in proc.stderr  # no dict dumped
    assert f"drugpages run {run_id}: succeeded" in " ".join(proc.stdout.split())
    assert "urls met" in proc.stdout and "approved uses" in proc.stdout
    # -s still wins over the mirror's defaults
    polite = drugpages("crawl", "emedtv", "--out", str(tmp_path / "p"), "--mirror", mirror, "-s", "LOG_LEVEL=WARNING",
                       "-s", "DOWNLOAD_DELAY=0.01", "--start-url",
                       "http://drugs.emedtv.com/tacrolimus/what-is-tacrolimus-used-for.html")
    assert polite.returncode in (0, 3), polite.stderr[-3000:]
    assert json.loads(load(str(tmp_path / "p"), "runs", run="all")["settings"].iloc[0])["DOWNLOAD_DELAY"] == "0.01"


def test_query_output_piped_into_head_ends_quietly(crawled: Path) -> None:
    query = "'SELECT url, target_url FROM links'"
    command = f"{sys.executable} -m drugpages query {crawled} {query} --format csv | head -n 2"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "url,target_url" and len(proc.stdout.splitlines()) == 2
    assert proc.stderr == ""


def test_json_output_has_nulls_and_plain_slashes(crawled: Path) -> None:
    proc = drugpages("query", str(crawled), "SELECT url, drug_class, drug_class_start, fetched_at FROM pages "
                     "ORDER BY url", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows and "\\/" not in proc.stdout and "NaN" not in proc.stdout
    assert any(r["drug_class"] is None and r["drug_class_start"] is None for r in rows)
    assert any(isinstance(r["drug_class_start"], int) for r in rows)
    assert all(r["url"].startswith("http://") and "T" in r["fetched_at"] for r in rows)
