"""``drugpages extract ... --spark MASTER``: re-extraction as Spark tasks, one per WARC file, one run.

Each task runs the same ``extract_page`` over its file (``output.reextract``)
and writes its parts with the dataset writer, but under a folder of its own
attempt (``OUT/_runs/<run>/spark/task-N-attempt-A``), committed (hidden) when
the file is done. Spark hands the driver one result per task, the attempt that
won; the driver moves exactly those parts into the run and publishes it once.
A failed attempt, a retried one or the loser of a speculative pair leaves only
a folder under ``_runs``, removed at the end: never a duplicate row, never a
partial file.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from pyarrow import fs as pafs

from output.dataset import DatasetWriter
from output.layout import open_root
from output.reextract import OUTCOMES, extract_files, run_counts
from output.runs import RECORDED_SETTINGS, new_run_id, versions
from output.warc import ReadStats, warc_files

# Fault injection for the tests: "fail:NAME" fails, "slow:NAME" stalls the first attempt at the WARC file NAME
# (several, comma-separated).
FAULT_ENV = "DRUGPAGES_SPARK_FAULT"
STALL_SECONDS = 120.0
LOCAL_RETRIES = 4  # local[N] runs a task once unless told otherwise; a cluster retries 4 times


class SparkJobFailed(RuntimeError):
    """The job gave up (a task failed on every attempt): the run is recorded as failed."""


def sub_uri(uri: str, path: str) -> str:
    """``uri`` with ``path`` appended to its path (an object-store URI keeps its ``?options``)."""
    base, sep, query = uri.partition("?")
    return f"{base.rstrip('/')}/{path}{sep}{query}"


def master_url(master: str) -> str:
    """``local[N]`` gets retries like a cluster (``local[N,4]``); any other master is Spark's to read."""
    found = re.fullmatch(r"local\[(\d+|\*)\]", master)
    return f"local[{found.group(1)},{LOCAL_RETRIES}]" if found else master


def session(master: str, conf: dict[str, str]) -> Any:
    """A Spark session whose Python workers run this interpreter (or $PYSPARK_PYTHON) unless ``conf`` says."""
    from pyspark.sql import SparkSession  # imported here: plain `drugpages extract` needs no JVM

    python = conf.get("spark.pyspark.python") or os.environ.get("PYSPARK_PYTHON") or sys.executable
    os.environ["PYSPARK_PYTHON"] = python  # what SparkContext gives the executors, whatever the master
    builder = SparkSession.builder.master(master_url(master)).appName("drugpages extract")
    settings = {"spark.pyspark.python": python, "spark.ui.showConsoleProgress": "false"} | conf
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def run_task(config: dict[str, Any], index: int, paths: Iterator[str]) -> Iterator[dict[str, Any]]:
    """One Spark task: its WARC files into parts under a folder of this attempt, committed when done."""
    from pyspark import TaskContext

    context = TaskContext.get()
    attempt = context.taskAttemptId() if context is not None else 0
    staging = sub_uri(config["staging"], f"task-{index:05d}-attempt-{attempt}")
    writer = DatasetWriter(staging, config["run_id"])
    files = [Path(p) for p in paths]
    stats, outcomes = extract_files(files, writer, config["limit"])
    writer.checkpoint(reopen=False)
    if context is not None and context.attemptNumber() == 0:
        _inject(config.get("fault"), files)  # after the commit: the attempt's parts are complete, and must not count
    yield {"task": index, "staging": staging, "stats": asdict(stats), "outcomes": outcomes,
           "attempt": context.attemptNumber() if context is not None else 0, "files": [f.name for f in files]}


def _inject(faults: str | None, files: list[Path]) -> None:
    for fault in (faults or "").split(","):
        kind, _, name = fault.partition(":")
        if not any(f.name == name for f in files):
            continue
        if kind == "fail":
            raise RuntimeError(f"injected failure of the first attempt at {name}")
        if kind == "slow":
            time.sleep(STALL_SECONDS)


def spark_extract(inputs: list[str], out: str, master: str, limit: int,
                  conf: dict[str, str] | None = None) -> dict[str, Any]:
    """Re-extract WARC files as Spark tasks into one new run of ``out`` (which every executor must reach)."""
    paths = [str(p.resolve()) for p in warc_files(inputs)]
    run_id, started = new_run_id(), datetime.now(UTC)
    staging = sub_uri(out, f"_runs/{run_id}/spark")
    config = {"run_id": run_id, "staging": staging, "limit": limit, "fault": os.environ.get(FAULT_ENV)}
    spark = session(master, conf or {})
    cores = spark.sparkContext.defaultParallelism
    try:
        context = spark.sparkContext
        tasks = context.parallelize(paths, len(paths)).mapPartitionsWithIndex(partial(run_task, config))
        results, failure = sorted(tasks.collect(), key=lambda r: r["task"]), ""
    except Exception as exc:  # py4j's error for a job that gave up
        results, failure = None, " ".join(str(exc).split())[:2000]
    finally:
        spark.stop()
    writer = DatasetWriter(out, run_id)
    writer.started_at = started
    stats, outcomes = ReadStats(), dict.fromkeys(OUTCOMES, 0)
    for result in results or []:
        writer.adopt(result["staging"])
        _merge(stats, outcomes, result)
        if result["attempt"]:  # the first attempt failed, or a speculative copy overtook it
            print(f"spark: task {result['task']} ({', '.join(result['files'])}) done by attempt {result['attempt']}",
                  file=sys.stderr)
    settings = dict.fromkeys(RECORDED_SETTINGS) | {"DOWNLOAD_MAXSIZE": limit, "DRUGPAGES_SPARK_MASTER": master,
                                                   "DRUGPAGES_SPARK_CORES": cores, **(conf or {})}
    reason = "finished" if results is not None else "spark job failed"
    counts = writer.close("extract", " ".join(inputs), reason, settings, versions(), run_counts(stats, outcomes))
    filesystem, folder = open_root(staging)
    if filesystem.get_file_info(folder).type != pafs.FileType.NotFound:
        filesystem.delete_dir(folder)
    if results is None:
        raise SparkJobFailed(f"run {run_id}: {failure}")
    return {"run_id": run_id, "counts": counts}


def _merge(stats: ReadStats, outcomes: dict[str, int], result: dict[str, Any]) -> None:
    part = result["stats"]
    stats.files += part["files"]
    stats.records += part["records"]
    stats.responses += part["responses"]
    stats.bad += part["bad"]
    for reason, n in part["skipped"].items():
        stats.skipped[reason] = stats.skipped.get(reason, 0) + n
    for outcome, n in result["outcomes"].items():
        outcomes[outcome] += n
