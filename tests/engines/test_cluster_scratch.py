"""The tests' Spark cluster keeps its JVMs' temporary files (the native libraries Spark
unpacks, the shuffle and block files) in the test session's folder: every run used to leave
six of them, 1.6 MB, in the machine's temporary folder."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from tests.engines.spark_cluster import Cluster

pytestmark = pytest.mark.spark


def test_every_jvm_of_the_cluster_keeps_its_files_in_the_session_folder(
    spark_cluster: Cluster,
) -> None:
    from timeline.query.ibis_engine import spark_session

    session = spark_session(spark_cluster.master)
    assert session.range(1000).repartition(2).count() == 1000  # a shuffle on the executors
    (scratch,) = {
        Path(o.split("=", 1)[1])
        for o in spark_cluster.java_options.split()
        if o.startswith("-Djava.io.tmpdir=")
    }
    jvms = [p for p in psutil.Process().children(recursive=True) if p.name() == "java"]
    roles = {_role(p.cmdline()) for p in jvms}
    assert roles == {"Master", "Worker", "driver", "executor"}, roles
    for jvm in jvms:
        assert f"-Djava.io.tmpdir={scratch}" in jvm.cmdline(), _role(jvm.cmdline())
    assert any(scratch.glob("spark-*/executor-*"))  # the executors' block and shuffle files


def _role(cmdline: list[str]) -> str:
    line = " ".join(cmdline)
    for daemon in ("Master", "Worker"):
        if f"org.apache.spark.deploy.{daemon.lower()}.{daemon}" in line:
            return daemon
    if "CoarseGrainedExecutorBackend" in line:
        return "executor"
    return "driver" if "org.apache.spark.deploy.SparkSubmit" in line else line
