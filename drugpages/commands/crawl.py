"""``drugpages crawl``: a new, incremental or resumed run of a spider, and its exit code.

0 finished and monitors passed; 1 did not finish (resume it); 2 bad arguments;
3 finished but the monitors failed it.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any
from urllib.parse import urlsplit

from redis.exceptions import RedisError
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader

from crawler import settings as crawler_defaults
from crawler.archive_source import SourceError, archive_settings
from crawler.frontier import frontier_settings, join_run
from crawler.monitors import REPORT, summary
from drugpages import exits
from drugpages.arguments import http_url, settings_problem
from drugpages.summary import print_summary
from output.lock import FolderLock, FolderLocked
from output.runs import is_published, load_spec, new_run_id, previous_run, read_state, save_spec

# A mirror on this machine needs no politeness: these lift the delays of crawler/settings.py (README: mirror crawls).
MIRROR_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}


def local_mirror_settings(mirror: str | None) -> dict[str, Any]:
    """MIRROR_SETTINGS for a mirror served on a loopback address (127.0.0.0/8, localhost, ::1); -s still wins."""
    host = urlsplit(mirror).hostname if mirror else None
    return dict(MIRROR_SETTINGS) if host and (host == "localhost" or host.startswith("127.") or host == "::1") else {}


def add_parsers(subparsers: Any) -> None:
    p = subparsers.add_parser("crawl", help="run a spider; write WARC and the dataset under --out")
    p.add_argument("spider", help="spider name: emedtv, dailymed, or any in SPIDER_MODULES (`scrapy list`)")
    p.add_argument("--out", required=True, help="dataset folder or URI (s3://bucket/prefix?endpoint_override=...)")
    p.add_argument("--mirror", type=http_url, help="fetch SCHEME://HOST/PATH from MIRROR/HOST/PATH, keep original URLs")
    p.add_argument("--start-url", action="append", type=http_url, default=[], dest="start_urls", metavar="URL",
                   help="start here instead of the spider's start pages (repeatable)")
    p.add_argument("-s", action="append", default=[], dest="settings", metavar="NAME=VALUE",
                   help="a Scrapy or DRUGPAGES_ setting (repeatable); a --mirror on 127.0.0.1 already lifts the delays")
    p.add_argument("--run-id", help="the new run's id (default: UTC start time and a random suffix)")
    p.add_argument("--incremental", action="store_true",
                   help="conditional requests against the latest run; unchanged pages are not re-extracted")
    p.add_argument("--resume", metavar="RUN_ID", help="finish a run that was killed or stopped")
    p.add_argument("--frontier", metavar="redis://HOST:PORT/DB",
                   help="share one queue, duplicate filter and run with every crawl started with the same frontier")
    p.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                   help="if another run is writing --out, wait up to this long for it (default: exit 2 at once)")
    p.add_argument("--archive", metavar="SOURCE",
                   help="read pages from a web archive: ia, cc, cc:INDEX-NAME or a pywb collection URL")
    p.add_argument("--at", metavar="TIMESTAMP", help="--archive: the capture nearest YYYY[MM[DD[hhmmss]]]")
    p.add_argument("--from", dest="from_", metavar="TIMESTAMP", help="--archive: the newest capture from ...")
    p.add_argument("--to", metavar="TIMESTAMP", help="... to this time")
    p.add_argument("--seed-from-index", action="store_true",
                   help="--archive: also crawl every HTML URL the archive's index holds under the spider's hosts")
    p.set_defaults(handler=run_crawl)


def overrides(pairs: list[str]) -> dict[str, str]:
    """``-s NAME=VALUE`` pairs as a dict; a malformed pair is a usage error."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"-s takes NAME=VALUE, not {pair!r}")
        out[name] = value
    return out


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(overrides or {}, priority="cmdline")
    return settings


def spider_names(settings: Settings) -> list[str]:
    return get_spider_loader(settings).list()


def crawl(spider: str, out: str, mirror: str | None = None, start_urls: list[str] | None = None,
          overrides: dict[str, Any] | None = None, run_id: str | None = None) -> dict[str, Any]:
    """Run one spider in this process; returns the Scrapy stats of the run."""
    settings = project_settings(overrides)
    settings.set("DRUGPAGES_OUT", out, priority="cmdline")
    settings.set("DRUGPAGES_RUN_ID", run_id or new_run_id(), priority="cmdline")
    if mirror:
        settings.set("DRUGPAGES_MIRROR", mirror, priority="cmdline")
    process = CrawlerProcess(settings)
    kwargs = {"start_urls": start_urls} if start_urls else {}
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **kwargs)
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}


