"""--incremental: conditional requests against the latest run, unchanged pages carried over, a changes table."""

from __future__ import annotations

import json
from pathlib import Path

from drugpages.mirror_server import MirrorServer
from output import load
from tests.crawler.production import (
    CHANGED,
    GONE,
    INDEX,
    NEW,
    TOUCHED,
    copy_mirror,
    crawl,
    edit_mirror,
    run_counts,
    warc_records,
)


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
        edit_mirror(root)
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
