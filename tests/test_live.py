"""Live edits: valid edits are picked up, invalid ones never replace the last good data."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from timeline.load.live import LiveDataset
from timeline.web.app import create_app

NEW_ROW = "treaty-2,2005,,A second treaty,,Ruritania,treaty,stated,\n"


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
    bump(path)


def bump(path: Path) -> None:
    """Make sure the edit is seen even on a coarse-mtime filesystem."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_edit_invalid_then_fixed(tiny_dataset: Path):
    live = LiveDataset(tiny_dataset, interval=0)
    events = tiny_dataset / "events.csv"
    good = events.read_text(encoding="utf-8")
    assert len(live.current().events) == 3

    append(events, NEW_ROW)
    assert len(live.current().events) == 4
    assert live.problems == ()

    events.write_text(good + "broken,2024-02-30,,Bad,,Nowhere,treaty,stated,\n", encoding="utf-8")
    bump(events)
    served = live.current()
    assert len(served.events) == 4, "the last good data keeps being served"
    messages = [str(p) for p in live.problems]
    assert any("events.csv:5: column 'date'" in m and "2024-02-30" in m for m in messages)
    assert any("Nowhere" in m for m in messages)

    events.write_text(good, encoding="utf-8")
    bump(events)
    assert len(live.current().events) == 3
    assert live.problems == ()


def test_unchanged_files_are_not_reloaded(tiny_dataset: Path):
    calls = []

    def loader(folder: Path):
        from timeline.load.loader import load_dataset

        calls.append(folder)
        return load_dataset(folder)

    live = LiveDataset(tiny_dataset, interval=0, loader=loader)
    for _ in range(5):
        live.current()
    assert len(calls) == 1


def test_a_deleted_file_keeps_the_last_good_data(tiny_dataset: Path):
    live = LiveDataset(tiny_dataset, interval=0)
    (tiny_dataset / "excerpts.csv").unlink()
    assert len(live.current().events) == 3
    assert any("excerpts.csv" in str(p) for p in live.problems)


def test_concurrent_readers_always_get_a_whole_dataset(tiny_dataset: Path):
    live = LiveDataset(tiny_dataset, interval=0)
    events = tiny_dataset / "events.csv"
    seen: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(50):
                seen.append(len(live.current().events))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    append(events, NEW_ROW)
    for thread in threads:
        thread.join()
    assert not errors
    assert set(seen) <= {3, 4}
    assert len(live.current().events) == 4


def test_app_pages_show_the_problems_and_the_last_good_data(tiny_dataset: Path):
    app = create_app(tiny_dataset, watch_interval=0)
    client = app.server.test_client()
    events = tiny_dataset / "events.csv"
    before = events.read_bytes()

    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "dataset-problems" not in layout

    append(events, "broken,2024-13,,Bad,,Ruritania,treaty,stated,\n")
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "dataset-problems" in layout
    assert "month must be 01-12" in layout
    assert "3 dated events" in json.dumps(json.loads(layout))

    events.write_bytes(before)
    bump(events)
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "dataset-problems" not in layout
    assert events.read_bytes() == before, "the app never writes to the dataset"


def test_every_page_load_looks_at_the_files_whatever_the_interval(tiny_dataset: Path):
    """The banner and the view that follows it must describe the same version of the files."""
    app = create_app(tiny_dataset, watch_interval=3600)
    client = app.server.test_client()
    events = tiny_dataset / "events.csv"
    before = events.read_bytes()
    assert "dataset-problems" not in client.get("/_dash-layout").get_data(as_text=True)
    append(events, "broken,2024-13,,Bad,,Ruritania,treaty,stated,\n")
    assert "dataset-problems" in client.get("/_dash-layout").get_data(as_text=True)
    events.write_bytes(before)
    bump(events)
    assert "dataset-problems" not in client.get("/_dash-layout").get_data(as_text=True)
