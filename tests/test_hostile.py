"""Hostile input: files outside the dataset, slow clients, costly files, half-written edits,
odd hosts and requests. Each test reproduces a finding of the hostile-input review."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.export import ExportError, export
from timeline.load.loader import load_dataset
from timeline.model.problems import DatasetError
from timeline.query.facets import Filters

SECRET = "root:x:0:0:secret-line-outside-the-dataset"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the dataset, standing for /etc."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    return folder


def _messages(exc: DatasetError) -> str:
    return exc.report()


# --- files outside the dataset ------------------------------------------------------------


def test_sources_folder_linked_outside_is_refused(tiny_dataset: Path, outside: Path):
    shutil.copy(tiny_dataset / "sources" / "a.txt", outside / "a.txt")
    shutil.copy(tiny_dataset / "sources" / "b.txt", outside / "b.txt")
    shutil.rmtree(tiny_dataset / "sources")
    (tiny_dataset / "sources").symlink_to(outside, target_is_directory=True)
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_dataset)
    report = _messages(caught.value)
    assert "sources/: is a link to a place outside the dataset folder" in report
    result = CliRunner().invoke(main, ["check", str(tiny_dataset)])
    assert result.exit_code == 1
    assert "outside the dataset folder" in result.output


def test_sources_folder_linked_inside_the_dataset_is_fine(tiny_dataset: Path):
    shutil.move(tiny_dataset / "sources", tiny_dataset / "texts")
    (tiny_dataset / "sources").symlink_to(tiny_dataset / "texts", target_is_directory=True)
    assert load_dataset(tiny_dataset).articles


def test_article_linked_outside_is_refused(tiny_dataset: Path, outside: Path):
    (tiny_dataset / "sources" / "a.txt").unlink()
    (tiny_dataset / "sources" / "a.txt").symlink_to(outside / "passwd")
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_dataset)
    assert "sources.csv:2: column 'file': value 'a.txt'" in _messages(caught.value)
    assert SECRET not in _messages(caught.value)


def test_table_linked_outside_is_not_read_nor_echoed(tiny_dataset: Path, outside: Path):
    (tiny_dataset / "vocabulary.csv").unlink()
    (tiny_dataset / "vocabulary.csv").symlink_to(outside / "passwd")
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_dataset)
    report = _messages(caught.value)
    assert "vocabulary.csv: is a link to a place outside the dataset folder" in report
    assert "secret" not in report
    result = CliRunner().invoke(main, ["check", str(tiny_dataset)])
    assert "secret" not in result.output


def test_dataset_folder_itself_may_be_a_link(tiny_dataset: Path, tmp_path: Path):
    link = tmp_path / "link-to-data"
    link.symlink_to(tiny_dataset, target_is_directory=True)
    assert len(load_dataset(link).events)


# --- export over the data -----------------------------------------------------------------


def test_export_through_a_linked_table_is_refused(tiny_dataset: Path, tmp_path: Path):
    dataset = load_dataset(tiny_dataset)  # then events.csv becomes a link to elsewhere
    real = tmp_path / "real-events.csv"
    shutil.move(tiny_dataset / "events.csv", real)
    (tiny_dataset / "events.csv").symlink_to(real)
    before = real.read_bytes()
    with pytest.raises(ExportError, match="part of the dataset"):
        export(dataset, Filters(), real)
    assert real.read_bytes() == before


def test_export_to_a_table_linked_inside_the_dataset_is_refused(tiny_dataset: Path):
    shutil.move(tiny_dataset / "events.csv", tiny_dataset / "events-real.csv")
    (tiny_dataset / "events.csv").symlink_to(tiny_dataset / "events-real.csv")
    before = (tiny_dataset / "events-real.csv").read_bytes()
    result = CliRunner().invoke(
        main,
        ["export", "--data", str(tiny_dataset), "-o", str(tiny_dataset / "events-real.csv")],
    )
    assert result.exit_code == 1, result.output
    assert "part of the dataset" in result.output
    assert (tiny_dataset / "events-real.csv").read_bytes() == before


def test_export_keeps_an_existing_files_mode(tiny_dataset: Path, tmp_path: Path):
    out = tmp_path / "view.csv"
    out.write_text("old\n")
    out.chmod(0o644)
    export(load_dataset(tiny_dataset), Filters(), out)
    assert out.read_text() != "old\n"
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)


def test_export_of_a_new_file_follows_the_umask(tiny_dataset: Path, tmp_path: Path):
    out = tmp_path / "new.csv"
    old = os.umask(0o022)
    try:
        export(load_dataset(tiny_dataset), Filters(), out)
    finally:
        os.umask(old)
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)
