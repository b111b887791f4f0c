"""``drugpages demo`` and ``drugpages serve-mirror``: the bundled mirror on 127.0.0.1, crawled or just served."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from rich.console import Console

from drugpages import exits
from drugpages.arguments import port
from drugpages.commands.crawl import MIRROR_SETTINGS, crawl
from drugpages.mirror_server import MirrorServer
from drugpages.summary import print_summary


def add_parsers(subparsers: Any) -> None:
    p = subparsers.add_parser("demo", help="serve the bundled mirror, crawl it, print a summary")
    p.add_argument("--out", default="demo-output", help="dataset folder (default ./demo-output)")
    p.set_defaults(handler=run_demo)
    p = subparsers.add_parser("serve-mirror", help="serve the bundled mirror on 127.0.0.1 until interrupted")
    p.add_argument("--port", type=port, default=8000, help="port on 127.0.0.1 (default 8000)")
    p.set_defaults(handler=serve_mirror)


def run_demo(args: argparse.Namespace) -> int:
    console = Console()
    started = time.monotonic()
    with MirrorServer() as mirror:
        console.print(f"serving the bundled mirror at {mirror}")
        stats = crawl("emedtv", args.out, mirror=mirror, overrides={**MIRROR_SETTINGS, "LOG_LEVEL": "WARNING"})
    run_id = stats.get("drugpages/run_id")
    if not run_id:
        console.print("drugpages: the demo crawl wrote no run", style="red")
        return exits.FAILED
    print_summary(args.out, run_id, console)
    console.print(f"dataset: {Path(args.out).resolve()} (one folder per table, run_id={run_id})")
    console.print(f"WARC:    {Path(args.out, 'warc').resolve()}")
    console.print(f"took {time.monotonic() - started:.1f} s")
    return exits.OK if stats.get("finish_reason") == "finished" else exits.FAILED


def serve_mirror(args: argparse.Namespace) -> int:
    with MirrorServer(port=args.port) as url:
        print(f"serving {url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return exits.OK
