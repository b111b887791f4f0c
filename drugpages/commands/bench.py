"""``drugpages bench``: run the benchmark at one N and update BENCHMARKS.md."""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from pathlib import Path

from bench import report, scaling
from bench.run import REPO, Options, run
from drugpages import exits


def configure(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("-n", "--pages", type=int, default=2000, help="eMedTV articles in the generated mirror")
    p.add_argument("--reps", type=int, default=3, help="repetitions of every measurement")
    p.add_argument("--extract-reps", type=int, help="repetitions of re-extraction (default: --reps)")
    p.add_argument("--dailymed", type=int, help="DailyMed labels (default: N/50, at least 2)")
    p.add_argument("--skip-extract", action="store_true", help="measure only baseline A, the crawl and memory")
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir(), "drugpages-bench")),
                   help="mirror, crawl output and WARC (replaced at every run)")
    p.add_argument("--output", default=str(REPO / "BENCHMARKS.md"), help="the Markdown report to update")
    p.add_argument("--server", choices=("nginx", "twisted"), default="nginx",
                   help="static server (nginx falls back to twisted when not installed)")
    p.add_argument("--no-robots", action="store_true", help="ROBOTSTXT_OBEY=False for A and the crawl")
    p.add_argument("-s", action="append", default=[], dest="settings", metavar="NAME=VALUE",
                   help="extra Scrapy setting for A and the crawl")
    p.add_argument("--scaling", action="store_true",
                   help="instead: crawl workers on a Redis frontier (1, 2, 4) and Spark re-extraction (1, 2 cores) "
                        "against one process; writes the table into docs/SCALING.md")
    p.add_argument("--scaling-extract-pages", type=int, default=1600,
                   help="--scaling: generated articles re-extracted (the crawl uses -n)")
    p.set_defaults(handler=handle)
    return p


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    configure(subparsers.add_parser("bench", help="benchmark crawl, extraction and memory on a generated mirror"))


def handle_scaling(args: argparse.Namespace) -> int:
    output = REPO / "docs" / "SCALING.md" if args.output == str(REPO / "BENCHMARKS.md") else Path(args.output)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731 - one line each
    try:
        result = scaling.run(Path(args.workdir), args.pages, args.scaling_extract_pages, log, args.settings)
    except RuntimeError as exc:
        print(f"drugpages bench: {exc}", file=sys.stderr)
        return exits.FAILED
    command = "drugpages bench " + shlex.join(a for a in sys.argv[1:] if a != "bench")
    scaling.write(output, result, command)
    print(scaling.table(result), file=sys.stderr)
    print(f"wrote {output}", file=sys.stderr)
    return exits.OK


def handle(args: argparse.Namespace) -> int:
    if args.scaling:
        return handle_scaling(args)
    opts = Options(n=args.pages, reps=args.reps, workdir=Path(args.workdir), dailymed=args.dailymed,
                   robots=not args.no_robots, server=args.server, extract_reps=args.extract_reps,
                   skip_extract=args.skip_extract,
                   extra_settings=args.settings, log=lambda msg: print(msg, file=sys.stderr, flush=True))
    try:
        result = run(opts)
    except RuntimeError as exc:
        print(f"drugpages bench: {exc}", file=sys.stderr)
        return exits.FAILED
    command = "drugpages bench " + shlex.join(a for a in sys.argv[1:] if a != "bench")
    report.write(Path(args.output), result, command)
    print(f"wrote {args.output}", file=sys.stderr)
    return exits.OK
