"""The engines the conformance suite runs against: each question is asked of every engine
(the ``engine`` fixture is parametrised by name), and the in-memory engine is the reference."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from timeline.model.dataset import Dataset
from timeline.query.engine import MemoryEngine, QueryEngine

Make = Callable[[Dataset], QueryEngine]


def _duckdb(dataset: Dataset) -> QueryEngine:
    from timeline.query.ibis_engine import duckdb_engine

    return duckdb_engine(dataset)


ENGINES: dict[str, Make] = {"memory": MemoryEngine, "duckdb": _duckdb}


@pytest.fixture(params=sorted(ENGINES))
def make_engine(request: pytest.FixtureRequest) -> Make:
    """Builds the parametrised engine over a loaded dataset."""
    return ENGINES[request.param]
