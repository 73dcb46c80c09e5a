"""A real Spark standalone cluster on loopback for the conformance suite: a master and two
workers started from the pyspark package's own ``spark-class`` (Java 17 must be on the
machine; `make test` installs it), stopped with the test session. Each start is waited for
by reading its log for Spark's own line, never by sleeping."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT_S = 180  # a loaded two-core machine starts a JVM slowly

# The tests' JVMs (master, workers, the driver, the executors) compile with the quick JIT
# only and collect garbage on one thread: the tests ask small questions of short-lived JVMs,
# and with the default tiers and collectors the compiler and GC threads took about half the
# Spark tests' CPU (measured: 183 CPU-seconds, 94 with these), which the suite running beside
# them went without. Answers do not depend on them; the benchmarks run with Spark's defaults.
LIGHT_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def java_home() -> str | None:
    """JAVA_HOME, else the home of the ``java`` on PATH; None when there is no Java."""
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    return str(Path(java).resolve().parents[1]) if java else None


def has_spark() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return java_home() is not None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A running cluster: its master URL, its processes (the master first) and the options
    its JVMs start with."""

    master: str
    processes: list[subprocess.Popen]
    logs: list[Path]
    java_options: str = ""

    def workers(self) -> list[subprocess.Popen]:
        return self.processes[1:]


def scratch_options(folder: Path) -> str:
    """JVM options that keep a JVM's temporary files (the native libraries Spark unpacks,
    0.4 MB a JVM; the driver's and executors' block and shuffle folders, which Spark puts
    under java.io.tmpdir by default) in ``folder``, not in the machine's temporary folder,
    where every run left them."""
    folder.mkdir(parents=True, exist_ok=True)
    return f"-Djava.io.tmpdir={folder}"


def _environment(java_options: str = "") -> dict[str, str]:
    import pyspark

    env = {
        **os.environ,
        "SPARK_HOME": str(Path(pyspark.__file__).parent),
        "SPARK_LOCAL_IP": "127.0.0.1",  # else the web UIs bind every address
        "SPARK_NO_DAEMONIZE": "1",
    }
    home = java_home()
    if home:
        env["JAVA_HOME"] = home
    if java_options:
        env["SPARK_DAEMON_JAVA_OPTS"] = java_options  # the master's and the workers'
    return env


def spark_defaults(folder: Path, java_options: str) -> Path:
    """A Spark configuration folder whose ``spark-defaults.conf`` starts the driver and the
    executors with ``java_options``: ``SPARK_CONF_DIR`` names it for the process that makes
    the session (a driver's JVM options must be known before it starts)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spark-defaults.conf").write_text(
        f"spark.driver.extraJavaOptions {java_options}\n"
        f"spark.executor.extraJavaOptions {java_options}\n",
        encoding="utf-8",
    )
    return folder


def _start(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    spark_class = Path(env["SPARK_HOME"]) / "bin" / "spark-class"
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(spark_class), *args], stdout=out, stderr=subprocess.STDOUT, env=env,
            start_new_session=True,
        )  # fmt: skip


def _wait_for(process: subprocess.Popen, log: Path, line: str) -> None:
    """Until ``line`` is in the log: the process said it is up. Fails with the log's end
    when the process dies or the time runs out."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if line in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.2)  # polling the log: the condition, not the delay, ends the wait
    tail = log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"Spark did not say {line!r} (exit {process.poll()}):\n{tail}")


def add_worker(
    cluster: Cluster, folder: Path, env: dict[str, str] | None = None, *, wait: bool = True
) -> None:
    """Start one more worker (one core, 1 GB) for ``cluster``; with ``wait``, until it has
    registered with the master."""
    env = env or _environment(cluster.java_options)
    n = len(cluster.processes)
    log, work = folder / f"worker{n}.log", folder / f"work{n}"
    worker = _start(
        [
            "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
            "--cores", "1", "--memory", "1g", "--webui-port", str(_free_port()),
            "--work-dir", str(work), cluster.master,
        ],
        log, env,
    )  # fmt: skip
    cluster.processes.append(worker)
    cluster.logs.append(log)
    if wait:
        _wait_for(worker, log, "Successfully registered with master")


def kill_workers(cluster: Cluster) -> None:
    """Kill every worker and the executors they started (their process groups), at once."""
    for worker in cluster.workers():
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


@contextmanager
def standalone_cluster(
    folder: Path, *, workers: int = 2, java_options: str = ""
) -> Iterator[Cluster]:
    """A master and ``workers`` workers (one core, 1 GB each) on 127.0.0.1, their JVMs
    started with ``java_options``."""
    env = _environment(java_options)
    port = _free_port()
    master_url = f"spark://127.0.0.1:{port}"
    cluster = Cluster(master_url, [], [], java_options)
    try:
        log = folder / "master.log"
        master = _start(
            [
                "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", str(port), "--webui-port", str(_free_port()),
            ],
            log, env,
        )  # fmt: skip
        cluster.processes.append(master)
        cluster.logs.append(log)
        _wait_for(master, log, "Starting Spark master at")
        for _ in range(workers):  # started together, then waited for
            add_worker(cluster, folder, env, wait=False)
        for worker, log in zip(cluster.workers(), cluster.logs[1:], strict=True):
            _wait_for(worker, log, "Successfully registered with master")
        yield cluster
    finally:
        for process in reversed(cluster.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in cluster.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
