"""``drugpages extract INPUT ... --out DIR``: re-extract WARC files into a new run, with no network."""

from __future__ import annotations

import argparse
import atexit
import sys
from collections import deque
from typing import Any

from drugpages import exits
from drugpages.arguments import at_least
from drugpages.commands.crawl import overrides, project_settings
from drugpages.commands.extract_spark import SparkJobFailed, spark_extract
from drugpages.summary import print_summary
from extract.pool import ExtractionPool
from output.dataset import DatasetWriter
from output.lock import FolderLock, FolderLocked
from output.reextract import OUTCOMES, run_counts, triage
from output.runs import RECORDED_SETTINGS, new_run_id, versions
from output.warc import Capture, NotWarcError, ReadStats, read_records, warc_files


def add_parsers(subparsers: Any) -> None:
    p = subparsers.add_parser("extract", help="re-extract WARC files (ours or any archive's) into the dataset")
    p.add_argument("inputs", nargs="+", help="WARC files (.warc, .warc.gz) or folders of them")
    p.add_argument("--out", required=True, help="dataset folder or URI; the extraction is a new run in it")
    p.add_argument("--workers", type=at_least(0), help="extraction processes (default: one per core)")
    p.add_argument("--max-bytes", type=at_least(1), default=None, metavar="N",
                   help="largest record block and decoded body read (default: the crawl's DOWNLOAD_MAXSIZE); "
                        "larger records are error rows")
    p.add_argument("--spark", metavar="MASTER",
                   help="run as Spark tasks, one per WARC file: local[N], spark://HOST:PORT, yarn, k8s://...")
    p.add_argument("--spark-conf", action="append", default=[], metavar="KEY=VALUE",
                   help="--spark: a Spark setting (spark.cores.max=4, spark.executor.memory=4g, ...)")
    p.set_defaults(handler=run_extract)


def default_max_bytes() -> int:
    """The crawl's response size limit: a record re-extracted is held to what the crawl would have accepted."""
    return project_settings().getint("DOWNLOAD_MAXSIZE")


def extract(inputs: list[str], out: str, workers: int | None = None, max_bytes: int | None = None) -> dict[str, Any]:
    """Re-extract WARC files into a new run of the dataset, with no network."""
    limit = max_bytes or default_max_bytes()
    paths = warc_files(inputs)
    writer = DatasetWriter(out, new_run_id())
    stats = ReadStats()
    outcomes = dict.fromkeys(OUTCOMES, 0)
    pool = ExtractionPool(workers)
    window: deque = deque()

    def drain(limit: int) -> None:
        while len(window) > limit:
            capture, future = window.popleft()
            outcomes[writer.add_result(future.result(), capture.fetched_at)] += 1

    try:
        for capture in read_records(paths, stats, limit):
            outcome = triage(writer, capture)
            if outcome is not None:
                outcomes[outcome] += 1
                continue
            assert isinstance(capture, Capture)
            window.append((capture, pool.submit(capture.url, capture.body, capture.headers, capture.status)))
            drain(pool.workers * 8)
        drain(0)
    finally:
        pool.close()
    extra = run_counts(stats, outcomes)
    settings = dict.fromkeys(RECORDED_SETTINGS) | {"DRUGPAGES_EXTRACT_WORKERS": pool.workers, "DOWNLOAD_MAXSIZE": limit}
    counts = writer.close("extract", " ".join(inputs), "finished", settings, versions(), extra)
    return {"run_id": writer.run_id, "counts": counts}


def run_extract(args: argparse.Namespace) -> int:
    try:  # one writer per folder (output/lock.py); released when this process ends, however it ends
        lock = FolderLock(args.out, "drugpages extract").acquire()
    except FolderLocked as exc:
        return exits.usage_error("extract", exc)
    atexit.register(lock.release)
    try:  # every input is a WARC, or the command is refused before a run starts
        warc_files(args.inputs)
    except (FileNotFoundError, NotWarcError) as exc:
        return exits.usage_error("extract", exc)
    if args.workers and args.spark:
        return exits.usage_error("extract", "--workers is for local processes; with --spark, Spark's cores work")
    if args.spark_conf and not args.spark:
        return exits.usage_error("extract", "--spark-conf goes with --spark")
    try:
        conf = overrides(args.spark_conf)
    except ValueError as exc:
        return exits.usage_error("extract", exc)
    try:
        if args.spark:
            result = spark_extract(args.inputs, args.out, args.spark, args.max_bytes or default_max_bytes(), conf)
        else:
            result = extract(args.inputs, args.out, args.workers, args.max_bytes)
    except (FileNotFoundError, NotWarcError) as exc:
        return exits.usage_error("extract", exc)
    except SparkJobFailed as exc:
        print(f"drugpages extract: the Spark job failed; {exc}", file=sys.stderr)
        return exits.FAILED
    print_summary(args.out, result["run_id"])
    print(f"run {result['run_id']} finished: {result['counts']}", file=sys.stderr)
    return exits.OK
