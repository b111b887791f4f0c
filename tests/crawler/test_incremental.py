"""--incremental: conditional requests against the latest run, unchanged pages carried over, a changes table."""

from __future__ import annotations

import json
import os
from pathlib import Path

from drugpages.mirror_server import MirrorServer
from output import load
from tests.crawler.production import copy_mirror, crawl, run_counts, warc_records

DRUGS = "drugs.emedtv.com"
CHANGED = f"http://{DRUGS}/tacrolimus/what-is-tacrolimus-used-for-p2.html"
INDEX = f"http://{DRUGS}/drugs/a-z.html"
GONE = f"http://{DRUGS}/prednisone/prednisone.html"
NEW = f"http://{DRUGS}/sirolimus/sirolimus.html"
TOUCHED = f"http://{DRUGS}/tacrolimus/tacrolimus.html"

NEW_PAGE = """<html><head><title>Sirolimus</title></head><body><div class="articleHtml">
<h1>Sirolimus</h1><div>Sirolimus (Rapamune&reg;) is a prescription medicine approved to prevent organ
rejection in people who have received a kidney transplant.</div></div></body></html>"""


def _edit_mirror(root: Path) -> None:
    """Between the runs: an off-label use added, a page removed, a page added (and linked), a page touched."""
    host = root / DRUGS
    page = host / "tacrolimus" / "what-is-tacrolimus-used-for-p2.html"
    html = page.read_text()
    assert "<li>Vitiligo</li>" in html
    page.write_text(html.replace("<li>Vitiligo</li>", "<li>Vitiligo</li>\n  <li>Alopecia areata</li>", 1))
    (host / "prednisone" / "prednisone.html").unlink()
    (host / "sirolimus").mkdir()
    (host / "sirolimus" / "sirolimus.html").write_text(NEW_PAGE)
    index = host / "drugs" / "a-z.html"
    link = '<li><a href="http://drugs.emedtv.com/tacrolimus/tacrolimus.html">Tacrolimus</a></li>'
    assert link in index.read_text()
    index.write_text(index.read_text().replace(link, link + f'\n<li><a href="{NEW}">Sirolimus</a></li>', 1))
    os.utime(host / "tacrolimus" / "tacrolimus.html")  # newer Last-Modified, same body


def test_incremental_run_records_changes_and_skips_unchanged_pages(tmp_path: Path) -> None:
    root = copy_mirror(tmp_path)
    out = tmp_path / "out"
    with MirrorServer([root]) as url:
        first = crawl(out, url)
        assert first.returncode == 0, first.stderr[-3000:]
        first_pages = set(load(str(out), "pages")["url"])
        first_run = load(str(out), "runs")["run_id"].iloc[0]
        assert set(load(str(out), "changes")["change"]) == {"new"}
        assert load(str(out), "pages")["last_modified_at"].notna().all()
        _edit_mirror(root)
        second = crawl(out, url, "--incremental", "-s", "LOG_LEVEL=INFO", "-s", "DRUGPAGES_PROGRESS_INTERVAL=0.2")
    assert second.returncode == 0, second.stderr[-3000:]
    assert "progress: emedtv:" in second.stderr  # not a terminal: periodic log lines

    changes = load(str(out), "changes").set_index("url")
    run_id = changes["run_id"].iloc[0]
    assert run_id != first_run and (changes["previous_run_id"] == first_run).all()
    kinds = changes["change"]
    assert kinds[CHANGED] == "changed" and kinds[INDEX] == "changed"
    assert kinds[NEW] == "new" and kinds[GONE] == "gone" and kinds[TOUCHED] == "unchanged"
    unchanged = first_pages - {CHANGED, INDEX, GONE}
    assert set(kinds[kinds == "unchanged"].index) == unchanged
    assert set(kinds.index) == first_pages | {NEW}

    assert "off_label_uses" in changes.loc[CHANGED, "changed_fields"]
    detail = json.loads(changes.loc[CHANGED, "detail"])
    assert detail["off_label_uses"] == {"added": ["Alopecia areata"], "removed": []}
    assert json.loads(changes.loc[INDEX, "detail"])["navigation_links"]["added"] == [NEW]

    counts = run_counts(out)
    assert counts["unchanged"] == len(unchanged)
    assert counts["extracted"] == 3  # the changed page, the index linking the new page, the new page

    # 304s are archived as revisit records; only changed, new and touched pages were downloaded again
    records = warc_records(out, run_id)
    revisits = {u for (kind, u) in records if kind == "revisit"}
    assert revisits == unchanged - {TOUCHED}
    responses = {u for (kind, u) in records if kind == "response"}
    assert {CHANGED, INDEX, NEW, TOUCHED} <= responses and not (revisits & responses)

    # the new run is a full snapshot: unchanged pages' rows are carried over
    pages = load(str(out), "pages")
    assert set(pages["url"]) == first_pages - {GONE} | {NEW}
    uses = load(str(out), "uses")
    assert "Alopecia areata" in set(uses[uses["url"] == CHANGED]["condition"])
    before = load(str(out), "uses", run=first_run)
    carried = before[before["url"] == TOUCHED]["condition"].tolist()
    assert carried and uses[uses["url"] == TOUCHED]["condition"].tolist() == carried
