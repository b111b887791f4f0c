"""drugpages: crawl drug-information sites, extract facts with evidence, publish Parquet datasets.

Exit codes: 0 done; 1 a run did not finish cleanly (resume it); 2 bad arguments
or input (said on stderr, no traceback); 3 a crawl finished but its monitors
failed it (report in OUT/_runs/RUN_ID/monitors.json).
"""

from __future__ import annotations

import argparse
import sys

from drugpages.commands import bench, crawl, demo, extract, qa, query

COMMAND_GROUPS = (crawl, extract, demo, query, qa, bench)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="drugpages", description=__doc__.split("\n\n")[0],
                                epilog=__doc__.split("\n\n")[1])
    sub = p.add_subparsers(dest="command", required=True)
    for group in COMMAND_GROUPS:
        group.add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


def run() -> None:
    sys.exit(main())
