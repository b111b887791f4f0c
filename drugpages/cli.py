"""drugpages: crawl drug-information sites, extract facts with evidence, publish Parquet datasets.

Exit codes: 0 done; 1 a run did not finish cleanly (resume it); 2 bad arguments
or input (said on stderr, no traceback); 3 a crawl finished but its monitors
failed it (report in OUT/_runs/RUN_ID/monitors.json).
"""

from __future__ import annotations

import argparse
import atexit
import os
import sys

from drugpages import exits
from drugpages.arguments import OneLineParser, first_missing, out_problem, remove_empty
from drugpages.commands import bench, crawl, demo, extract, qa, query

COMMAND_GROUPS = (crawl, extract, demo, query, qa, bench)


def parser() -> argparse.ArgumentParser:
    p = OneLineParser(prog="drugpages", description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n")[1])
    sub = p.add_subparsers(dest="command", required=True)
    for group in COMMAND_GROUPS:
        group.add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    out = getattr(args, "out", None)
    problem = out_problem(out)  # before anything is written
    if problem:
        return exits.usage_error(args.command, problem)
    created = first_missing(out)
    ended: dict[str, int] = {}
    if created is not None:  # a run that never started leaves nothing behind, once its locks are released too
        atexit.register(lambda: ended.get("code") == exits.USAGE and remove_empty(created))
    code = ended["code"] = args.handler(args)
    if code == exits.USAGE and created is not None:
        remove_empty(created)
    return code


def run() -> None:
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `drugpages query ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes at exit
        code = 0
    sys.exit(code)
