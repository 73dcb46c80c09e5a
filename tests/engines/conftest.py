"""The engines the conformance suite runs against: each question is asked of every engine
(``make_engine`` is parametrised by name), and the in-memory engine is the reference.

Spark is tested on a real standalone cluster (a master and two workers on loopback, started
once per test process: :mod:`tests.engines.spark_cluster`), through the same Parquet files a
pack holds. `make test` runs them in a process of their own (``-m spark``), which starts the
one cluster.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.engines.spark_cluster import (
    LIGHT_JAVA_OPTIONS,
    Cluster,
    has_spark,
    scratch_options,
    spark_defaults,
    standalone_cluster,
)
from timeline.model.dataset import Dataset
from timeline.query.engine import MemoryEngine, QueryEngine

Make = Callable[[Dataset], QueryEngine]
NO_SPARK = "no Spark: pip install pyspark and apt-get install openjdk-17-jre-headless"


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A standalone cluster, up for the rest of this test process."""
    if not has_spark():
        if os.environ.get("CI") == "true":  # as for Chromium: CI must run every engine
            pytest.fail(NO_SPARK)
        pytest.skip(NO_SPARK)
    folder = tmp_path_factory.mktemp("spark")
    options = f"{LIGHT_JAVA_OPTIONS} {scratch_options(folder / 'scratch')}"
    conf = spark_defaults(folder / "conf", options)
    with (
        pytest.MonkeyPatch.context() as env,
        standalone_cluster(folder, java_options=options) as cluster,
    ):
        env.setenv("SPARK_CONF_DIR", str(conf))  # the driver and executors this process starts
        yield cluster
        from pyspark.sql import SparkSession

        session = SparkSession.getActiveSession()  # the tests' own; never a new one
        if session is not None:
            session.stop()  # before the cluster it runs on


@pytest.fixture(scope="session")
def spark_master(spark_cluster: Cluster) -> str:
    """The URL of the tests' standalone cluster."""
    return spark_cluster.master


def parquet_of(dataset: Dataset, folder: Path) -> tuple[Path, Path]:
    """The dataset's engine tables written as Parquet files, as a pack holds them."""
    from timeline.query.engine import engine_tables

    folder.mkdir(parents=True, exist_ok=True)
    events, excerpts = engine_tables(dataset)
    paths = folder / "events.parquet", folder / "excerpts.parquet"
    pq.write_table(events, paths[0])
    pq.write_table(excerpts, paths[1])
    return paths


@pytest.fixture(
    params=[
        "memory",
        "duckdb",
        "duckdb-lanes",  # with each event's lanes as bits (timeline.query.lane_masks)
        pytest.param("spark", marks=pytest.mark.spark),
    ]
)
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_engine(
    request: pytest.FixtureRequest, engine_name: str, tmp_path_factory: pytest.TempPathFactory
) -> Make:
    """Builds the parametrised engine over a loaded dataset."""
    if engine_name == "memory":
        return MemoryEngine
    from timeline.query.ibis_engine import parquet_engine

    spark = engine_name == "spark"
    where = request.getfixturevalue("spark_master") if spark else "duckdb"

    def over_parquet(dataset: Dataset) -> QueryEngine:
        events, excerpts = parquet_of(dataset, tmp_path_factory.mktemp("tables"))
        engine = parquet_engine(events, excerpts, engine=where)
        if engine_name == "duckdb-lanes":
            engine.build_lane_masks()
            assert engine.masks is not None
        return engine

    return over_parquet


def view_requests(app: Any) -> Callable[[str], dict]:
    """Ask ``app`` (through its callback endpoint, as the page does) for the view of an
    address: the view callback's answer, by component id."""
    from timeline.web import ids
    from timeline.web.client import ENDPOINT, Callbacks

    client = app.server.test_client()
    render = Callbacks.of(client).find(f"{ids.GRAPH}.figure")

    def draw(search: str) -> dict:
        body = Callbacks.body(render, {f"{ids.URL}.search": search, f"{ids.VIEWPORT}.data": 1280})
        answer = client.post(ENDPOINT, json=body)
        assert answer.status_code == 200
        return answer.get_json()["response"]

    return draw
