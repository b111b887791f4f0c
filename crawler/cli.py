"""The ``drugpages`` command: crawl, extract (from WARC), demo, serve-mirror.

Exit codes: 0 the run finished; 1 the run did not finish cleanly; 2 bad
arguments or input (said on stderr, no traceback); 3 the crawl finished but
its monitors failed it (report in OUT/_runs/RUN_ID/monitors.json).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_MONITORS = 0, 1, 2, 3
err = Console(stderr=True)


def _overrides(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise SystemExit(f"drugpages: -s takes NAME=VALUE, not {pair!r}")
        out[name] = value
    return out


def crawl(spider: str, out: str, mirror: str | None = None, start_urls: list[str] | None = None,
          overrides: dict[str, Any] | None = None, run_id: str | None = None) -> dict[str, Any]:
    """Run one spider in this process; returns the Scrapy stats of the run."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.run import new_run_id

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(overrides or {}, priority="cmdline")
    settings.set("DRUGPAGES_OUT", out, priority="cmdline")
    settings.set("DRUGPAGES_RUN_ID", run_id or new_run_id(), priority="cmdline")
    if mirror:
        settings.set("DRUGPAGES_MIRROR", mirror, priority="cmdline")
    process = CrawlerProcess(settings)
    if spider not in process.spider_loader.list():
        raise SystemExit(f"drugpages: no spider {spider!r}; spiders: {', '.join(process.spider_loader.list())}")
    kwargs = {"start_urls": start_urls} if start_urls else {}
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **kwargs)
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}


def extract(inputs: list[str], out: str, workers: int | None = None) -> dict[str, Any]:
    """Re-extract WARC files into a new run of the dataset, with no network."""
    from crawler.pool import default_workers
    from crawler.run import RECORDED_SETTINGS, new_run_id, versions
    from crawler.warc import ReadStats, read_captures, warc_files
    from extract import extract_page
    from extract.lexicon import warm
    from output.dataset import DatasetWriter

    paths = warc_files(inputs)
    writer = DatasetWriter(out, new_run_id())
    stats = ReadStats()
    outcomes = {"page": 0, "error": 0, "skip": 0}
    workers = workers or default_workers()
    window: deque = deque()

    def drain(limit: int) -> None:
        while len(window) > limit:
            capture, future = window.popleft()
            outcomes[writer.add_result(future.result(), capture.fetched_at)] += 1

    warm()  # load the dictionary once; forked workers share it (see crawler.pool)
    gc.freeze()
    with ProcessPoolExecutor(max_workers=workers, initializer=warm) as pool:
        for capture in read_captures(paths, stats):
            if capture.status >= 400:
                writer.add_error(capture.url, "fetch", f"HTTP {capture.status}", "archived error response",
                                 capture.fetched_at)
                outcomes["error"] += 1
                continue
            if 300 <= capture.status < 400:
                writer.add_skip(capture.url, "extract", "redirect")
                outcomes["skip"] += 1
                continue
            window.append((capture, pool.submit(extract_page, capture.url, capture.body, capture.headers,
                                                capture.status)))
            drain(workers * 8)
        drain(0)
    extra = {"warc_files": stats.files, "warc_records": stats.records, "warc_responses": stats.responses,
             **{f"warc_skipped_{k}": v for k, v in stats.skipped.items()},
             **{f"outcome_{k}s": v for k, v in outcomes.items()}}
    settings = dict.fromkeys(RECORDED_SETTINGS) | {"DRUGPAGES_EXTRACT_WORKERS": workers}
    counts = writer.close("extract", " ".join(inputs), "finished", settings, versions(), extra)
    return {"run_id": writer.run_id, "counts": counts}


def print_summary(root: str, run_id: str, console: Console) -> None:
    from output.summary import run_summary

    s = run_summary(root, run_id)
    table = Table(title=f"drugpages run {s['run_id']}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for page_type, n in s["pages_by_type"].items():
        table.add_row(f"pages: {page_type}", str(n))
    for key in ("drugs", "approved_uses", "off_label_uses", "brand_names", "co_medications", "referring_links",
                "errors", "skips"):
        table.add_row(key.replace("_", " "), str(s[key]))
    console.print(table)


def demo(out: str) -> int:
    from crawler.mirror_server import MirrorServer

    console = Console()
    started = time.monotonic()
    with MirrorServer() as mirror:
        console.print(f"serving the bundled mirror at {mirror}")
        stats = crawl("emedtv", out, mirror=mirror, overrides={
            "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "LOG_LEVEL": "WARNING",
        })
    run_id = stats.get("drugpages/run_id")
    if not run_id:
        err.print("drugpages: the demo crawl wrote no run")
        return EXIT_FAILED
    print_summary(out, run_id, console)
    console.print(f"dataset: {Path(out).resolve()} (one folder per table, run_id={run_id})")
    console.print(f"WARC:    {Path(out, 'warc').resolve()}")
    console.print(f"took {time.monotonic() - started:.1f} s")
    return EXIT_OK if stats.get("finish_reason") == "finished" else EXIT_FAILED


# Modules adding subcommands: each has add_parsers(subparsers), and sets
# ``handler=callable(args) -> exit code`` on its parsers with set_defaults.
COMMAND_MODULES: tuple[str, ...] = ("output.query", "output.qa_cli", "bench.cli")


def main(argv: list[str] | None = None) -> int:
    import importlib

    parser = argparse.ArgumentParser(prog="drugpages", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        importlib.import_module(module).add_parsers(sub)
    p = sub.add_parser("crawl", help="run a spider; write WARC and the dataset under --out")
    p.add_argument("spider")
    p.add_argument("--out", required=True)
    p.add_argument("--mirror", help="fetch SCHEME://HOST/PATH from MIRROR/HOST/PATH, keep original URLs")
    p.add_argument("--start-url", action="append", default=[], dest="start_urls")
    p.add_argument("-s", action="append", default=[], dest="settings", metavar="NAME=VALUE")
    p.add_argument("--run-id")
    p.add_argument("--incremental", action="store_true",
                   help="conditional requests against the latest run; unchanged pages are not re-extracted")
    p.add_argument("--resume", metavar="RUN_ID", help="finish a run that was killed or stopped")
    p = sub.add_parser("extract", help="re-extract WARC files (ours or any archive's) into the dataset")
    p.add_argument("inputs", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--workers", type=int)
    p = sub.add_parser("demo", help="serve the bundled mirror, crawl it, print a summary")
    p.add_argument("--out", default="demo-output")
    p = sub.add_parser("serve-mirror", help="serve the bundled mirror on 127.0.0.1 until interrupted")
    p.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is not None:
        return handler(args)

    if args.command == "crawl":
        from crawler.crawl_command import run_crawl

        return run_crawl(args, crawl, _overrides(args.settings))
    if args.command == "extract":
        try:
            result = extract(args.inputs, args.out, args.workers)
        except FileNotFoundError as exc:
            err.print(f"drugpages: {exc}")
            return EXIT_USAGE
        print_summary(args.out, result["run_id"], Console())
        err.print(f"run {result['run_id']} finished: {result['counts']}")
        return EXIT_OK
    if args.command == "demo":
        return demo(args.out)
    if args.command == "serve-mirror":
        from crawler.mirror_server import MirrorServer

        server = MirrorServer(port=args.port)
        with server as url:
            print(f"serving {url} (Ctrl-C to stop)", flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
        return EXIT_OK
    return EXIT_USAGE


def run() -> None:
    sys.exit(main())

