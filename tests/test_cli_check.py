"""``timeline check``: exit 0 and one summary line, or exit 1 and one line per problem.

Never a traceback, whatever the folder holds.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import EVENTS, EXCERPTS, SOURCES, VOCABULARY

from timeline.cli import main

MakeDataset = Callable[..., Path]


def check(*args: str) -> Result:
    result = CliRunner().invoke(main, ["check", *args])
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def test_good_dataset_exits_0_with_one_summary_line(tiny_dataset: Path):
    result = check(str(tiny_dataset))
    assert result.exit_code == 0
    [line] = result.stdout.splitlines()
    assert line.startswith("ok: ")
    counts = (
        f"{len(EVENTS)} events, {len(SOURCES)} sources, {len(EXCERPTS)} excerpts, "
        f"{sum(v['kind'] == 'actor' for v in VOCABULARY)} actors, "
        f"{sum(v['kind'] == 'theme' for v in VOCABULARY)} themes"
    )
    assert counts in line
    assert "1648 – 2 May 2001" in line
    assert result.stderr == ""


def test_bad_dataset_exits_1_with_one_line_per_problem(make_dataset: MakeDataset):
    events = [dict(row) for row in EVENTS]
    events[1]["date"] = "1990-02-30"
    events[2]["actors"] = "Ruritania;Atlantis"
    excerpts = [dict(row) for row in EXCERPTS]
    excerpts[4]["quote"] = "A summit on 2 May 2001 renewed the old alliance."
    result = check(str(make_dataset(events=events, excerpts=excerpts)))
    assert result.exit_code == 1
    assert "ok:" not in result.stdout
    lines = error_lines(result)
    assert len(lines) == 3
    expected = [
        ("events.csv:3", "column 'date'", "value '1990-02-30'"),
        ("events.csv:4", "column 'actors'", "value 'Atlantis'"),
        ("excerpts.csv:6", "column 'quote'", "value 'A summit on 2 May 2001 renewed the old"),
    ]
    for where, column, value in expected:
        assert any(line.startswith(f"error: {where}: {column}: {value}") for line in lines), (
            where,
            lines,
        )
    assert re.search(r"3 problems in dataset", result.stderr)


def test_missing_folder_exits_1_and_names_it(tmp_path: Path):
    missing = tmp_path / "nowhere"
    result = check(str(missing))
    assert result.exit_code == 1
    assert "no such dataset folder" in result.stderr
    assert str(missing) in result.stderr


def test_a_file_instead_of_a_folder_is_a_usage_error(tmp_path: Path):
    file = tmp_path / "events.csv"
    file.write_text("id\n", encoding="utf-8")
    result = check(str(file))
    assert result.exit_code == 2
    assert "is a file" in result.output


def test_warnings_are_printed_but_the_check_passes(make_dataset: MakeDataset):
    rows = [{**row, "region": "north", "end-date": ""} for row in EVENTS]
    result = check(str(make_dataset(events=rows)))
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: ")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert any("column 'region'" in line and "kept" in line for line in warnings)
    assert any(
        "column 'end-date'" in line and "did you mean 'end_date'" in line for line in warnings
    )
    assert not error_lines(result)


@pytest.mark.parametrize(
    "breakage",
    [
        "random bytes",
        "latin-1",
        "unclosed quote",
        "no sources folder",
        "header of commas",
        "empty files",
    ],
)
def test_broken_folders_never_print_a_traceback(make_dataset: MakeDataset, breakage: str):
    root = make_dataset()
    if breakage == "random bytes":
        (root / "events.csv").write_bytes(bytes(range(256)) * 3)
    elif breakage == "latin-1":
        (root / "vocabulary.csv").write_bytes("kind,name\nactor,Türkiye\n".encode("latin-1"))
    elif breakage == "unclosed quote":
        (root / "sources.csv").write_text('id,title\na,"Old\n', encoding="utf-8")
    elif breakage == "no sources folder":
        for article in (root / "sources").iterdir():
            article.unlink()
        (root / "sources").rmdir()
    elif breakage == "header of commas":
        (root / "vocabulary.csv").write_text(",,\n,,\n", encoding="utf-8")
    else:
        for name in ("events.csv", "excerpts.csv"):
            (root / name).write_bytes(b"")
    result = check(str(root))
    assert result.exit_code == 1
    lines = error_lines(result)
    assert lines
    assert all(re.match(r"error: [\w/.]+(:\d+)?: ", line) for line in lines), lines


def test_the_installed_command_runs_in_a_real_process(make_dataset: MakeDataset):
    """Through python -m, as a user runs it: exit codes and streams survive the process."""
    events = [dict(row) for row in EVENTS]
    events[0]["date"] = "2024-02-30"
    bad = make_dataset(events=events)
    run = subprocess.run(
        [sys.executable, "-m", "timeline", "check", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "error: events.csv:2: column 'date': value '2024-02-30'" in run.stderr
