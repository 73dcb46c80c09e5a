"""A damaged pack is reported, every fault at once, each naming its file (and the column or
value where there is one) and what was expected: never a traceback, never wrong data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.load.loader import load_dataset
from timeline.model.pack_format import MANIFEST_FILE
from timeline.model.problems import DatasetError
from timeline.pack.writer import pack_folder


@pytest.fixture
def pack(tiny_dataset: Path, tmp_path: Path) -> Path:
    pack_folder(tiny_dataset, tmp_path / "pack")
    return tmp_path / "pack"


def problems(folder: Path) -> list[str]:
    """Every problem the loader reports, as `timeline check` prints it."""
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    return [str(p) for p in caught.value.problems]


def manifest(pack: Path) -> dict:
    return json.loads((pack / MANIFEST_FILE).read_text("utf-8"))


def write_manifest(pack: Path, data: dict) -> None:
    (pack / MANIFEST_FILE).write_text(json.dumps(data), encoding="utf-8")


def rewrite(pack: Path, name: str, table: pa.Table) -> None:
    """Replace a table and bring the manifest in line: only its content is wrong then."""
    path = pack / f"{name}.parquet"
    pq.write_table(table, path)
    data = manifest(pack)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    data["tables"][name].update(rows=table.num_rows, sha256=sha)
    write_manifest(pack, data)


def test_a_truncated_file_is_named_with_its_checksum_and_why_it_cannot_be_read(
    pack: Path,
) -> None:
    path = pack / "events.parquet"
    path.write_bytes(path.read_bytes()[:-100])
    found = problems(pack)
    assert len(found) == 2
    assert found[0].startswith("events.parquet: its SHA-256 is ")
    assert "as the manifest gives: the file was cut short, damaged or changed" in found[0]
    assert found[1].startswith("events.parquet: is not a readable Parquet file (")


def test_a_flipped_byte_is_caught_by_the_checksum(pack: Path) -> None:
    path = pack / "excerpts.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    found = problems(pack)
    expected = manifest(pack)["tables"]["excerpts"]["sha256"]
    assert any(p.startswith("excerpts.parquet: its SHA-256") and expected in p for p in found)


def test_any_damaged_byte_or_cut_is_reported_never_raised(pack: Path) -> None:
    path = pack / "excerpts.parquet"
    good = path.read_bytes()
    for at in range(0, len(good), max(1, len(good) // 97)):
        bad = bytearray(good)
        bad[at] ^= 0xFF
        path.write_bytes(bytes(bad))
        assert problems(pack)
        path.write_bytes(good[:at])
        assert problems(pack)


def test_a_missing_table_file(pack: Path) -> None:
    (pack / "sources.parquet").unlink()
    assert problems(pack) == ["sources.parquet: file is missing; the manifest lists it"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": "timeline-pack", ', "manifest.json:1: not valid JSON: Expecting"),
        ("[1, 2]", "manifest.json: expected a JSON object with format, version and tables"),
    ],
)
def test_a_manifest_that_is_not_a_json_object(pack: Path, text: str, expected: str) -> None:
    (pack / MANIFEST_FILE).write_text(text, encoding="utf-8")
    (found,) = problems(pack)
    assert found.startswith(expected)


def test_a_manifest_of_another_format_or_version(pack: Path) -> None:
    data = manifest(pack)
    write_manifest(pack, {**data, "format": "other", "version": 2})
    assert problems(pack) == [
        "manifest.json: column 'format': value '\"other\"': expected 'timeline-pack'",
        "manifest.json: column 'version': value '2': expected 1, the version this timeline "
        "reads; a newer timeline wrote it; pack the dataset again",
    ]
    del data["version"]
    write_manifest(pack, data)
    (found,) = problems(pack)
    assert found.startswith("manifest.json: column 'version': missing; expected 1")


def test_a_manifest_whose_checksum_rows_or_entries_are_wrong(pack: Path) -> None:
    data = manifest(pack)
    data["tables"]["events"]["rows"] += 1
    data["tables"]["vocabulary"]["sha256"] = "0" * 64
    data["tables"]["sources"]["sha256"] = "not a checksum"
    del data["tables"]["texts"]
    write_manifest(pack, data)
    found = problems(pack)  # all at once
    assert "events.parquet: has 3 rows; the manifest says 4" in found
    assert any(p.startswith("vocabulary.parquet: its SHA-256 is ") for p in found)
    assert any(p.startswith("vocabulary.parquet") and "0" * 64 in p for p in found)
    assert (
        "manifest.json: column 'tables.sources.sha256': value '\"not a checksum\"': "
        "expected the file's SHA-256: 64 hex digits" in found
    )
    assert any(p.startswith("manifest.json: column 'tables.texts': missing;") for p in found)
    assert len(found) == 4


def test_a_table_without_a_required_column_or_of_the_wrong_types(pack: Path) -> None:
    events = pq.read_table(pack / "events.parquet")
    rewrite(pack, "events", events.drop_columns(["title"]))
    excerpts = pq.read_table(pack / "excerpts.parquet")
    start = excerpts.schema.get_field_index("quote_start")
    as_text = excerpts.column("quote_start").cast(pa.string())
    rewrite(pack, "excerpts", excerpts.set_column(start, "quote_start", as_text))
    found = problems(pack)
    assert len(found) == 2
    assert found[0].startswith(
        "events.parquet: column 'title': required column is missing; the file has: id, date"
    )
    assert found[1] == (
        "excerpts.parquet: column 'quote_start': expected integers (a character offset in the "
        "article), found string"
    )


def test_actors_written_as_text_are_refused(pack: Path) -> None:
    events = pq.read_table(pack / "events.parquet")
    at = events.schema.get_field_index("actors")
    joined = pa.array([";".join(a) for a in events.column("actors").to_pylist()])
    rewrite(pack, "events", events.set_column(at, "actors", joined))
    assert problems(pack) == [
        "events.parquet: column 'actors': expected a list of names (list<string>), found string"
    ]


def test_values_are_checked_as_in_the_csv_and_located_by_row(pack: Path) -> None:
    events = pq.read_table(pack / "events.parquet").to_pylist()
    events[1]["date"] = "2024-02-30"
    events[2]["actors"] = ["Ruritania", "Nort Korea;League"]
    rewrite(pack, "events", pa.Table.from_pylist(events))
    found = problems(pack)
    assert "events.parquet:2: column 'date': value '2024-02-30': no such day in that month" in (
        found
    )
    assert "events.parquet:3: column 'actors': value 'Nort Korea;League': a name cannot " in (
        " ".join(found)
    )


def test_offsets_that_do_not_mark_the_quote_are_reported(pack: Path) -> None:
    excerpts = pq.read_table(pack / "excerpts.parquet").to_pylist()
    excerpts[0]["quote_start"] += 1
    rewrite(pack, "excerpts", pa.Table.from_pylist(excerpts))
    (found,) = problems(pack)
    assert found.startswith("excerpts.parquet:1: column 'quote': value '")
    assert "quote_start–quote_end do not mark this quote in its article" in found


def test_a_source_without_its_text(pack: Path) -> None:
    texts = pq.read_table(pack / "texts.parquet")
    rewrite(pack, "texts", texts.slice(0, 1))
    assert problems(pack) == [
        "sources.parquet:2: column 'id': value 'b': no text for this source in texts.parquet"
    ]


def test_check_prints_every_fault_and_exits_1(pack: Path) -> None:
    (pack / "vocabulary.parquet").unlink()
    path = pack / "texts.parquet"
    path.write_bytes(path.read_bytes()[:10])
    result = CliRunner().invoke(main, ["check", str(pack)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert lines[0] == f"{pack}: 3 problems in dataset"
    assert "error: vocabulary.parquet: file is missing; the manifest lists it" in lines
    assert sum(line.startswith("error: texts.parquet: ") for line in lines) == 2


def test_an_edited_metadata_file_is_caught_by_its_checksum(
    tiny_dataset: Path, tmp_path: Path
) -> None:
    (tiny_dataset / "metadata.json").write_text('{"title": "Ruritania"}\n', encoding="utf-8")
    pack_folder(tiny_dataset, tmp_path / "pack")
    assert load_dataset(tmp_path / "pack").metadata.title == "Ruritania"
    (tmp_path / "pack" / "metadata.json").write_text('{"title": "Other"}\n', encoding="utf-8")
    (found,) = problems(tmp_path / "pack")
    assert found.startswith("metadata.json: its SHA-256 is ")
