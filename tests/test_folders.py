"""The one rule for writing a dataset folder (timeline.model.folders): built beside OUT and
renamed in whole, or nothing left behind; never into a full folder, the input, or a link."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.model.folders import folder_problem, place_problem, staged_folder


def test_a_folder_is_renamed_into_place_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with staged_folder(out) as staged:
        (staged / "a.csv").write_text("x\n")
        assert not out.exists()  # nothing is there until the block ends
    assert (out / "a.csv").read_text() == "x\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_a_failure_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), staged_folder(out) as staged:
        (staged / "a.csv").write_text("x\n")
        raise RuntimeError("half-way")
    assert list(tmp_path.iterdir()) == []


def test_an_output_that_filled_up_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(FileExistsError, match="is not empty"), staged_folder(out) as staged:
        (staged / "a.csv").write_text("x\n")
        out.mkdir()
        (out / "mine.txt").write_text("keep")
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_places_that_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    said = {"source_is": "the input folder", "writer": "a draft"}
    assert "own" in place_problem(source, source, **said)
    assert "never changes" in place_problem(source, source / "sub" / "out", **said)
    assert "holds the input folder" in place_problem(source / "sub", source, **said)
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    assert "link to nothing" in place_problem(source, tmp_path / "link" / "out", **said)
    assert place_problem(source, tmp_path / "out", **said) is None
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    assert "is not empty" in folder_problem(tmp_path / "full")
    assert folder_problem(tmp_path / "new") is None
