"""Shared fixtures: small datasets written into tmp_path, so no test depends on bundled data."""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from chromium import HAS_CHROMIUM
from hypothesis import HealthCheck, settings

IN_CI = os.environ.get("CI") == "true"

# Hypothesis profiles. The one used is, in this order:
#   1. HYPOTHESIS_PROFILE, when set ("quick", "ci" or "thorough");
#   2. "ci" when CI=true;
#   3. "quick" otherwise: a plain local `pytest` tries each property on a few cases.
# CI (.ci/run) sets HYPOTHESIS_PROFILE=ci, so it runs the full profile whether or not its
# environment says CI=true; a plain `make test` or `pytest` runs "quick".
# The deadline catches hangs, not slowness: a loaded CI machine must not make it flaky.
_SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large]
CI_EXAMPLES = 200
for _name, _examples, _deadline in (
    ("quick", 20, 10_000),
    ("ci", CI_EXAMPLES, 10_000),
    ("thorough", 3000, 5000),
):
    settings.register_profile(
        _name, max_examples=_examples, deadline=_deadline, suppress_health_check=_SLOW_DATA
    )
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "quick")
settings.load_profile(HYPOTHESIS_PROFILE)


def scaled_examples(full: int, least: int = 2) -> int:
    """Examples for a property that tries ``full`` cases in the "ci" profile: the same share
    of them as the loaded profile's default is of ci's (a tenth under "quick"), at least
    ``least``. A costly property sets its own count through this, so the quick run stays quick
    and CI still runs it in full."""
    return max(least, math.ceil(full * settings().max_examples / CI_EXAMPLES))


NO_CHROMIUM = "no Chromium: apt-get install chromium, or set BROWSER_PATH (never downloaded here)"


def pytest_report_header(config: pytest.Config) -> str:
    return f"hypothesis profile: {HYPOTHESIS_PROFILE}; chromium: {HAS_CHROMIUM}"


SPARK_TESTS = Path(__file__).parent / "engines"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that need Chromium (marked ``browser`` or ``chromium``) are skipped with one
    reason when there is none; in CI (CI=true) a missing Chromium fails the run instead.
    Spark tests live in tests/engines, the only folder `make test`'s Spark run collects."""
    astray = [
        i.nodeid
        for i in items
        if i.get_closest_marker("spark") and not i.path.is_relative_to(SPARK_TESTS)
    ]
    if astray:
        raise pytest.UsageError(
            f"Spark tests outside {SPARK_TESTS.name}/, which `make test` runs them from: {astray}"
        )
    if HAS_CHROMIUM:
        return
    needing = [i for i in items if "browser" in i.keywords or i.get_closest_marker("chromium")]
    if not needing:
        return
    if IN_CI:
        raise pytest.UsageError(f"{len(needing)} tests need Chromium in CI; {NO_CHROMIUM}")
    for item in needing:
        item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


ARTICLE_A = (
    "Leaders of Ruritania and Freedonia met in 1648 to sign the Treaty of Westphalia-by-the-Sea.\n"
    "In March 1990 the two states opened a rail link.\n"
    "Ruritania’s envoy said the “old friendship” was renewed on 2 May 2001.\n"
)
ARTICLE_B = (
    "The rail link, opened in March 1990, carried goods for a decade.\n"
    "A summit on 2 May 2001 renewed the old friendship.\n"
)

