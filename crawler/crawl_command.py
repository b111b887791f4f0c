"""``drugpages crawl``: a new, incremental or resumed run, and its exit code.

0 finished and monitors passed; 1 did not finish (resume it); 2 bad arguments;
3 finished but the monitors failed it.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from rich.console import Console

from crawler.incremental import previous_run
from crawler.monitors import REPORT, summary
from crawler.resume import is_published, load_spec, read_state, save_spec
from crawler.run import new_run_id

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_MONITORS = 0, 1, 2, 3
err = Console(stderr=True)


def run_crawl(args: argparse.Namespace, crawl: Callable[..., dict[str, Any]], overrides: dict[str, Any]) -> int:
    out = args.out
    if args.resume:
        run_id = args.resume
        spec = load_spec(out, run_id)
        if spec is None:
            err.print(f"drugpages: no run {run_id!r} to resume under {out}/_runs")
            return EXIT_USAGE
        if is_published(out, run_id):
            err.print(f"drugpages: run {run_id} already finished; nothing to resume")
            return EXIT_USAGE
        if spec["spider"] != args.spider:
            err.print(f"drugpages: run {run_id} was a crawl of {spec['spider']!r}, not {args.spider!r}")
            return EXIT_USAGE
        mirror = args.mirror or spec.get("mirror")
        start_urls = spec.get("start_urls") or []
        settings = {**spec.get("settings", {}), **overrides, "DRUGPAGES_RESUME": True}
    else:
        run_id = args.run_id or new_run_id()
        if load_spec(out, run_id) is not None:
            err.print(f"drugpages: run {run_id} exists under {out}; use --resume {run_id}")
            return EXIT_USAGE
        found = previous_run(out, args.spider)
        mirror, start_urls = args.mirror, args.start_urls
        settings = {**overrides, "DRUGPAGES_INCREMENTAL": bool(args.incremental),
                    "DRUGPAGES_PREVIOUS_RUN_ID": found[0] if found else None}
        save_spec(out, run_id, {"spider": args.spider, "mirror": mirror, "start_urls": start_urls,
                                "settings": settings})
    err.print(f"run {run_id}: {'resuming' if args.resume else 'starting'} (after a crash: "
              f"drugpages crawl {args.spider} --out {out} --resume {run_id})")
    stats = crawl(args.spider, out, mirror, start_urls, settings, run_id)
    reason = stats.get("finish_reason")
    if reason != "finished":
        err.print(f"run {run_id} stopped ({reason}); resume with --resume {run_id}")
        return EXIT_FAILED
    err.print(f"run {run_id} finished: {stats.get('drugpages/counts')}")
    report_text = read_state(out, run_id, REPORT)
    if report_text is not None:
        report = json.loads(report_text)
        err.print(summary(report))
        if not report["passed"]:
            err.print(f"report: {stats.get('drugpages/monitor_report')}")
            return EXIT_MONITORS
    return EXIT_OK
