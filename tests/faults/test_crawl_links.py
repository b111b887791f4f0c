"""Links and redirects a hostile site serves, crawled for real from the fault server: every URL met is exactly
one page, error or skip row (redirect sources with their target, limits named), and nothing off-site is fetched."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from output import load
from tests.conftest import FAST, drugpages
from tests.faults.fault_server import ByPath, FaultServer, links_page, meta_refresh, page, redirect

HOST = "faults.emedtv.com"
SITE = f"http://{HOST}"
LONG = f"{SITE}/long/" + "x" * 2100
OFFSITE = "http://elsewhere.example.org/landing.html"
START_LINKS = ["http://[::1", f"http://{HOST}:99999/port.html", "//[::1]:x/rel", LONG, "/good.html", "/r/moved",
               "/r/loop-a", "/r/self", "/r/offsite", "/r/meta-a", "/r/to-fetched", "/r/nowhere", "/trap/1"]


def _trap(path: str) -> object:
    n = int(path.rsplit("/", 1)[1])
    return links_page(f"Trap {n}", [f"/trap/{n + 1}"])


ROUTES = {
    "/": links_page("Start", START_LINKS),
    "/good.html": links_page("Good", ["/good2.html"]),
    "/good2.html": page("<html><body><h1>Good two</h1><p>No links.</p></body></html>"),
    "/r/moved": redirect("/good2.html", 301),
    "/r/loop-a": redirect("/r/loop-b"),
    "/r/loop-b": redirect("/r/loop-a"),
    "/r/self": redirect("/r/self"),
    "/r/offsite": redirect(OFFSITE, 301),
    "/r/meta-a": meta_refresh("/r/meta-b"),
    "/r/meta-b": meta_refresh("/r/meta-a"),
    "/r/to-fetched": redirect("/good.html", 308),
    "/r/nowhere": redirect(None),
    "/trap/*": ByPath(_trap),
}


Crawl = tuple[FaultServer, Path, subprocess.CompletedProcess[str]]


def _crawl(tmp_path: Path, *settings: str) -> Crawl:
    out = tmp_path / "out"
    fault = FaultServer(ROUTES)
    with fault as url:
        proc = drugpages("crawl", "emedtv", "--out", str(out), "--mirror", url, "--start-url", f"{SITE}/", *FAST,
                         *settings)
    return fault, out, proc


def _rows(out: Path) -> tuple[dict[str, str], dict[str, str | None], dict[str, object]]:
    """URL → its one row ('page', 'error:TYPE' or 'skip:REASON'), redirect targets, and the run's counts."""
    pages, errors, skips = (load(str(out), t) for t in ("pages", "errors", "skips"))
    rows = [*(("page", u) for u in pages["url"]),
            *((f"error:{t}", u) for u, t in zip(errors["url"], errors["error_type"], strict=True)),
            *((f"skip:{r}", u) for u, r in zip(skips["url"], skips["reason"], strict=True))]
    urls = [u for _, u in rows]
    assert len(urls) == len(set(urls)), pd.Series(urls)[pd.Series(urls).duplicated()].tolist()  # one row per URL
    targets = dict(zip(skips["url"], skips["target_url"].where(skips["target_url"].notna(), None), strict=True))
    counts = json.loads(load(str(out), "runs")["counts"].iloc[0])
    return {u: kind for kind, u in rows}, targets, counts


@pytest.fixture(scope="module")
def crawl_with_depth_limit(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return _crawl(tmp_path_factory.mktemp("links"), "-s", "DEPTH_LIMIT=5")


def test_every_url_met_is_one_row(crawl_with_depth_limit: Crawl) -> None:
    fault, out, proc = crawl_with_depth_limit
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows, targets, counts = _rows(out)
    assert counts["urls_met"] == len(rows) and "urls_unaccounted" not in counts
    assert load(str(out), "runs")["status"].iloc[0] == "succeeded"
    assert rows == {
        f"{SITE}/": "page", f"{SITE}/good.html": "page", f"{SITE}/good2.html": "page",
        # links that cannot become requests are skips; the start page and its other links go on
        "http://[::1": "skip:invalid_url", f"http://{HOST}:99999/port.html": "skip:invalid_url",
        "http://[::1]:x/rel": "skip:invalid_url", LONG: "skip:limit:URLLENGTH_LIMIT=2083",
        # redirect sources, loops, a self-redirect and meta refreshes: each source once, with its target
        f"{SITE}/r/moved": "skip:redirect", f"{SITE}/r/loop-a": "skip:redirect", f"{SITE}/r/loop-b": "skip:redirect",
        f"{SITE}/r/self": "skip:redirect", f"{SITE}/r/offsite": "skip:redirect", OFFSITE: "skip:offsite",
        f"{SITE}/r/meta-a": "skip:redirect", f"{SITE}/r/meta-b": "skip:redirect",
        f"{SITE}/r/to-fetched": "skip:redirect", f"{SITE}/r/nowhere": "error:HTTP 302",
        # the trap ends at the depth limit, named
        **{f"{SITE}/trap/{n}": "page" for n in range(1, 6)}, f"{SITE}/trap/6": "skip:limit:DEPTH_LIMIT=5",
    }
    assert targets[f"{SITE}/r/moved"] == f"{SITE}/good2.html"
    assert targets[f"{SITE}/r/loop-a"] == f"{SITE}/r/loop-b" and targets[f"{SITE}/r/loop-b"] == f"{SITE}/r/loop-a"
    assert targets[f"{SITE}/r/self"] == f"{SITE}/r/self"
    assert targets[f"{SITE}/r/meta-a"] == f"{SITE}/r/meta-b"
    assert targets[f"{SITE}/r/to-fetched"] == f"{SITE}/good.html"
    assert targets[f"{SITE}/r/offsite"] == OFFSITE


def test_nothing_off_site_or_twice_is_fetched(crawl_with_depth_limit: Crawl) -> None:
    fault, _, _ = crawl_with_depth_limit
    assert not [r for r in fault.requests if r.startswith("elsewhere.example.org")]  # not even its robots.txt
    asked = [r for r in fault.requests if not r.endswith("robots.txt")]
    assert len(asked) == len(set(asked))  # the redirect onto a fetched page fetched nothing again
    assert f"{HOST}/trap/6" not in asked and not any("/long/" in r for r in asked)


def test_a_trap_ends_at_the_page_cap_per_host(tmp_path: Path) -> None:
    _, out, proc = _crawl(tmp_path, "-s", "DEPTH_LIMIT=0", "-s", "DRUGPAGES_MAX_PAGES_PER_HOST=12")
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows, _, counts = _rows(out)
    assert counts["urls_met"] == len(rows)
    fetched = [u for u, kind in rows.items() if kind in ("page", "skip:redirect", "error:HTTP 302")]
    assert len(fetched) == 12  # the host's answers, whatever they were
    capped = [u for u, kind in rows.items() if kind == "skip:limit:DRUGPAGES_MAX_PAGES_PER_HOST=12"]
    assert capped and all(u.startswith(SITE) for u in capped)  # the rest of the host is named by the cap
