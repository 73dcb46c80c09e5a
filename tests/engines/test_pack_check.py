"""`timeline check PACK` on an engine: a pack that loads passes with the loader's summary and
warnings; each rule the engine checks finds its fault, located by file, row, column and value,
on DuckDB and on a Spark cluster; an unreachable cluster is one line."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import EXCERPTS

from timeline.cli import main
from timeline.load.loader import load_dataset
from timeline.model.pack_format import MANIFEST_FILE, QUERY_FILES, file_sha256
from timeline.model.problems import DatasetError
from timeline.pack.check import check_pack
from timeline.pack.stream import write_parts
from timeline.pack.writer import pack_folder
from timeline.synth import generate_dataset

Edit = Callable[[pa.Table], pa.Table]


@pytest.fixture
def pack(tiny_dataset: Path, tmp_path: Path) -> Path:
    out = tmp_path / "pack"
    pack_folder(tiny_dataset, out)
    return out


def rewrite(pack: Path, name: str, edit: Edit, *, section: str = "query") -> None:
    """Change a query table (or, with ``section="tables"``, a table the loader reads) and
    record it in the manifest, as a tool that wrote its own pack would: the files' checks
    pass, so only the engine's rules can find the fault."""
    manifest = json.loads((pack / MANIFEST_FILE).read_text("utf-8"))
    path = pack / manifest[section][name]["file"]
    table = edit(pq.read_table(path))
    pq.write_table(table, path)
    manifest[section][name].update(rows=table.num_rows, sha256=file_sha256(path))
    (pack / MANIFEST_FILE).write_text(json.dumps(manifest), "utf-8")


def put(table: pa.Table, column: str, row: int, value: object) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    index = table.schema.get_field_index(column)
    return table.set_column(index, column, pa.array(values, table.schema.field(column).type))


def problems(pack: Path, engine: str = "duckdb") -> list[tuple[str, int | None, str, str]]:
    with pytest.raises(DatasetError) as raised:
        check_pack(pack, engine=engine)
    return [(p.file, p.line, p.column, p.value) for p in raised.value.problems]


def test_a_pack_that_loads_passes_with_the_loaders_summary(pack: Path) -> None:
    summary, warnings = check_pack(pack)
    assert str(summary) == load_dataset(pack).summary()
    assert warnings == []


def test_a_streamed_pack_of_several_parts_passes(tmp_path: Path) -> None:
    out = generate_dataset(tmp_path / "p", events=500, part_events=120, writer=write_parts)
    summary, _ = check_pack(out)
    assert str(summary) == load_dataset(out).summary()


def test_uncited_events_are_warned_of_as_the_loader_warns(
    make_dataset: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dataset(excerpts=[e for e in EXCERPTS if e["event_id"] != "rail"])
    pack_folder(folder, tmp_path / "pack")
    _, warnings = check_pack(tmp_path / "pack")
    assert [(w.file, w.line, w.value, w.severity) for w in warnings] == [
        (QUERY_FILES["events"], 2, "rail", "warning")
    ]
    assert len(load_dataset(tmp_path / "pack").warnings) == 1


E, X = QUERY_FILES["events"], QUERY_FILES["excerpts"]
WRONG = "In March 1991 the two states opened a rail link."  # the article says 1990


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        ("events", lambda t: put(t, "id", 2, "rail"), (E, 3, "id", "rail")),
        ("events", lambda t: put(t, "title", 0, ""), (E, 1, "title", "")),
        ("events", lambda t: put(t, "end", 1, t["start"][1].as_py()), (E, 2, "end", "rail")),
        ("events", lambda t: put(t, "actors", 0, ["Ruritania", "Atlantis"]),
         (E, 1, "actors", "Atlantis")),
        ("events", lambda t: put(t, "start", 2, 0), (E, 3, "row", "summit")),
        ("excerpts", lambda t: put(t, "event_id", 1, "nowhere"), (X, 2, "event_id", "nowhere")),
        ("excerpts", lambda t: put(t, "event", 0, 2), (X, 1, "event", "2")),
        ("excerpts", lambda t: put(t, "source_id", 3, "c"), (X, 4, "source_id", "c")),
        ("excerpts", lambda t: put(t, "quote_end", 0, 10**6), (X, 1, "quote",
         EXCERPTS[0]["quote"])),
        ("excerpts", lambda t: put(t, "quote", 1, WRONG), (X, 2, "quote", WRONG)),
    ],
)  # fmt: skip
def test_each_rule_finds_its_fault_where_it_is(
    pack: Path, name: str, edit: Edit, expected: tuple
) -> None:
    rewrite(pack, name, edit)
    assert expected in problems(pack)


def test_a_quote_typed_with_straight_quotes_stands_for_the_articles_curly_ones(pack: Path) -> None:
    excerpts = pq.read_table(pack / X)
    curly = [q for q in excerpts["quote"].to_pylist() if '"' in q]
    assert curly, "the tiny dataset quotes 'old friendship' with straight quotes"

    def spaced(t: pa.Table) -> pa.Table:  # and runs of white space are one
        at = t.schema.get_field_index("quote")
        return t.set_column(at, "quote", pc.replace_substring(t["quote"], " ", " \n "))

    rewrite(pack, "excerpts", spaced)
    rewrite(pack, "excerpts", spaced, section="tables")  # the loader's table says the same
    check_pack(pack)  # passes
    assert load_dataset(pack).excerpts["quote"].str.contains("\n").all()  # and so it loads


