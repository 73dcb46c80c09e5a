"""Level of detail: dense views show counts per lane and time bin, zoomed views every event.

Small synthetic datasets, with the threshold lowered, so the switch is exercised quickly.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import plotly.express as px
import plotly.graph_objects as go
import pytest

from timeline.chart.axis import compressed_breaks, squeeze, unsqueeze
from timeline.chart.figure import empty_figure, timeline_figure
from timeline.chart.options import ChartLimits
from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.geometry import to_ms
from timeline.query.view import ViewState
from timeline.synth import generate_dataset
from timeline.web.callbacks import event_from_click, render_view

WINDOW = ("1995-01-01", "2012-01-01")
DOTS = ("exact day", "month or year")


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("lod") / "data"
    generate_dataset(folder, events=800, seed=3)
    return load_dataset(folder)


def density_traces(fig: go.Figure) -> list:
    return [t for t in fig.data if t.legendgroup == "density"]


def dot_traces(fig: go.Figure) -> list:
    return [t for t in fig.data if t.name in DOTS and t.showlegend is False]


def density_per_lane(fig: go.Figure) -> Counter:
    names = list(fig.layout.yaxis.ticktext)
    counts: Counter = Counter()
    for trace in density_traces(fig):
        for y, n in zip(trace.y, trace.customdata, strict=True):
            counts[names[int(y)]] += int(n)
    return counts


def dots_per_lane(fig: go.Figure) -> Counter:
    names = list(fig.layout.yaxis.ticktext)
    lanes = np.asarray(fig.layout.yaxis.tickvals, dtype=float)
    return Counter(
        names[int(np.abs(lanes - y).argmin())] for trace in dot_traces(fig) for y in trace.y
    )


def rows_in_window(ds: Dataset, window: tuple[str, str]) -> int:
    """Event-lane rows whose event overlaps the window, counted from the frames directly."""
    lo, hi = (np.datetime64(w) for w in window)
    ev = ds.events
    overlapping = set(np.flatnonzero((ev["start"].to_numpy() < hi) & (ev["end"].to_numpy() > lo)))
    return int(ds.event_actors["event"].isin(overlapping).sum())


def test_density_and_zoomed_views_show_the_same_events(synth, monkeypatch) -> None:
    n = rows_in_window(synth, WINDOW)
    assert 10 < n < len(synth.event_actors)  # the window holds some, not all
    limits = ChartLimits(detail=n - 1)
    dense = timeline_figure(
        synth.events, dataset=synth, view=ViewState(window=WINDOW), limits=limits
    )
    limits = ChartLimits(detail=n)
    zoomed = timeline_figure(
        synth.events, dataset=synth, view=ViewState(window=WINDOW), limits=limits
    )
    assert density_traces(dense) and not dot_traces(dense)
    assert dot_traces(zoomed) and not density_traces(zoomed)
    assert sum(density_per_lane(dense).values()) == n
    assert density_per_lane(dense) == dots_per_lane(zoomed)
    # both keep the lanes of the whole selection
    assert list(dense.layout.yaxis.ticktext) == list(zoomed.layout.yaxis.ticktext)


def test_zoomed_view_draws_only_events_overlapping_the_window(synth, monkeypatch) -> None:
    limits = ChartLimits(detail=rows_in_window(synth, WINDOW))
    fig = timeline_figure(synth.events, dataset=synth, view=ViewState(window=WINDOW), limits=limits)
    shown = {int(c) for t in dot_traces(fig) for c in t.customdata}
    lo, hi = (np.datetime64(w) for w in WINDOW)
    ev = synth.events.iloc[sorted(shown)]
    assert ((ev["start"] < hi) & (ev["end"] > lo)).all()


def test_threshold_switches_modes(synth, monkeypatch) -> None:
    whole = timeline_figure(synth.events, dataset=synth)
    assert dot_traces(whole) and not density_traces(whole)  # 800 events: below the default
    limits = ChartLimits(detail=100)
    dense = timeline_figure(synth.events, dataset=synth, limits=limits)
    assert density_traces(dense) and not dot_traces(dense)
    assert sum(density_per_lane(dense).values()) == len(synth.event_actors)
    assert "zoom in" in dense.layout.legend.title.text
    # density cells are drawn where events are: never inside a cut of the axis
    xs = np.concatenate([np.asarray(t.x, dtype=float) for t in density_traces(dense)])
    for b in dense.layout.xaxis.rangebreaks:
        a, z = to_ms(np.array(b.bounds, dtype="datetime64[ms]"))
        assert not ((xs >= a) & (xs < z)).any()


def test_each_density_cell_says_its_lane_and_period(synth) -> None:
    dense = timeline_figure(synth.events, dataset=synth, limits=ChartLimits(detail=100))
    names = list(dense.layout.yaxis.ticktext)
    cells = 0
    for trace in density_traces(dense):
        for x, y, text in zip(trace.x, trace.y, trace.hovertext, strict=True):
            lane, period = text.split("<br>")
            assert lane == names[int(y)]
            years = [int(w) for w in re.findall(r"\b\d{4}\b", period)]
            year = int(str(np.datetime64(int(x), "ms").astype("datetime64[Y]")))
            assert years and min(years) <= year <= max(years), (text, year)
            cells += 1
    assert cells > 10


def test_density_figure_is_valid_plotly(synth, monkeypatch) -> None:
    limits = ChartLimits(detail=100)
    first = str(synth.events["id"].iloc[0])
    dense = timeline_figure(
        synth.events, dataset=synth, view=ViewState(axis="linear", event=first), limits=limits
    )
    go.Figure(dense.to_dict())  # validates every property (the fast path skips checks)
    assert [t for t in dense.data if t.name == "selected"]


@pytest.mark.parametrize("axis", ["compressed", "linear"])
@pytest.mark.parametrize("group_by", ["actor", "theme"])
def test_detail_figure_is_valid_plotly(synth, axis: str, group_by: str) -> None:
    """Detail traces and layout are built unvalidated for speed: check them all here."""
    first = str(synth.events["id"].iloc[0])
    for events, x_range in ((synth.events, None), (synth.events.iloc[:40], WINDOW)):
        fig = timeline_figure(
            events,
            dataset=synth,
            view=ViewState(group=group_by, axis=axis, event=first, window=x_range),  # type: ignore[arg-type]
            title="A <b>title</b>",
            subtitle="sub",
            footer="foot",
            height=600,
        )
        go.Figure(fig.to_dict())  # raises on any unknown property or invalid value
        if x_range is not None:  # only the events in the window are drawn
            lo, hi = (np.datetime64(w) for w in x_range)
            events = events[(events["start"] < hi) & (events["end"] > lo)]
        assert any(t.name == "selected" for t in fig.data) == (first in set(events["id"]))


def test_empty_figure_is_valid_plotly() -> None:
    go.Figure(empty_figure("Nothing", title="T", height=300).to_dict())


def test_dense_payload_is_far_smaller_than_a_naive_scatter(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    generate_dataset(folder, events=50_000, seed=1)
    ds = load_dataset(folder)
    ours = len(timeline_figure(ds.events, dataset=ds).to_json())
    ev = ds.events.assign(actor=ds.events["actors"].str[0], start_ms=to_ms(ds.events["start"]))
    naive = px.scatter(
        ev, x="start_ms", y="actor", hover_name="title", hover_data=["date_label", "themes"]
    )
    assert ours * 10 < len(naive.to_json())


def test_cuts_are_bounded_and_the_longest() -> None:
    day = 86_400_000.0
    points = np.cumsum(np.arange(1, 200) * 10 * day)  # gaps grow: 20, 30, ... days
    breaks = compressed_breaks(points, points, limit=3)
    assert len(breaks) == 3
    widths = [b - a for a, b in breaks]
    assert min(widths) > 150 * 10 * day  # the three longest gaps, not the first ones
    assert [a for a, _ in breaks] == sorted(a for a, _ in breaks)


def test_squeeze_skips_cuts_and_unsqueeze_lands_on_shown_time() -> None:
    breaks = [(10.0, 20.0), (30.0, 50.0)]
    assert list(squeeze(np.array([5.0, 15.0, 25.0, 60.0]), breaks)) == [5.0, 10.0, 15.0, 30.0]
    back = unsqueeze(np.linspace(0, 40, 81), breaks)
    assert not (((back >= 10) & (back < 20)) | ((back >= 30) & (back < 50))).any()
    shown = np.array([1.0, 9.0, 20.0, 29.0, 55.0])
    assert list(unsqueeze(squeeze(shown, breaks), breaks)) == list(shown)


def test_clicks_resolve_to_events_on_the_bundled_data() -> None:
    ds = load_dataset(bundled_data())
    fig, _, _ = render_view(ds, "")
    trace = dot_traces(fig)[0]
    for position, text in zip(trace.customdata, trace.hovertext, strict=True):
        event = event_from_click(ds, {"points": [{"customdata": position}]})
        row = ds.events[ds.events["id"] == event].iloc[0]
        assert row["title"].split()[0] in text
    assert isinstance(json.loads(fig.to_json())["data"][-1], dict)


def test_clicks_resolve_in_a_zoomed_view_and_not_on_density_cells(synth, monkeypatch) -> None:
    limits = ChartLimits(detail=rows_in_window(synth, WINDOW))
    fig, _, _ = render_view(synth, f"?window={WINDOW[0]}..{WINDOW[1]}", limits=limits)
    trace = dot_traces(fig)[0]
    payload = json.loads(fig.to_json())
    sent = next(t for t in payload["data"] if t.get("name") == trace.name)
    assert isinstance(sent["customdata"], list)  # dcc.Graph reads clicked customdata from it
    event = event_from_click(synth, {"points": [{"customdata": sent["customdata"][0]}]})
    assert event == synth.events["id"].iloc[int(trace.customdata[0])]
    limits = ChartLimits(detail=100)
    dense, _, _ = render_view(synth, "", limits=limits)
    cells = json.loads(dense.to_json())["data"]
    binary = [t["customdata"] for t in cells if isinstance(t.get("customdata"), dict)]
    assert binary and all("bdata" in c for c in binary)  # so a click carries no customdata
    assert event_from_click(synth, {"points": [{"curveNumber": 0, "pointNumber": 0}]}) is None


@pytest.mark.parametrize(
    "search",
    ["", "?axis=linear&group=theme", f"?window={WINDOW[0]}..{WINDOW[1]}", "?q=zzzz", "?event="],
)
def test_the_callback_payload_is_the_figure_plotly_would_send(synth, search: str) -> None:
    """The callback skips go.Figure for speed: what it sends must equal go.Figure's JSON."""
    from dash._utils import to_json

    if search == "?event=":  # a selected event: ringed among dots, and among density cells
        search += str(synth.events["id"].iloc[len(synth.events) // 2])
    for limits in (ChartLimits(), ChartLimits(detail=100)):  # dots, then density cells
        fig, count, _ = render_view(synth, search, 1280, limits=limits)
        payload, count2, _ = render_view(synth, search, 1280, limits=limits, payload=True)
        assert isinstance(payload, dict) and count == count2
        assert json.loads(fig.to_json()) == json.loads(to_json(payload))
