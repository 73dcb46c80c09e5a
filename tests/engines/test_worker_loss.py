"""A real Spark cluster loses its workers while the app serves a pack on it: the page says
the engine failed and the app serves the next request. Its own module, run after the other
engine tests (the cluster is shared; one worker is started again at the end)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import write_synth_pack
from tests.engines.conftest import view_requests
from tests.engines.spark_cluster import Cluster, add_worker, kill_workers
from timeline.chart.options import ChartLimits
from timeline.query.pack_source import open_pack
from timeline.web import ids
from timeline.web.app import create_app

LIMITS = ChartLimits(detail=40)


@pytest.fixture(scope="module")
def synth_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synth_pack(tmp_path_factory.mktemp("lost") / "pack")


@pytest.mark.spark
def test_workers_killed_during_a_query_are_said_on_the_page_and_the_app_serves_on(
    synth_pack: Path, spark_cluster: Cluster, tmp_path: Path
):
    """A real cluster loses every worker while the view's query runs: the page says the
    engine failed (the query is cancelled at the deadline, not left waiting for workers);
    asked again with no worker, it says so again; once workers are back, it draws."""
    from pyspark.sql import SparkSession

    opened = open_pack(synth_pack, engine=spark_cluster.master)
    draw = view_requests(create_app(opened, limits=LIMITS))

    assert draw("")[ids.COUNT]["children"] == "600 of 600 events"
    opened.timeout = 8  # the deadline past which a question is cancelled, from now on
    tracker = SparkSession.getActiveSession().sparkContext.statusTracker()
    answers: list[dict] = []
    asking = threading.Thread(target=lambda: answers.append(draw("?theme=trade")))
    asking.start()
    while asking.is_alive() and not tracker.getActiveJobsIds():
        time.sleep(0.01)  # polling Spark for the query's job: the job, not the delay, ends it
    kill_workers(spark_cluster)
    asking.join(timeout=120)
    assert not asking.is_alive() and answers  # answered: drawn, or said to have failed
    note = answers[0][ids.LIST_NOTE]["children"]
    assert answers[0][ids.COUNT]["children"] or note.startswith("the spark engine failed")
    failed = in_time(lambda: draw("?theme=energy"))  # no worker at all: said, not waited on
    assert failed[ids.LIST_NOTE]["children"].startswith("the spark engine failed")
    assert failed[ids.COUNT]["children"] == ""
    add_worker(spark_cluster, tmp_path)  # a worker back: the tests after this one need one
    opened.timeout = 120
    assert draw("?theme=security")[ids.COUNT]["children"].endswith(" of 600 events")


def in_time(ask: Callable[[], dict], guard: float = 90.0) -> dict:
    """``ask()``'s answer, asked in a thread; fail rather than hang when there is none after
    ``guard`` seconds (a cancel that does not work would leave the request waiting for ever:
    a guard against a hang, not a measure of speed)."""
    answers: list[dict] = []
    asking = threading.Thread(target=lambda: answers.append(ask()))
    asking.start()
    asking.join(timeout=guard)
    assert answers, "no answer: the question was not cancelled"
    return answers[0]