def test_many_faults_are_listed_up_to_a_bound_and_counted(tmp_path: Path) -> None:
    out = generate_dataset(tmp_path / "p", events=1500, writer=write_parts)

    def untitled(t: pa.Table) -> pa.Table:
        return t.set_column(t.schema.get_field_index("title"), "title", pa.array([""] * t.num_rows))

    rewrite(out, "events", untitled)
    rewrite(out, "events", untitled, section="tables")
    with pytest.raises(DatasetError) as raised:
        check_pack(out)
    listed = raised.value.problems
    assert len(listed) == 1001  # a thousand listed, then one line that counts the rest
    assert "500 more problem(s)" in listed[-1].message
    assert listed[0].line == 1 and listed[999].line == 1000
    assert {p.column for p in listed[:-1]} == {"title"}


def test_the_query_tables_must_say_what_the_loaders_tables_say(pack: Path) -> None:
    """A query table out of step with the table the loader reads is found, so a pack that
    passes the engine's check loads."""
    rewrite(pack, "events", lambda t: put(t, "actors", 0, ["Ruritania", "Atlantis"]),
            section="tables")  # fmt: skip
    rewrite(pack, "excerpts", lambda t: put(t, "quote", 1, WRONG), section="tables")
    found = problems(pack)
    assert ("events.parquet", 1, "actors", "westphalia") in found
    assert ("excerpts.parquet", 2, "event_id", "rail") in found  # the event whose excerpts differ
    with pytest.raises(DatasetError):
        load_dataset(pack)  # the loader refuses it too


@pytest.mark.parametrize(
    ("name", "column", "row"),
    [("events", "title", 1), ("events", "start", 0), ("excerpts", "quote_start", 2)],
)
def test_a_null_is_a_located_problem_not_a_pass(
    pack: Path, name: str, column: str, row: int
) -> None:
    rewrite(pack, name, lambda t: put(t, column, row, None))
    found = problems(pack)
    assert [f for f in found if f[2] == column and f[1] == row + 1], found


def test_a_query_table_without_a_column_is_a_located_problem(pack: Path) -> None:
    rewrite(pack, "events", lambda t: t.drop_columns(["title"]))
    with pytest.raises(DatasetError) as raised:
        check_pack(pack)
    assert [(p.file, p.column) for p in raised.value.problems] == [(E, "title")]


def test_the_command_prints_located_problems_and_exits_1(pack: Path) -> None:
    rewrite(pack, "excerpts", lambda t: put(t, "event_id", 1, "nowhere"))
    result = CliRunner().invoke(main, ["check", str(pack)])
    assert result.exit_code == 1
    assert f"error: {X}:2: column 'event_id': value 'nowhere': no event has this id" in (
        result.output
    )


def test_an_unreachable_cluster_is_one_line_and_exit_1(pack: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(main, ["check", str(pack), "--engine", f"spark://127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert result.output == (
        f"error: cannot reach the Spark master at spark://127.0.0.1:{port}: Connection refused\n"
    )


@pytest.mark.spark
def test_the_rules_run_on_a_spark_cluster(pack: Path, spark_master: str) -> None:
    summary, warnings = check_pack(pack, engine=spark_master)
    assert str(summary) == load_dataset(pack).summary() and warnings == []
    rewrite(pack, "excerpts", lambda t: put(t, "source_id", 3, "c"))
    rewrite(pack, "events", lambda t: put(t, "title", 0, ""))
    # a quote that differs from its article only by a doubled letter f (so it is folded):
    # Spark's SQL strings read the escape \f as the letter, which folded 'ff' to a space
    typed = EXCERPTS[4]["quote"].replace("friendship", "ffriendship")
    for section in ("query", "tables"):
        rewrite(pack, "excerpts", lambda t: put(t, "quote", 4, typed), section=section)
    found = problems(pack, spark_master)
    assert (X, 4, "source_id", "c") in found and (E, 1, "title", "") in found
    assert (X, 5, "quote", typed) in found


def test_duckdb_spills_outside_the_working_directory_and_the_pack_is_left_as_it_was(
    pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB's default spill folder is ``.tmp`` in the working directory, which may be the
    dataset: every connection spills to the process's own folder instead."""
    from timeline.model.spill import spill_folder
    from timeline.query.ibis_engine import backend

    before = {p.name: p.stat().st_mtime_ns for p in pack.iterdir()}
    monkeypatch.chdir(pack)
    setting = backend("duckdb").raw_sql("SELECT current_setting('temp_directory')").fetchone()
    assert setting == (str(spill_folder()),)
    check_pack(Path("."))
    assert {p.name: p.stat().st_mtime_ns for p in pack.iterdir()} == before
