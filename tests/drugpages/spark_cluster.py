"""A real standalone Spark cluster on 127.0.0.1: one master and two one-core workers, for one test module.

The workers are named by two host names of the loopback address (127.0.0.1 and
localhost): Spark runs a speculative copy of a task only on another host than
the first attempt, so two names make speculation possible on one machine.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyspark

SPARK_HOME = Path(pyspark.__file__).parent
WORKER_HOSTS = ("127.0.0.1", "localhost")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def spark_env(log_dir: Path) -> dict[str, str]:
    """What a driver and the daemons need: loopback only. No PYSPARK_PYTHON: the command gives the executors
    its own interpreter, as it must for a user who never heard of that variable."""
    env = os.environ | {"SPARK_HOME": str(SPARK_HOME), "SPARK_LOCAL_IP": "127.0.0.1", "SPARK_LOG_DIR": str(log_dir),
                        "SPARK_NO_DAEMONIZE": "1"}
    env.pop("PYSPARK_PYTHON", None)
    return env


@contextmanager
def spark_cluster(folder: Path, cores_per_worker: int = 1) -> Iterator[str]:
    """Start the master and workers, wait until every worker has registered; yield the master URL."""
    folder.mkdir(parents=True, exist_ok=True)
    env = spark_env(folder / "logs")
    port, ui = free_port(), free_port()
    spark_class = str(SPARK_HOME / "bin" / "spark-class")
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str) -> None:
        log = open(folder / f"{name}.log", "wb")  # noqa: SIM115 - the daemon's own log, closed with it
        procs.append(subprocess.Popen([spark_class, *args], env=env, stdout=log, stderr=subprocess.STDOUT))

    master = f"spark://127.0.0.1:{port}"
    try:
        start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
              "--webui-port", str(ui))
        for i, host in enumerate(WORKER_HOSTS):
            start(f"worker-{i}", "org.apache.spark.deploy.worker.Worker", master, "--host", host,
                  "--cores", str(cores_per_worker), "--memory", "2g", "--webui-port", str(free_port()),
                  "--work-dir", str(folder / f"work-{i}"))
        deadline = time.monotonic() + 120
        while _alive_workers(ui) < len(WORKER_HOSTS):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                logs = "\n".join((folder / f).read_text(errors="replace")[-2000:] for f in os.listdir(folder)
                                 if f.endswith(".log"))
                raise RuntimeError(f"the Spark cluster did not come up:\n{logs}")
            time.sleep(0.5)
        yield master
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _alive_workers(ui_port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=2) as resp:
            return int(json.load(resp).get("aliveworkers", 0))
    except (OSError, ValueError):
        return 0
