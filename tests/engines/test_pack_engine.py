"""An engine opened on a pack reads its query tables in place: the same answers as the
dataset loaded in memory, and a located error for every fault, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.load.loader import load_dataset
from timeline.model.problems import DatasetError
from timeline.pack.writer import pack_folder
from timeline.query.engine import MemoryEngine
from timeline.query.filters import Filters
from timeline.query.ibis_engine import pack_engine
from timeline.query.view import ViewState

VIEWS = [
    ViewState(),
    ViewState(filters=Filters(actors=("League",))),
    ViewState(filters=Filters(query="rail goods", date_from="1900")),
    ViewState(window=("1999-01-01", "2001-05-03")),
]


@pytest.fixture
def pack(tiny_dataset: Path, tmp_path: Path) -> Path:
    out = tmp_path / "pack"
    pack_folder(tiny_dataset, out)
    return out


def problems_of(pack: Path, engine: str = "duckdb") -> list[str]:
    with pytest.raises(DatasetError) as caught:
        pack_engine(pack, engine=engine)
    return [str(p) for p in caught.value.problems]


def test_a_pack_answers_as_the_dataset_it_holds(pack: Path) -> None:
    reference, engine = MemoryEngine(load_dataset(pack)), pack_engine(pack)
    for view in VIEWS:
        assert engine.count(view) == reference.count(view)
        assert engine.events(view, limit=10).equals(reference.events(view, limit=10))
        assert engine.choices(view, "theme") == reference.choices(view, "theme")
    assert engine.excerpts("summit").equals(reference.excerpts("summit"))


@pytest.mark.spark
def test_a_pack_answers_alike_on_the_cluster(pack: Path, spark_master: str) -> None:
    reference, engine = MemoryEngine(load_dataset(pack)), pack_engine(pack, engine=spark_master)
    assert engine.name == "spark"
    for view in VIEWS[:2]:
        assert engine.events(view, limit=10).equals(reference.events(view, limit=10))


def test_a_changed_or_missing_query_table_is_named(pack: Path) -> None:
    events = pack / "query_events.parquet"
    data = bytearray(events.read_bytes())
    data[len(data) // 2] ^= 0xFF
    events.write_bytes(bytes(data))
    (pack / "query_excerpts.parquet").unlink()
    found = problems_of(pack)
    assert any("query_events.parquet" in p and "SHA-256" in p for p in found), found
    assert any("query_excerpts.parquet" in p and "missing" in p for p in found), found
    # and the loader, which checks the whole pack, says the same
    with pytest.raises(DatasetError) as caught:
        load_dataset(pack)
    assert any("query_events.parquet" in str(p) for p in caught.value.problems)


def test_a_manifest_without_query_tables_and_an_unknown_engine(pack: Path) -> None:
    manifest = json.loads((pack / "manifest.json").read_text())
    del manifest["query"]
    (pack / "manifest.json").write_text(json.dumps(manifest))
    found = problems_of(pack, engine="oracle")
    assert any("unknown engine 'oracle'" in p for p in found), found
    assert any("manifest.json" in p and "no query tables" in p for p in found), found
    with pytest.raises(DatasetError) as caught:
        load_dataset(pack)
    assert any("'query'" in str(p) for p in caught.value.problems), caught.value.problems
