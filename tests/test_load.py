"""Load: the real app behind waitress on loopback, 8 concurrent clients changing filters.

Every request must be answered with a figure: no errors, no lost responses. The latency
percentiles and throughput are printed in the normal pytest output (not asserted: they depend
on the machine). The driver is ``bench/load.py``, which prints the same numbers on its own.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from timeline.load.bundled import bundled_data

CLIENTS = 8  # twice the server's worker threads
REQUESTS_PER_CLIENT = 40  # 320 requests: about 8 s on 2 cores
FEW_REQUESTS = 5  # 40 requests, the same 8 clients at once: the quick run's case
REQUEST_TIMEOUT = 30.0  # seconds per request; a hung worker shows as an error
BENCH = Path(__file__).resolve().parents[1] / "bench" / "load.py"


@pytest.fixture(scope="module")
def load() -> ModuleType:
    """bench/load.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("bench_load", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def server_url(load: ModuleType) -> Iterator[str]:
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" under load
    with load.serve(bundled_data(), threads=4) as url:
        assert url.startswith("http://127.0.0.1:")
        yield url


@pytest.mark.parametrize(
    "requests", [FEW_REQUESTS, pytest.param(REQUESTS_PER_CLIENT, marks=pytest.mark.slow)]
)
def test_concurrent_filter_changes_all_get_a_figure(
    load: ModuleType,
    server_url: str,
    requests: int,
    capsys: pytest.CaptureFixture[str],
    record_property,  # type: ignore[no-untyped-def]
) -> None:
    result = load.run_load(server_url, clients=CLIENTS, requests=requests, timeout=REQUEST_TIMEOUT)
    with capsys.disabled():
        print(f"\nload ({load.machine()}): {result.summary()}")
    record_property("p50_ms", round(result.percentile(50)))
    record_property("p99_ms", round(result.percentile(99)))
    record_property("requests_per_s", round(result.answered / result.wall, 1))
    assert result.errors == []
    assert result.answered == CLIENTS * requests


def test_the_load_plans_vary_the_filters(load: ModuleType) -> None:
    """The requests are not one cached view repeated: many distinct filter mixes per client."""
    plan = load.searches(["A", "B", "C"], ["t", "u"], REQUESTS_PER_CLIENT, seed=0)
    assert len(set(plan)) > REQUESTS_PER_CLIENT // 2
    assert any("actor=" in s for s in plan) and any("q=" in s for s in plan)
    assert any("from=" in s for s in plan) and any("theme=" in s for s in plan)


def test_a_failed_answer_is_counted_as_an_error(load: ModuleType) -> None:
    """The driver's check can fail: a reply without a figure is not counted as answered."""
    assert not load.has_figure(b'{"response": {"event-count": {"children": "0 of 3"}}}')
    assert not load.has_figure(b"<html>500</html>")
    assert load.has_figure(b'{"response": {"timeline-graph": {"figure": {"data": []}}}}')
