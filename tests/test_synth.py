"""The synthetic generator writes valid, varied, reproducible datasets (small N here)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.quotes import normalise
from timeline.synth import generate_dataset

N = 200


def digest(folder: Path) -> dict[str, str]:
    """Every file of a dataset folder by relative path, as a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_dataset(tmp_path_factory.mktemp("synth") / "data", events=N, seed=3)


@pytest.fixture(scope="module")
def synth(synth_dir: Path) -> Dataset:
    return load_dataset(synth_dir)


def test_loads_without_errors_or_warnings(synth: Dataset) -> None:
    assert len(synth.events) == N
    assert synth.warnings == ()
    assert synth.events["id"].is_unique


def test_has_every_precision_spans_and_early_years(synth: Dataset) -> None:
    events = synth.events
    assert set(events["precision"].astype(str)) == {"year", "month", "day"}
    spans = events[events["end_date"] != ""]
    assert len(spans) >= 2
    assert (spans["end"] > spans["start"]).all()
    assert (events["start"] < np.datetime64("1677-01-01")).sum() >= 3
    assert events["start"].max() > np.datetime64("2000-01-01")
    assert set(events["date_basis"].astype(str)) == {"stated", "relative", "external"}


def test_events_have_several_actors_and_themes(synth: Dataset) -> None:
    actors_per_event = synth.event_actors.groupby("event").size()
    assert actors_per_event.reindex(range(N), fill_value=0).min() >= 1
    assert actors_per_event.max() >= 3
    assert len(synth.actors) >= 20
    assert 5 <= len(synth.themes) <= 8
    # popularity is skewed: the busiest actor appears far more often than the quietest
    counts = synth.event_actors["actor"].value_counts()
    assert counts.max() >= 4 * max(1, counts.min())


def test_every_quote_is_located_verbatim(synth: Dataset) -> None:
    excerpts = synth.excerpts
    assert len(synth.sources) >= 2
    per_event = excerpts.groupby("event").size()
    assert per_event.min() >= 1 and per_event.max() <= 3
    assert (excerpts["quote_start"] >= 0).all()
    for row in excerpts.itertuples():
        text = synth.articles[row.source_id].text
        assert normalise(text[row.quote_start : row.quote_end]) == normalise(row.quote)


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path, synth_dir: Path) -> None:
    again = generate_dataset(tmp_path / "again", events=N, seed=3)
    other = generate_dataset(tmp_path / "other", events=N, seed=4)
    assert digest(again) == digest(synth_dir)
    assert digest(other) != digest(synth_dir)
    events = pd.read_csv(synth_dir / "events.csv", dtype=str)
    assert not events.equals(pd.read_csv(other / "events.csv", dtype=str))


def test_articles_parameter_bounds_the_number_of_files(tmp_path: Path) -> None:
    folder = generate_dataset(tmp_path / "few", events=N, articles=2)
    assert len(list((folder / "sources").iterdir())) == 2
    assert len(load_dataset(folder).sources) == 2


def test_refuses_to_replace_a_folder_that_is_not_a_dataset(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        generate_dataset(keep, events=10, overwrite=True)
    assert (keep / "notes.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["keep"]  # no temp folder left behind


def test_cli_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    runner = CliRunner()
    first = runner.invoke(main, ["synth", "--events", "50", "--output", str(out), "--seed", "1"])
    assert first.exit_code == 0, first.output
    assert "50 events" in first.output
    before = digest(out)
    again = runner.invoke(main, ["synth", "--events", "60", "--output", str(out)])
    assert again.exit_code == 1
    assert "--force" in again.output
    assert digest(out) == before
    forced = runner.invoke(main, ["synth", "--events", "60", "--output", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert len(load_dataset(out).events) == 60
    checked = runner.invoke(main, ["check", str(out)])
    assert checked.exit_code == 0 and "60 events" in checked.output
