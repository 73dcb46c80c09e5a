"""`timeline pack`: a dataset packed as Parquet loads as the same Dataset its folder gives,
and every command takes the pack where it takes the folder."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import ARTICLE_A, ARTICLE_B, EVENTS, EXCERPTS, SOURCES

from timeline.cli import main
from timeline.load.bundled import bundled_data
from timeline.load.live import LiveDataset
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.pack_format import MANIFEST_FILE, PACK_FORMAT, PACK_VERSION, PACKED_TABLES
from timeline.pack.writer import pack_folder
from timeline.synth import generate_dataset

FRAMES = ("events", "event_actors", "event_themes", "excerpts", "sources", "vocabulary")


def assert_same(packed: Dataset, folder: Dataset) -> None:
    """Everything a consumer reads is equal (warnings name their file, so only the count)."""
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(packed, name), getattr(folder, name))
    assert list(packed.articles) == list(folder.articles)
    for source_id, article in folder.articles.items():
        assert packed.articles[source_id].text == article.text
    assert (packed.actors, packed.themes) == (folder.actors, folder.themes)
    assert packed.metadata == folder.metadata
    assert len(packed.warnings) == len(folder.warnings)
    assert packed.summary() == folder.summary()


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_the_bundled_dataset_packs_and_loads_the_same(tmp_path: Path) -> None:
    manifest = pack_folder(bundled_data(), tmp_path / "pack")
    packed, folder = load_dataset(tmp_path / "pack"), load_dataset(bundled_data())
    assert_same(packed, folder)
    assert packed.root == tmp_path / "pack"
    assert manifest == json.loads((tmp_path / "pack" / MANIFEST_FILE).read_text("utf-8"))
    assert (manifest["format"], manifest["version"]) == (PACK_FORMAT, PACK_VERSION)
    files = {t.name: t.file for t in PACKED_TABLES}
    for name, entry in manifest["tables"].items():
        path = tmp_path / "pack" / files[name]
        assert entry["file"] == files[name]
        assert entry["rows"] == pq.ParquetFile(path).metadata.num_rows
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert manifest["tables"]["events"]["rows"] == len(folder.events)
    assert manifest["tables"]["texts"]["rows"] == len(folder.articles)
    assert manifest["metadata"]["file"] == "metadata.json"
    assert not (tmp_path / "pack" / "sources").exists()  # the texts are in texts.parquet


def test_a_small_dataset_with_extra_columns_and_folded_spaces_loads_the_same(
    make_dataset: Callable[..., Path], tmp_path: Path
) -> None:
    """Extra columns are kept, missing optional ones stay missing (no new warnings), the
    offsets of a quote across folded white space and curly quotes come back as located."""
    article = "Opening line.\n\nThe  envoy   said\nthe “old friendship”\twas renewed.\n"
    folder = make_dataset(
        events=[{**EVENTS[0], "region": "north"}, *({**e, "region": ""} for e in EVENTS[1:])],
        excerpts=[
            *EXCERPTS,
            {
                "event_id": "summit",
                "source_id": "c",
                "quote": 'The envoy said the "old friendship" was renewed.',
            },
        ],
        sources=[*SOURCES, {**SOURCES[0], "id": "c", "file": "c.txt"}],
        articles={"a.txt": ARTICLE_A, "b.txt": ARTICLE_B, "c.txt": article},
    )
    (folder / "metadata.json").write_text('{"title": "  Small   one ", "extra": 1}\n', "utf-8")
    original = load_dataset(folder)
    assert original.warnings  # the extra columns and metadata field are warned of
    pack_folder(folder, tmp_path / "pack")
    packed = load_dataset(tmp_path / "pack")
    assert_same(packed, original)
    assert "region" in packed.events.columns
    assert [str(w).split(":")[0] for w in packed.warnings] == [
        str(w).split(":")[0].replace(".csv", ".parquet") for w in original.warnings
    ]
    columns = pq.read_schema(tmp_path / "pack" / "sources.parquet").names
    assert "outlet" not in columns  # left out, as the file leaves it out


def test_actors_and_themes_are_parquet_lists(tiny_dataset: Path, tmp_path: Path) -> None:
    pack_folder(tiny_dataset, tmp_path / "pack")
    events = pq.read_table(tmp_path / "pack" / "events.parquet")
    for column in ("actors", "themes"):
        assert pa.types.is_list(events.schema.field(column).type)
    assert "metadata" not in json.loads((tmp_path / "pack" / MANIFEST_FILE).read_text("utf-8"))
    dataset = load_dataset(tiny_dataset)
    assert events.column("actors").to_pylist() == dataset.events["actors"].tolist()
    excerpts = pq.read_table(tmp_path / "pack" / "excerpts.parquet").to_pandas()
    assert excerpts["quote_start"].tolist() == dataset.excerpts["quote_start"].tolist()
    assert "event" not in excerpts.columns  # computed on load, as from the CSV
    texts = pq.read_table(tmp_path / "pack" / "texts.parquet").to_pylist()
    assert {row["source_id"]: row["text"] for row in texts} == {
        k: a.text for k, a in dataset.articles.items()
    }


def test_packing_twice_gives_the_same_bytes(tiny_dataset: Path, tmp_path: Path) -> None:
    pack_folder(tiny_dataset, tmp_path / "one")
    pack_folder(tiny_dataset, tmp_path / "two")
    assert digest(tmp_path / "one") == digest(tmp_path / "two")


def test_pack_command_writes_a_pack_that_check_reads(tiny_dataset: Path, tmp_path: Path) -> None:
    runner, out = CliRunner(), tmp_path / "pack"
    result = runner.invoke(main, ["pack", str(tiny_dataset), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    folder = runner.invoke(main, ["check", str(tiny_dataset)])
    in_memory = runner.invoke(main, ["check", str(out), "--engine", "memory"])
    assert in_memory.exit_code == 0, in_memory.output
    assert in_memory.output == folder.output
    on_engine = runner.invoke(main, ["check", str(out)])  # DuckDB, nothing loaded whole
    assert on_engine.exit_code == 0, on_engine.output
    assert on_engine.output == folder.output.replace("\n", " (checked on duckdb)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset0", "pack"]  # nothing left over


def test_pack_refuses_a_bad_dataset_as_check_reports_it(
    make_dataset: Callable[..., Path], tmp_path: Path
) -> None:
    bad = make_dataset(events=[{**EVENTS[0], "date": "2024-02-30"}, *EVENTS[1:]])
    runner, out = CliRunner(), tmp_path / "pack"
    result = runner.invoke(main, ["pack", str(bad), "-o", str(out)])
    check = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 1 and check.exit_code == 1
    assert result.output == check.output
    assert "events.csv:2: column 'date'" in result.output
    assert not out.exists()


def test_pack_refuses_a_used_folder_a_place_inside_the_dataset_and_a_pack(
    tiny_dataset: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("mine")
    result = runner.invoke(main, ["pack", str(tiny_dataset), "-o", str(used)])
    assert result.exit_code == 1 and "is not empty" in result.output
    assert [p.name for p in used.iterdir()] == ["notes.txt"]
    inside = tiny_dataset / "packed"
    result = runner.invoke(main, ["pack", str(tiny_dataset), "-o", str(inside)])
    assert result.exit_code == 2 and "inside the dataset folder" in result.output
    assert not inside.exists()
    same = runner.invoke(main, ["pack", str(tiny_dataset), "-o", str(tiny_dataset)])
    assert same.exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(main, ["pack", str(tiny_dataset), "-o", str(empty)]).exit_code == 0
    again = runner.invoke(main, ["pack", str(empty), "-o", str(tmp_path / "again")])
    assert again.exit_code == 1 and "packed dataset already" in again.output


def test_export_reads_a_pack_as_its_folder_and_never_writes_into_it(
    tiny_dataset: Path, tmp_path: Path
) -> None:
    pack_folder(tiny_dataset, tmp_path / "pack")
    runner = CliRunner()
    for data, name in ((tiny_dataset, "folder.csv"), (tmp_path / "pack", "pack.csv")):
        result = runner.invoke(main, ["export", "--data", str(data), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "folder.csv").read_bytes() == (tmp_path / "pack.csv").read_bytes()
    manifest = tmp_path / "pack" / MANIFEST_FILE
    before = manifest.read_bytes()
    args = ["export", "--data", str(tmp_path / "pack"), "-o", str(manifest)]
    result = runner.invoke(main, args)
    assert result.exit_code == 1 and "part of the dataset" in result.output
    assert manifest.read_bytes() == before


def test_a_served_pack_is_reloaded_when_it_is_packed_again(
    make_dataset: Callable[..., Path], tmp_path: Path
) -> None:
    pack = tmp_path / "pack"
    pack_folder(make_dataset(), pack)
    live = LiveDataset(pack, interval=0, settle=0)
    assert len(live.current().events) == 3
    shutil.rmtree(pack)
    pack_folder(make_dataset(events=EVENTS[:1], excerpts=EXCERPTS[:1]), pack)
    assert len(live.current(check=True).events) == 1


@pytest.fixture(scope="module")
def synth_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_dataset(tmp_path_factory.mktemp("synth") / "csv", events=300, seed=5)


def test_synth_parquet_writes_the_pack_of_its_csv_form(synth_csv: Path, tmp_path: Path) -> None:
    runner, out = CliRunner(), tmp_path / "packed"
    args = ["synth", "--events", "300", "--seed", "5", "--format", "parquet", "-o", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (out / MANIFEST_FILE).is_file() and not (out / "events.csv").exists()
    assert_same(load_dataset(out), load_dataset(synth_csv))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packed"]  # no temporary folder left
    before = digest(out)
    again = runner.invoke(main, [*args[:-1], str(tmp_path / "again")])
    assert again.exit_code == 0 and digest(tmp_path / "again") == before  # same seed, bytes
    refused = runner.invoke(main, args)
    assert refused.exit_code == 1 and "--force" in refused.output
    forced = runner.invoke(main, ["synth", "--events", "20", "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output  # a pack is a dataset --force may replace
    assert len(load_dataset(out).events) == 20 and not (out / MANIFEST_FILE).exists()


def test_a_pack_too_large_for_this_machine_is_refused_before_it_is_read(
    tiny_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a pack whole that cannot fit would end, minutes later, with the process
    killed: it is refused at once, and pointed at the engine's check."""
    from timeline.load import packed

    pack_folder(tiny_dataset, tmp_path / "pack")
    monkeypatch.setattr(packed, "available_memory", lambda: 3 * packed.BYTES_PER_EVENT - 1)
    args = ["serve", "--data", str(tmp_path / "pack"), "--engine", "memory"]  # loaded whole
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "error: manifest.json: 3 events need about 0.0 GB to load whole" in result.output
    assert "`timeline check` checks it where it lies" in result.output
    monkeypatch.setattr(packed, "available_memory", lambda: 3 * packed.BYTES_PER_EVENT)
    assert len(load_dataset(tmp_path / "pack").events) == 3  # room enough: it loads
    monkeypatch.setattr(packed, "available_memory", lambda: None)  # not known: it is tried
    assert len(load_dataset(tmp_path / "pack").events) == 3