VOCABULARY = [
    {"kind": "actor", "name": "Ruritania", "description": "A kingdom"},
    {"kind": "actor", "name": "Freedonia", "description": "A republic"},
    {"kind": "actor", "name": "League", "description": "An organisation"},
    {"kind": "theme", "name": "treaty", "description": "Agreements"},
    {"kind": "theme", "name": "trade", "description": "Goods and transport"},
]
SOURCES = [
    {"id": "a", "title": "Old friends", "published": "2001-05", "file": "a.txt", "note": ""},
    {"id": "b", "title": "[A rail story]", "published": "2001", "file": "b.txt", "note": ""},
]
EVENTS = [
    {
        "id": "westphalia",
        "date": "1648",
        "end_date": "",
        "title": "Treaty of Westphalia-by-the-Sea",
        "summary": "The two states sign a treaty.",
        "actors": "Ruritania;Freedonia",
        "themes": "treaty",
        "date_basis": "stated",
        "note": "",
    },
    {
        "id": "rail",
        "date": "1990-03",
        "end_date": "2000",
        "title": "Rail link in service",
        "summary": "A rail link carries goods.",
        "actors": "Ruritania;Freedonia",
        "themes": "trade",
        "date_basis": "stated",
        "note": "",
    },
    {
        "id": "summit",
        "date": "2001-05-02",
        "end_date": "",
        "title": "Friendship renewed",
        "summary": "A summit renews the friendship.",
        "actors": "Ruritania;Freedonia;League",
        "themes": "treaty",
        "date_basis": "stated",
        "note": "",
    },
]
EXCERPTS = [
    {
        "event_id": "westphalia",
        "source_id": "a",
        "quote": "Leaders of Ruritania and Freedonia met in 1648",
    },
    {
        "event_id": "rail",
        "source_id": "a",
        "quote": "In March 1990 the two states opened a rail link.",
    },
    {
        "event_id": "rail",
        "source_id": "b",
        "quote": "The rail link, opened in March 1990, carried goods for a decade.",
    },
    {
        "event_id": "summit",
        "source_id": "a",
        "quote": 'Ruritania\'s envoy said the "old friendship" was renewed on 2 May 2001.',
    },
    {
        "event_id": "summit",
        "source_id": "b",
        "quote": "A summit on 2 May 2001 renewed the old friendship.",
    },
]


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> None:
    """Write rows as CSV with the given (or first row's) columns."""
    columns = columns or (list(rows[0]) if rows else [])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_dataset(
    root: Path,
    *,
    events: list[dict[str, str]] | None = None,
    excerpts: list[dict[str, str]] | None = None,
    sources: list[dict[str, str]] | None = None,
    vocabulary: list[dict[str, str]] | None = None,
    articles: dict[str, str] | None = None,
) -> Path:
    """A complete dataset folder; pass any part to replace the valid default."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    for name, text in (articles or {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B}).items():
        (root / "sources" / name).write_text(text, encoding="utf-8")
    write_csv(
        root / "vocabulary.csv",
        VOCABULARY if vocabulary is None else vocabulary,
        ["kind", "name", "description"],
    )
    write_csv(
        root / "sources.csv",
        SOURCES if sources is None else sources,
        list(dict.fromkeys(k for row in (sources or SOURCES) for k in row)),
    )
    write_csv(
        root / "events.csv",
        EVENTS if events is None else events,
        list(EVENTS[0]) if not events else list(events[0]),
    )
    write_csv(
        root / "excerpts.csv",
        EXCERPTS if excerpts is None else excerpts,
        list(dict.fromkeys(k for row in (excerpts or EXCERPTS) for k in row)),
    )
    return root


def write_synth_pack(out: Path, *, events: int = 600, seed: int = 7) -> Path:
    """A synthetic dataset written as a pack by ``timeline synth --format parquet``."""
    from click.testing import CliRunner

    from timeline.cli import main

    args = ["synth", "--events", str(events), "--format", "parquet", "--seed", str(seed)]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def make_dataset(tmp_path: Path) -> Callable[..., Path]:
    """Factory: ``make_dataset(events=[...])`` writes a dataset under tmp_path and returns it."""
    counter = iter(range(1000))

    def factory(**parts: object) -> Path:
        return write_dataset(tmp_path / f"dataset{next(counter)}", **parts)  # type: ignore[arg-type]

    return factory


@pytest.fixture
def tiny_dataset(make_dataset: Callable[..., Path]) -> Path:
    """A valid three-event dataset with years before 1677, spans and two articles."""
    return make_dataset()
