"""A synthetic dataset made and packed a part at a time is the dataset its CSV form loads as,
and its query tables are the ones `timeline pack` derives from it, whatever the parts."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_pack import assert_same

from timeline.load.loader import load_dataset
from timeline.model.pack_format import QUERY_FILES, DatasetPart
from timeline.pack.stream import write_parts
from timeline.pack.writer import PackError, pack_folder
from timeline.synth import generate_dataset, parts, vocabulary


@pytest.mark.parametrize(("events", "part_events"), [(300, 40), (157, 1000), (90, 7)])
def test_parts_pack_as_their_csv_form_does(tmp_path: Path, events: int, part_events: int) -> None:
    common = dict(events=events, seed=3, part_events=part_events)
    csv = generate_dataset(tmp_path / "csv", **common)
    streamed = generate_dataset(tmp_path / "streamed", writer=write_parts, **common)
    assert_same(load_dataset(streamed), load_dataset(csv))
    packed = tmp_path / "packed"
    pack_folder(csv, packed)
    for name, file in QUERY_FILES.items():
        mine, theirs = pq.read_table(streamed / file), pq.read_table(packed / file)
        assert mine.column_names == theirs.column_names, name
        assert mine.to_pylist() == theirs.to_pylist(), name
    assert not any(p.name.startswith(".") for p in streamed.iterdir())  # no work files left


def test_several_parts_are_made_and_numbered_across_them() -> None:
    made = list(parts(events=1000, seed=1, part_events=300))
    assert len(made) == 4
    ids = [i for part in made for i in part.events["id"]]
    assert len(set(ids)) == 1000 and ids == sorted(ids)  # each part numbers on from the last
    sources = [s for part in made for s in part.sources["id"]]
    assert len(set(sources)) == len(sources)
    for part in made:  # a part quotes only its own articles
        assert set(part.excerpts["source_id"]) <= set(part.sources["id"])


def test_the_writer_holds_one_part_at_a_time(tmp_path: Path) -> None:
    """Parts are asked for one by one, and when the next is asked for, no earlier one is
    still held: memory is one part's, whatever the size (a writer that gathered the parts
    first, or kept them, fails this)."""
    made: list[weakref.ref] = []
    held_when_asked: list[int] = []

    def watched():
        for part in parts(events=900, seed=4, part_events=100):
            gc.collect()
            held_when_asked.append(sum(ref() is not None for ref in made))
            made.append(weakref.ref(part.events))
            yield part
            del part

    write_parts(watched(), vocabulary(), tmp_path / "out")
    assert len(made) == 9
    assert max(held_when_asked) <= 1, held_when_asked  # the one being set down, at most


def test_a_quote_missing_from_its_article_stops_the_writer_and_leaves_nothing(tmp_path: Path):
    (part,) = parts(events=20, seed=2)
    excerpts = part.excerpts.copy()
    excerpts.loc[0, "quote"] = "words no article holds"
    broken = DatasetPart(part.events, excerpts, part.sources, part.texts)
    with pytest.raises(PackError, match="not in its article"):
        write_parts([broken], vocabulary(), tmp_path / "out")
    assert list(tmp_path.iterdir()) == []