def archive_options(args: argparse.Namespace, given: dict[str, str]) -> dict[str, Any]:
    """The settings of ``--archive`` and its window; its options without it, or with --mirror, are usage errors."""
    if not args.archive:
        if args.at or args.from_ or args.to or args.seed_from_index:
            raise SourceError("--at, --from, --to and --seed-from-index go with --archive")
        return {}
    if args.mirror:
        raise SourceError("--archive and --mirror exclude each other")
    return archive_settings(args.archive, args.at, args.from_, args.to, args.seed_from_index, given)


def run_crawl(args: argparse.Namespace) -> int:
    """One writer per folder (output/lock.py): a second crawl into it waits ``--wait`` seconds, then exits 2."""
    if getattr(args, "frontier", None):  # workers of one shared run write together, coordinated by the frontier
        return crawl_locked(args)
    try:
        lock = FolderLock(args.out, f"drugpages crawl {args.spider}", args.wait,
                          lambda text: print(f"drugpages crawl: {text}", file=sys.stderr, flush=True)).acquire()
    except FolderLocked as exc:
        return exits.usage_error("crawl", exc)
    try:
        return crawl_locked(args)
    finally:
        lock.release()


def crawl_locked(args: argparse.Namespace) -> int:
    out = args.out
    try:
        settings_overrides = overrides(args.settings)
    except ValueError as exc:
        return exits.usage_error("crawl", exc)
    problem = settings_problem(project_settings(), settings_overrides)
    if problem:
        return exits.usage_error("crawl", problem)
    known = spider_names(project_settings(settings_overrides))
    if args.spider not in known:
        return exits.usage_error("crawl", f"no spider {args.spider!r}; spiders: {', '.join(known)}")
    if args.resume and args.frontier:
        return exits.usage_error("crawl", "--resume and --frontier exclude each other: a shared run recovers by leases")
    if args.resume:
        run_id = args.resume
        spec = load_spec(out, run_id)
        if spec is None:
            return exits.usage_error("crawl", f"no run {run_id!r} to resume under {out}/_runs")
        if is_published(out, run_id):
            return exits.usage_error("crawl", f"run {run_id} already finished; nothing to resume")
        if spec["spider"] != args.spider:
            return exits.usage_error("crawl", f"run {run_id} was a crawl of {spec['spider']!r}, not {args.spider!r}")
        mirror = args.mirror or spec.get("mirror")
        start_urls = spec.get("start_urls") or []
        settings = {**spec.get("settings", {}), **settings_overrides, "DRUGPAGES_RESUME": True}
    else:
        run_id, joined = args.run_id or new_run_id(), False
        if args.frontier:
            try:
                run_id, created = join_run(args.frontier, args.spider, run_id)
            except (ValueError, RedisError) as exc:
                return exits.usage_error("crawl", f"--frontier {args.frontier}: {exc}")
            joined = not created
        if load_spec(out, run_id) is not None and not joined:
            return exits.usage_error("crawl", f"run {run_id} exists under {out}; use --resume {run_id}")
        found = previous_run(out, args.spider)
        mirror, start_urls = args.mirror, args.start_urls
        settings = {**local_mirror_settings(mirror), **settings_overrides,
                    "DRUGPAGES_INCREMENTAL": bool(args.incremental),
                    "DRUGPAGES_PREVIOUS_RUN_ID": found[0] if found else None}
        try:
            settings.update(archive_options(args, settings_overrides))
        except SourceError as exc:
            return exits.usage_error("crawl", exc)
        if args.frontier:
            settings.update(frontier_settings(args.frontier, args.spider, run_id))
        if not joined:
            save_spec(out, run_id, {"spider": args.spider, "mirror": mirror, "start_urls": start_urls,
                                    "settings": settings})
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731 - one line each
    say(f"run {run_id}: {'resuming' if args.resume else 'starting'} a crawl of {args.spider} into {out}")
    stats = crawl(args.spider, out, mirror, start_urls, settings, run_id)
    reason, counts, code = stats.get("finish_reason"), stats.get("drugpages/counts"), exits.for_run(stats)
    if reason == "lease lost":
        lease = settings.get("DRUGPAGES_FRONTIER_LEASE", crawler_defaults.DRUGPAGES_FRONTIER_LEASE)
        say(f"run {run_id}: this worker stalled past its lease ({lease} s) and left; its requests went back to the "
            "shared queue and the other workers finish the run")
        return code
    if reason != "finished":
        say(f"run {run_id} stopped ({reason}): failed; resume with --resume {run_id}")
        return code
    if counts is None:
        say(f"run {run_id} ended but was not published (see the errors above); resume with --resume {run_id}")
        return code
    print_summary(out, run_id)
    report_text = read_state(out, run_id, REPORT)
    if report_text is not None:
        report = json.loads(report_text)
        say(summary(report))
        if not report["passed"]:
            say(f"report: {stats.get('drugpages/monitor_report')}")
    return code
