"""The figure as data: traces, lanes, precision, sizes, axes. No browser."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from conftest import EVENTS

from timeline.chart import axis as axis_mod
from timeline.chart.axis import compressed_breaks
from timeline.chart.figure import empty_figure, timeline_figure, timeline_parts
from timeline.chart.options import ChartLimits
from timeline.chart.payload import figure_payload
from timeline.chart.style import escape_one
from timeline.load.loader import load_dataset
from timeline.model.geometry import ms_to_iso, to_ms
from timeline.query.view import ViewState
from timeline.web.callbacks import event_from_click

TIMELINE_JS = Path(__file__).resolve().parents[1] / "assets" / "timeline.js"


def ms(iso: str) -> float:
    return float(np.datetime64(iso, "ms").astype("int64"))


def dots(fig: go.Figure) -> list:
    return [
        t
        for t in fig.data
        if t.name in ("exact day", "month or year") and t.showlegend is False  # not the key
    ]


def by_name(fig: go.Figure, prefix: str) -> list:
    return [t for t in fig.data if (t.name or "").startswith(prefix)]


@pytest.fixture
def dataset(tiny_dataset: Path):
    return load_dataset(tiny_dataset)


def test_to_ms_handles_years_outside_pandas_range() -> None:
    values = np.array(["0800-01-01", "1648-01-01", "9999-12-31"], dtype="datetime64[us]")
    out = to_ms(values)
    assert [ms_to_iso(v) for v in out] == ["0800-01-01", "1648-01-01", "9999-12-31"]


def test_lanes_follow_vocabulary_and_group_toggle(dataset) -> None:
    by_actor = timeline_figure(dataset.events, dataset=dataset, view=ViewState(group="actor"))
    assert list(by_actor.layout.yaxis.ticktext) == ["Ruritania", "Freedonia", "League"]
    by_theme = timeline_figure(dataset.events, dataset=dataset, view=ViewState(group="theme"))
    assert list(by_theme.layout.yaxis.ticktext) == ["treaty", "trade"]


def test_lanes_only_for_shown_events(dataset) -> None:
    shown = dataset.events[dataset.events["id"] == "rail"]
    fig = timeline_figure(shown, dataset=dataset)
    assert list(fig.layout.yaxis.ticktext) == ["Ruritania", "Freedonia"]


def test_event_with_three_actors_is_drawn_once_per_lane_with_same_hover(dataset) -> None:
    fig = timeline_figure(dataset.events, dataset=dataset, view=ViewState(axis="linear"))
    summit = int(dataset.events.index[dataset.events["id"] == "summit"][0])
    lane_of = {round(v): i for i, v in enumerate(fig.layout.yaxis.tickvals)}
    points = [
        (lane_of[round(y)], text, x)
        for trace in dots(fig)
        for c, y, text, x in zip(trace.customdata, trace.y, trace.hovertext, trace.x, strict=True)
        if c == summit
    ]
    assert sorted(p[0] for p in points) == [0, 1, 2]  # every lane
    assert len({p[1] for p in points}) == 1  # identical hover
    assert len({p[2] for p in points}) == 1  # same instant
    connectors = by_name(fig, "same event")
    assert connectors and np.nanmax(connectors[0].y) >= fig.layout.yaxis.tickvals[2] - 1


def test_traces_do_not_grow_with_events(make_dataset: Callable[..., Path]) -> None:
    many = [{**EVENTS[2], "id": f"e{i}", "date": f"{1900 + i}-05-02"} for i in range(60)]
    big = load_dataset(make_dataset(events=[*EVENTS, *many]))
    fig = timeline_figure(big.events, dataset=big)
    assert len(big.events) == 63
    assert len(fig.data) < 20


def test_year_precision_is_a_hollow_dot_and_a_band_over_the_whole_year(dataset) -> None:
    fig = timeline_figure(dataset.events, dataset=dataset, view=ViewState(axis="linear"))
    pos = int(dataset.events.index[dataset.events["id"] == "westphalia"][0])
    hollow = next(t for t in dots(fig) if t.name == "month or year")
    assert hollow.marker.symbol == "circle-open"
    assert pos in list(hollow.customdata)
    filled = next(t for t in dots(fig) if t.name == "exact day")
    assert filled.marker.symbol == "circle"
    assert pos not in list(filled.customdata)
    bands = by_name(fig, "period")
    xs = np.concatenate([np.asarray(t.x, dtype=float) for t in bands])
    assert ms("1648-01-01") in xs and ms("1649-01-01") in xs
    text = hollow.hovertext[list(hollow.customdata).index(pos)]
    assert "1648" in text and "Treaty of Westphalia" in text and "Ruritania" in text


def test_span_is_a_bar_from_start_to_end(dataset) -> None:
    fig = timeline_figure(dataset.events, dataset=dataset, view=ViewState(axis="linear"))
    xs = np.concatenate([np.asarray(t.x, dtype=float) for t in by_name(fig, "span")])
    assert ms("1990-03-01") in xs and ms("2001-01-01") in xs


def test_dots_are_one_size_and_labels_carry_the_source_count(dataset) -> None:
    """Corroboration is a number beside the label, so passing mentions do not dominate."""
    fig = timeline_figure(dataset.events, dataset=dataset, width_px=1400)
    sizes = {float(s) for trace in dots(fig) for s in np.atleast_1d(trace.marker.size)}
    assert len(sizes) == 1
    labels = [a.text for a in fig.layout.annotations if str(a.name).startswith("event-label:")]
    assert len(labels) == len(dataset.events)  # three events, room for every label
    for title, n in zip(dataset.events["title"], dataset.events["n_sources"], strict=True):
        assert f"{title} ({n})" in labels


def test_hover_escapes_markup(make_dataset: Callable[..., Path]) -> None:
    events = [dict(EVENTS[0], title="<script>alert(1)</script> & co"), *EVENTS[1:]]
    ds = load_dataset(make_dataset(events=events))
    fig = timeline_figure(ds.events, dataset=ds, title="<b>x</b>")
    texts = [t for trace in dots(fig) for t in trace.hovertext]
    assert any(
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in t.replace("<br>", " ") for t in texts
    )
    assert not any("<script>" in t for t in texts)
    assert fig.layout.title.text == "&lt;b&gt;x&lt;/b&gt;"


def label_row(annotation) -> int | None:  # type: ignore[no-untyped-def]
    """The event row a label annotation carries in its name ("event-label:<row>"), as the
    page's script (assets/timeline.js) reads it: with the script's own pattern."""
    found = re.search(r"/(\^event-label:[^/]*\$)/", TIMELINE_JS.read_text())
    assert found, "assets/timeline.js no longer reads the labels' names"
    match = re.fullmatch(found.group(1), str(annotation["name"]))
    return int(match.group(1)) if match else None


def test_a_label_clicks_like_its_dot_and_shows_the_full_title(
    make_dataset: Callable[..., Path],
) -> None:
    """Each label captures clicks and carries its event's row (the dots' customdata, not its
    place in the frame drawn); its hover text is the whole title, escaped like the label."""
    long = "A summit of the League, Ruritania & Freedonia renews <b>the old friendship</b> at last"
    events = [
        {**EVENTS[0], "label": ""},
        {**EVENTS[1], "label": ""},
        {**EVENTS[2], "title": long, "label": "Summit"},
    ]
    ds = load_dataset(make_dataset(events=events))
    shown = ds.events[ds.events["id"] != "westphalia"]  # frame positions differ from the rows
    fig = timeline_figure(shown, dataset=ds, width_px=1400)
    labels = [a for a in fig.layout.annotations if label_row(a) is not None]
    assert sorted(label_row(a) for a in labels) == sorted(shown.index)
    clickable = {c for trace in dots(fig) for c in trace.customdata}
    for label in labels:
        row = label_row(label)
        event = ds.events.iloc[row]
        assert row in clickable
        assert label.captureevents is True
        assert event_from_click(ds, {"points": [{"customdata": row}]}) == event["id"]
        assert label.hovertext.replace("<br>", " ") == escape_one(event["title"])
    summit = next(a for a in labels if ds.events.iloc[label_row(a)]["id"] == "summit")
    assert summit.text == "Summit (2)"
    assert "&lt;b&gt;the old friendship&lt;/b&gt;" in summit.hovertext
    assert "<b>" not in summit.hovertext and "&amp;" in summit.hovertext
    assert "<br>" in summit.hovertext  # a long title wraps at a space
    # the same in the app's payload, and valid for plotly.py's checks
    payload = figure_payload(timeline_parts(shown, dataset=ds, width_px=1400))
    sent = [a for a in payload["layout"]["annotations"] if label_row(a) is not None]
    assert [(a["name"], a["hovertext"], a["captureevents"]) for a in sent] == [
        (a.name, a.hovertext, True) for a in labels
    ]
    go.Figure(fig.to_dict())


def test_compressed_axis_cuts_and_marks_empty_stretches(dataset) -> None:
    fig = timeline_figure(dataset.events, dataset=dataset, view=ViewState(axis="compressed"))
    breaks = fig.layout.xaxis.rangebreaks
    assert fig.layout.xaxis.type == "date"
    assert len(breaks) >= 2
    marks = [a for a in fig.layout.annotations if a.name == "axis-break"]
    assert len(marks) == len(breaks)
    assert all(a.text == "//" for a in marks)
    lo = [ms(b.bounds[0].replace("T", " ").split(" ")[0]) for b in breaks]
    assert min(lo) > ms("1648-01-01")  # nothing cut before the first event
    # no dot sits inside a cut
    anchors = np.concatenate([np.asarray(t.x, dtype=float) for t in dots(fig)])
    for b in breaks:
        a, z = (float(np.datetime64(v, "ms").astype("int64")) for v in b.bounds)
        assert not ((anchors >= a) & (anchors < z)).any()
    # each kept stretch labelled at its precision: the 1648 stretch says '1648', not a day
    labels = list(fig.layout.xaxis.ticktext)
    assert "1648" in labels
    # the span's end, '2000', is a year: its stretch must not be labelled with a day
    assert not [t for t in labels if t.endswith("2000") and t != "2000"]


def test_linear_axis_has_no_cuts(dataset) -> None:
    fig = timeline_figure(dataset.events, dataset=dataset, view=ViewState(axis="linear"))
    assert fig.layout.xaxis.type == "date"
    assert not fig.layout.xaxis.rangebreaks
    assert not [a for a in fig.layout.annotations if a.name == "axis-break"]


def test_compressed_breaks_keep_dense_periods() -> None:
    day = 86_400_000.0
    points = np.array([0.0, day, 2 * day, 1000 * day])
    breaks = compressed_breaks(points, points)
    assert len(breaks) == 1
    a, b = breaks[0]
    assert 2 * day < a < b < 1000 * day


def test_figure_serialises_early_years(dataset) -> None:
    payload = json.loads(timeline_figure(dataset.events, dataset=dataset).to_json())
    assert payload["layout"]["xaxis"]["range"][0].startswith("1648")
    linear = json.loads(
        timeline_figure(dataset.events, dataset=dataset, view=ViewState(axis="linear")).to_json()
    )
    assert linear["layout"]["xaxis"]["type"] == "date"


def test_scattergl_above_threshold(dataset) -> None:
    fig = timeline_figure(dataset.events, dataset=dataset, limits=ChartLimits(webgl=2))
    assert all(isinstance(t, go.Scattergl) for t in dots(fig))


def test_selected_event_is_ringed(dataset) -> None:
    fig = timeline_figure(dataset.events, dataset=dataset, view=ViewState(event="summit"))
    ring = by_name(fig, "selected")
    assert ring and len(ring[0].x) == 3


def test_title_subtitle_footer_and_range(dataset) -> None:
    fig = timeline_figure(
        dataset.events,
        dataset=dataset,
        title="T",
        subtitle="actors: Ruritania",
        footer="Sources: Old friends",
        view=ViewState(axis="linear", window=("1990-01-01", "2002-01-01")),
    )
    assert fig.layout.title.text == "T"
    assert fig.layout.title.subtitle.text == "actors: Ruritania"
    assert [a.text for a in fig.layout.annotations if a.name == "footer"] == [
        "Sources: Old friends"
    ]
    assert list(fig.layout.xaxis.range) == ["1990-01-01", "2002-01-01"]


def test_empty_events_give_a_message_not_a_broken_chart(dataset) -> None:
    fig = timeline_figure(dataset.events.iloc[:0], dataset=dataset)
    assert [a.text for a in fig.layout.annotations] == ["No events match these filters."]
    assert empty_figure("nothing").layout.annotations[0].text == "nothing"


def test_range_leaves_room_after_the_last_band(dataset) -> None:
    last_end = dataset.events["end"].max()
    for axis in ("compressed", "linear"):
        fig = timeline_figure(dataset.events, dataset=dataset, view=ViewState(axis=axis))
        end = np.datetime64(fig.layout.xaxis.range[1].replace(" ", "T"))
        assert end > last_end, axis


def test_day_ticks_write_the_year_once_per_stretch() -> None:
    day = 86_400_000.0
    start = ms("2024-06-10")
    anchors = start + day * np.arange(0, 11)
    _, labels, _ = axis_mod.compressed_ticks(
        (start, start + 11 * day), [], anchors, np.array(["day"] * 11), width_px=900
    )
    assert len(labels) >= 4
    assert labels[0].endswith("<br>2024")
    assert not [t for t in labels[1:] if "2024" in t]


@pytest.mark.parametrize("axis", ["compressed", "linear"])
def test_a_long_axis_note_wraps_to_the_plot_and_makes_room(tmp_path: Path, axis: str) -> None:
    from timeline.chart.layout import NOTE_CHAR_PX, NOTE_LINE_PX
    from timeline.synth import generate_dataset

    crowded = load_dataset(generate_dataset(tmp_path / "crowded", events=200, seed=5))
    figures = {
        width: timeline_figure(
            crowded.events, dataset=crowded, view=ViewState(axis=axis), width_px=width
        )
        for width in (360, 2400)
    }
    notes = {w: f.layout.xaxis.title.text for w, f in figures.items()}
    assert "not labelled" in notes[360] and ("Compressed" in notes[360]) == (axis == "compressed")
    wide, narrow = notes[2400], notes[360]
    assert "<br>" not in wide  # one line where it fits
    lines = narrow.split("<br>")
    assert len(lines) >= 3 and all(len(line) <= 360 / NOTE_CHAR_PX for line in lines)
    assert " ".join(lines) == wide  # the same words, wrapped
    extra = NOTE_LINE_PX * (len(lines) - 1)
    assert figures[360].layout.margin.t == figures[2400].layout.margin.t + extra
