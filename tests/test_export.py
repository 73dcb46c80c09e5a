"""Exports are checked by opening what was written: images with Pillow, CSV with pandas."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from click.testing import CliRunner
from PIL import Image

from timeline.cli import main
from timeline.export import (
    ExportError,
    ImageSize,
    atomic_write,
    events_table,
    export,
    export_figure,
    render_static,
    sources_footer,
)
from timeline.export.browser import CHROME_MISSING, ChromiumMissing, find_chromium
from timeline.export.warm import KALEIDO
from timeline.load.loader import load_dataset
from timeline.query.filters import Filters, apply_filters
from timeline.query.view import ViewState

needs_chromium = pytest.mark.chromium  # skipped without one, a failure in CI: tests/conftest.py
SMALL = ImageSize(800, 500, 1)


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        assert image.format == "PNG"
        return np.asarray(image.convert("RGB"), dtype=np.int16)


@needs_chromium
def test_png_export_is_a_real_chart_of_the_requested_size(tiny_dataset: Path, tmp_path: Path):
    dataset = load_dataset(tiny_dataset)
    out = tmp_path / "chart.png"
    assert export(dataset, ViewState(Filters()), out, size=ImageSize(900, 500, 2)) == 3
    with Image.open(out) as image:
        assert image.format == "PNG"
        # as wide as asked; as tall as asked or, when its text needs more, taller (never
        # overprinted): the figure's own laid-out height
        fig = export_figure(dataset, ViewState(Filters()), size=ImageSize(900, 500, 2))
        assert image.size == (1800, 2 * max(500, int(fig.layout.height)))
    data = pixels(out)
    assert data.std() > 10, "the image is blank"
    # Dark pixels (text, markers) are present, not just a white canvas with a grid.
    assert (data.sum(axis=2) < 200).mean() > 0.001


@needs_chromium
def test_filtered_png_differs_from_unfiltered(tiny_dataset: Path, tmp_path: Path):
    dataset = load_dataset(tiny_dataset)
    everything, narrowed = tmp_path / "all.png", tmp_path / "trade.png"
    export(dataset, ViewState(Filters()), everything, size=SMALL)
    assert export(dataset, ViewState(Filters(themes=("trade",))), narrowed, size=SMALL) == 1
    a, b = pixels(everything), pixels(narrowed)
    assert a.shape == b.shape
    assert np.abs(a - b).mean() > 1


@needs_chromium
@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<svg"), (".pdf", b"%PDF")])
def test_vector_formats_start_with_their_magic_bytes(
    tiny_dataset: Path, tmp_path: Path, suffix: str, magic: bytes
):
    out = tmp_path / f"chart{suffix}"
    export(load_dataset(tiny_dataset), ViewState(Filters()), out, size=SMALL)
    head = out.read_bytes()[:400]
    assert magic in head


def test_html_export_is_a_standalone_page_with_the_figure(tiny_dataset: Path, tmp_path: Path):
    out = tmp_path / "chart.html"
    export(load_dataset(tiny_dataset), ViewState(Filters(actors=("League",))), out)
    page = out.read_text(encoding="utf-8")
    assert "<html" in page
    assert "Plotly.newPlot" in page
    assert "Friendship renewed" in page
    assert "Rail link in service" not in page
    assert '<script src="http' not in page  # works offline: plotly.js is inlined
    assert len(page) > 1_000_000


def test_csv_export_round_trips_with_excerpts_and_source_titles(tiny_dataset: Path, tmp_path: Path):
    dataset = load_dataset(tiny_dataset)
    out = tmp_path / "events.csv"
    assert export(dataset, ViewState(Filters(themes=("treaty",))), out) == 2
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert set(table["event_id"]) == {"westphalia", "summit"}
    expected_rows = dataset.excerpts["event_id"].isin(["westphalia", "summit"]).sum()
    assert len(table) == expected_rows
    summit = table[table["event_id"] == "summit"]
    assert set(summit["source_title"]) == {"Old friends", "[A rail story]"}
    # The quote is the article's own text, curly apostrophe included.
    assert any("Ruritania’s envoy" in q for q in summit["quote"])
    assert (
        table["date_label"] == table["event_id"].map({"westphalia": "1648", "summit": "2 May 2001"})
    ).all()


def test_events_table_keeps_an_event_without_excerpts(make_dataset, tmp_path: Path):
    folder = make_dataset(
        excerpts=[{"event_id": "rail", "source_id": "b", "quote": "A summit on 2 May 2001"}]
    )
    dataset = load_dataset(folder)
    table = events_table(dataset, apply_filters(dataset, Filters()))
    assert sorted(table["event_id"]) == ["rail", "summit", "westphalia"]
    assert table.loc[table["event_id"] == "summit", "quote"].tolist() == [""]


def test_footer_names_only_the_articles_the_shown_events_rest_on(make_dataset):
    folder = make_dataset(
        excerpts=[
            {"event_id": "westphalia", "source_id": "a", "quote": "met in 1648"},
            {"event_id": "rail", "source_id": "b", "quote": "carried goods for a decade"},
            {"event_id": "summit", "source_id": "b", "quote": "A summit on 2 May 2001"},
        ]
    )
    dataset = load_dataset(folder)
    footer = sources_footer(dataset, apply_filters(dataset, Filters(themes=("trade",))))
    assert "[A rail story]" in footer
    assert "Old friends" not in footer


@pytest.mark.parametrize(
    "size",
    [ImageSize(100, 900, 2), ImageSize(1600, 90000, 1), ImageSize(1600, 900, 50),
     ImageSize(4000, 4000, 4)],
)  # fmt: skip
def test_oversized_or_tiny_images_are_refused_and_nothing_is_written(
    tiny_dataset: Path, tmp_path: Path, size: ImageSize
):
    out = tmp_path / "chart.png"
    with pytest.raises(ExportError):
        export(load_dataset(tiny_dataset), ViewState(Filters()), out, size=size)
    assert not out.exists()


def test_a_filter_matching_nothing_writes_nothing(tiny_dataset: Path, tmp_path: Path):
    out = tmp_path / "chart.csv"
    out.write_text("previous good export\n")
    with pytest.raises(ExportError, match="no events match"):
        export(load_dataset(tiny_dataset), ViewState(Filters(query="no-such-word")), out)
    assert out.read_text() == "previous good export\n"


def test_missing_browser_is_one_clear_sentence_and_keeps_the_old_file(
    tiny_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chrome"))
    out = tmp_path / "chart.png"
    out.write_bytes(b"previous image")
    with pytest.raises(ExportError) as info:
        export(load_dataset(tiny_dataset), ViewState(Filters()), out, size=SMALL)
    assert str(info.value) == CHROME_MISSING
    assert out.read_bytes() == b"previous image"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def fake_browser(folder: Path, name: str = "fake-chrome") -> Path:
    script = folder / name
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o755)
    return script


def test_browser_path_names_the_browser_and_a_wrong_one_finds_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    fake = fake_browser(tmp_path)
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert find_chromium() == fake
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("BROWSER_PATH", fake.name)  # a name on PATH
    assert find_chromium() == fake
    (tmp_path / "not-executable").write_text("")
    for wrong in (tmp_path / "no-such-chrome", tmp_path / "not-executable"):
        monkeypatch.setenv("BROWSER_PATH", str(wrong))
        assert find_chromium() is None  # as Kaleido fails, even with a browser on PATH


def test_without_browser_path_the_usual_names_are_looked_for_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    chrome = fake_browser(tmp_path, "google-chrome")
    assert find_chromium() == chrome
    chromium = fake_browser(tmp_path, "chromium")
    assert find_chromium() == chromium  # the first of the usual names wins


def test_a_missing_browser_is_found_before_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def never(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("Kaleido was started without a browser")

    monkeypatch.setattr(KALEIDO, "render", never)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chrome"))
    with pytest.raises(ChromiumMissing) as info:
        render_static(go.Figure(), "png", SMALL)
    assert isinstance(info.value, ExportError)
    assert str(info.value) == CHROME_MISSING


def test_kaleido_renders_with_the_browser_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    calls: list[dict] = []

    def spy(fig: dict, opts: dict, kopts: dict) -> bytes:
        calls.append({"opts": opts, "kopts": kopts})
        return b"image"

    monkeypatch.setattr(KALEIDO, "render", spy)
    fake = fake_browser(tmp_path)
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert render_static(go.Figure(), "svg", SMALL) == b"image"
    (call,) = calls
    assert call["kopts"]["path"] == str(fake)
    assert call["opts"] == {"format": "svg", "width": 800, "height": 500, "scale": 1}


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch):
    target = tmp_path / "out.bin"
    target.write_bytes(b"good")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write(target, b"new content that fails")
    assert target.read_bytes() == b"good"
    assert list(tmp_path.iterdir()) == [target]


def test_exports_never_overwrite_the_dataset(tiny_dataset: Path):
    dataset = load_dataset(tiny_dataset)
    before = (tiny_dataset / "events.csv").read_bytes()
    for target in (tiny_dataset / "events.csv", tiny_dataset / "sources" / "a.csv"):
        with pytest.raises(ExportError, match="part of the dataset"):
            export(dataset, ViewState(Filters()), target)
    assert (tiny_dataset / "events.csv").read_bytes() == before


def test_unknown_extension_is_refused(tiny_dataset: Path, tmp_path: Path):
    with pytest.raises(ExportError, match=r"\.png, \.svg"):
        export(load_dataset(tiny_dataset), ViewState(Filters()), tmp_path / "chart.gif")


def test_cli_export_csv_and_clean_errors(tiny_dataset: Path, tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "sub" / "view.csv"
    result = runner.invoke(
        main, ["export", "--data", str(tiny_dataset), "--theme", "trade", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "(1 event)" in result.output
    assert len(pd.read_csv(io.StringIO(out.read_text()))) == 2

    for args, expected in (
        (["--actor", "Ruritanja"], "did you mean 'Ruritania'"),
        (["--from", "2024-13"], "--from '2024-13': not an ISO 8601 date"),
        (["--width", "100000"], "width 100000 is outside"),
        (["--q", "nothing-matches-this"], "no events match"),
    ):
        result = runner.invoke(
            main, ["export", "--data", str(tiny_dataset), *args, "-o", str(tmp_path / "x.png")]
        )
        assert result.exit_code == 1
        assert expected in result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / "x.png").exists()


@needs_chromium
def test_cli_export_png(tiny_dataset: Path, tmp_path: Path):
    out = tmp_path / "chart.png"
    result = CliRunner().invoke(
        main,
        ["export", "--data", str(tiny_dataset), "--group-by", "theme", "--width", "1000",
         "--height", "600", "--scale", "1", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.size == (1000, 600)


def test_a_window_export_is_captioned_with_it_and_cites_only_its_sources(
    make_dataset, tmp_path: Path
) -> None:
    from conftest import SOURCES

    from timeline.export import export_figure

    cited = [
        SOURCES[0]
        | {
            "outlet": "The Daily",
            "author": "Jo Bloggs",
            "url": "https://example.org/old-friends",
            "published_basis": "inferred",
        },
        SOURCES[1],
    ]
    dataset = load_dataset(make_dataset(sources=cited))
    fig = export_figure(dataset, ViewState(Filters(), window=("1600-01-01", "1700-01-01")))
    subtitle = fig.layout.title.subtitle.text
    # the window as chosen, its end exclusive: the last day shown is 31 December 1699
    assert subtitle == "Events in 1 January 1600 – 31 December 1699 (1 of 3)"
    footer = next(a.text for a in fig.layout.annotations if a.name == "footer")
    assert "Old friends, The Daily, by Jo Bloggs (May 2001; inferred: no dateline)" in footer
    assert "https://example.org/old-friends" in footer
    assert "rail story" not in footer  # only the rail and summit events cite it
    out = tmp_path / "window.csv"
    result = CliRunner().invoke(
        main, ["export", "--data", str(dataset.root), "--window", "1600-01-01..1700-01-01",
               "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table["event_id"].unique()) == ["westphalia"]
    assert set(table["source_outlet"]) == {"The Daily"}
    assert set(table["source_published_basis"]) == {"inferred"}
