"""The chart says only what the data says, in every view: cuts against bands, ticks against
dots, a window's empty ends, preset spans, captions and labels, checked on the figure's data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.chart.axis import MONTH_ABBR
from timeline.chart.cuts import band_pieces, squeeze
from timeline.chart.figure import timeline_figure
from timeline.export.captions import chart_title, subtitle
from timeline.load import load_dataset
from timeline.load.bundled import bundled_data
from timeline.model.dataset import Dataset
from timeline.model.geometry import MS_PER_DAY, to_ms
from timeline.query.filters import Filters, apply_filters
from timeline.query.view import PRESETS, ViewState, months_before, preset_window, window_label

WIDTHS = (700, 1600)


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset(bundled_data())


def views(ds: Dataset) -> dict[str, dict]:
    """The views an editor tries: everything, one actor, each preset, by theme."""
    out: dict[str, dict] = {"all": {}, "china": {"filters": Filters(actors=("China",))}}
    for key in PRESETS:
        out[key] = {"x_range": preset_window(ds.events, key)}
    out["themes"] = {"group_by": "theme"}
    return out


def figure(ds: Dataset, width: int, filters: Filters | None = None, **options):
    """The figure of a view (``options``: ViewState's fields, with ``x_range`` for the
    window and ``group_by`` for the grouping, as the views above name them)."""
    events = apply_filters(ds, filters or Filters())
    view = ViewState(
        group=options.get("group_by", "actor"),
        axis=options.get("axis", "compressed"),
        window=options.get("x_range"),
    )
    return timeline_figure(events, dataset=ds, view=view, width_px=width)


def cuts(fig) -> list[tuple[float, float]]:
    out = []
    for b in fig.layout.xaxis.rangebreaks or ():
        lo, hi = (np.datetime64(str(v).replace(" ", "T"), "ms") for v in b.bounds)
        out.append((float(lo.astype("int64")), float(hi.astype("int64"))))
    return out


def traces(fig, prefix: str) -> list:
    return [t for t in fig.data if str(t.name).startswith(prefix)]


def segments(trace) -> list[tuple[float, float, float]]:
    """(from, to, y) of each drawn piece of a band trace."""
    x = np.asarray(trace.x, dtype=float).reshape(-1, 3)
    y = np.asarray(trace.y, dtype=float).reshape(-1, 3)
    return [(a, b, yy) for (a, b, _), (yy, _, _) in zip(x, y, strict=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_band_piece_runs_through_a_cut_and_every_crossing_is_marked(bundled, width) -> None:
    for name, options in views(bundled).items():
        filters = options.pop("filters", None)
        fig = figure(bundled, width, filters, **options)
        breaks = cuts(fig)
        marks = {
            (round(x), round(y))
            for t in traces(fig, "band break")
            for x, y in zip(t.x, t.y, strict=True)
        }
        for trace in traces(fig, "period") + traces(fig, "span"):
            for lo, hi, y in segments(trace):
                for b_lo, b_hi in breaks:
                    assert not (lo < b_lo and b_hi <= hi), (name, width, lo, hi)
                    if lo <= b_hi <= hi and (round(b_hi), round(y)) not in marks:
                        # a piece starting right after a cut: the band was broken there
                        assert not any(p_hi < b_lo for p_lo, p_hi, yy in segments(trace)), name


@pytest.mark.parametrize("width", WIDTHS)
def test_an_unmarked_band_is_drawn_at_its_true_length(bundled, width) -> None:
    """Within kept time the axis is linear: a band with no break mark is as long on the
    squeezed scale as in time, so bands compare as their durations do."""
    for name, options in views(bundled).items():
        filters = options.pop("filters", None)
        fig = figure(bundled, width, filters, **options)
        breaks = cuts(fig)
        marked_y = {round(y) for t in traces(fig, "band break") for y in t.y}
        for trace in traces(fig, "period") + traces(fig, "span"):
            for lo, hi, y in segments(trace):
                if round(y) in marked_y:
                    continue
                drawn = float(np.diff(squeeze(np.array([lo, hi]), breaks))[0])
                assert drawn == pytest.approx(hi - lo, abs=2.0), (name, lo, hi)


@given(
    st.lists(st.tuples(st.integers(0, 20_000), st.integers(1, 3_000)), min_size=1, max_size=12),
    st.lists(st.tuples(st.integers(0, 25_000), st.integers(1, 400)), max_size=6),
)
def test_band_pieces_cover_exactly_the_kept_part_of_each_band(bands, gaps) -> None:
    day = MS_PER_DAY
    lo = np.array([a * day for a, _ in bands])
    hi = lo + np.array([n * day for _, n in bands])
    breaks, last = [], -1.0
    for start, length in sorted(gaps):
        if start * day > last:
            breaks.append((start * day, (start + length) * day))
            last = (start + length) * day
    pieces = band_pieces(lo, hi, np.arange(lo.size, dtype=float), breaks)
    xs = pieces.x.reshape(-1, 3)
    rows = pieces.row.reshape(-1, 3)[:, 0]
    for i in range(lo.size):
        kept = hi[i] - lo[i] - sum(max(0.0, min(hi[i], b) - max(lo[i], a)) for a, b in breaks)
        mine = xs[rows == i]
        assert np.sum(mine[:, 1] - mine[:, 0]) == pytest.approx(kept, abs=len(breaks) + 2)
        hidden = kept < hi[i] - lo[i] - 1
        assert hidden == bool((pieces.break_row == i).any())


def tick_period(label: str, value: float) -> tuple[float, float]:
    """The day, month or year a tick label names, as [start, end) in ms, found from the
    label's words and the tick's own year (a label may leave the year out)."""
    words = label.replace("<br>", " ").split()
    day = np.datetime64(int(value), "ms").astype("datetime64[D]")
    year = int(str(day)[:4])
    if len(words) == 1 and words[0].isdigit():
        unit, start = "Y", np.datetime64(f"{int(words[0]):04d}", "Y")
    elif words[0] in MONTH_ABBR:
        month = MONTH_ABBR.index(words[0]) + 1
        unit, start = "M", np.datetime64(f"{year:04d}-{month:02d}", "M")
    else:
        month = MONTH_ABBR.index(words[1]) + 1
        unit, start = "D", np.datetime64(f"{year:04d}-{month:02d}-{int(words[0]):02d}", "D")
    end = start + 1
    assert unit in "YMD"
    return tuple(float(to_ms(np.array([v], "datetime64[us]"))[0]) for v in (start, end))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("axis", ["compressed", "linear"])
def test_every_tick_sits_in_the_middle_of_what_it_names_so_dots_sit_on_their_tick(
    bundled, width, axis
) -> None:
    for name, options in views(bundled).items():
        filters = options.pop("filters", None)
        fig = figure(bundled, width, filters, axis=axis, **options)
        values, labels = fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext
        assert values, name
        for value, label in zip(values, labels, strict=True):
            lo, hi = tick_period(label, value)
            assert value == pytest.approx((lo + hi) / 2, abs=1.0), (name, label)
    # and a day's dot is where its day's tick is: both at its middle
    fig = figure(bundled, 1600, Filters(actors=("China",)))
    dots = np.concatenate([np.asarray(t.x, dtype=float) for t in traces(fig, "exact day")])
    for value, label in zip(fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext, strict=True):
        lo, hi = tick_period(label, value)
        if hi - lo == MS_PER_DAY:
            assert all(d == pytest.approx(value) for d in dots if lo <= d < hi)


def test_a_window_spends_its_width_on_its_events(bundled) -> None:
    """'Last 5 years' used to give an empty 2019 90 % of the width."""
    window = ("2019-01-01", "2024-06-23")
    fig = figure(bundled, 1600, x_range=window)
    breaks = cuts(fig)
    lo, hi = (
        float(np.datetime64(str(v).replace(" ", "T"), "ms").astype("int64"))
        for v in fig.layout.xaxis.range
    )
    first = min(float(np.min(np.asarray(t.x, dtype=float))) for t in traces(fig, "exact day"))
    first = min(
        [first]
        + [float(np.min(np.asarray(t.x, dtype=float))) for t in traces(fig, "month or year")]
    )
    shown = squeeze(np.array([lo, hi, first]), breaks)
    empty_share = (shown[2] - shown[0]) / (shown[1] - shown[0])
    assert empty_share < 0.05
    edges = [a for a in fig.layout.annotations if a.name == "window-edge"]
    assert edges and "of the window without events" in edges[0].hovertext
    assert "ends of the window" in fig.layout.xaxis.title.text


@given(st.dates(date(1, 1, 1), date(9999, 12, 31)), st.integers(1, 60))
def test_months_before_is_the_same_day_n_months_earlier(day, months) -> None:
    assume_ok = day.year * 12 + day.month - months > 12
    if not assume_ok:
        return
    got = months_before(np.datetime64(day.isoformat(), "D"), months).astype(object)
    assert (got.year * 12 + got.month) == day.year * 12 + day.month - months
    assert got.day == day.day or (got.day < day.day and (got.month % 12) + 1 != got.month)


def test_presets_mean_what_they_say(bundled) -> None:
    last = bundled.events["end"].max()  # exclusive: the day after the latest event
    for key, (label, months) in PRESETS.items():
        lo, hi = preset_window(bundled.events, key)
        assert np.datetime64(hi) == np.datetime64(last, "D")
        assert np.datetime64(lo) == months_before(np.datetime64(hi), months)
        # and said exactly: up to and including the last event's day
        assert window_label((lo, hi)).endswith("20 June 2024"), label
    lo, hi = preset_window(bundled.events, "1y")
    assert (lo, hi) == ("2023-06-21", "2024-06-21")
    assert window_label((lo, hi)) == "21 June 2023 – 20 June 2024"


def test_captions_are_prose_and_true(bundled) -> None:
    china = Filters(actors=("China",))
    events = apply_filters(bundled, china)
    assert subtitle(bundled, ViewState(china), events) == (
        "Events involving China, 28 March – 11 June 2024 (3 of 28)"
    )
    everything = apply_filters(bundled, Filters())
    assert subtitle(bundled, ViewState(), everything) == "All 28 events, 1961 – 20 June 2024"
    both = Filters(themes=("treaty",), query="pact")
    assert subtitle(bundled, ViewState(both)).startswith("Events about treaty, mentioning “pact”, ")
    # the dataset's title names 1961 to June 2024: not over a view of 2024 alone
    assert "1961" in chart_title(bundled, shown=everything)
    title = chart_title(bundled, shown=events)
    assert "1961" not in title and title.startswith("Russia and North Korea")
    assert chart_title(bundled, "Mine, 1900", shown=events) == "Mine, 1900"


def test_the_footer_credits_the_data_and_its_licence(bundled) -> None:
    from timeline.export import export_figure

    fig = export_figure(bundled, ViewState(Filters(actors=("China",))))
    footer = next(a.text for a in fig.layout.annotations if a.name == "footer")
    assert "Data: timeline bundled dataset" in footer
    assert "CC BY 4.0" in footer.replace("<br>", " ")


def test_the_legend_explains_exactly_the_marks_in_view(
    make_dataset: Callable[..., Path],
) -> None:
    from conftest import EVENTS

    days = [dict(e, date="2001-05-02", end_date="") for e in EVENTS]
    plain = load_dataset(make_dataset(events=days))
    names = [
        t.name
        for t in timeline_figure(plain.events, dataset=plain).data
        if t.showlegend is not False
    ]
    assert "exact day" in names
    assert not [n for n in names if "from–to" in n or "month or year" in n or "/ on a" in n]
    fig = figure(load_dataset(bundled_data()), 1600)
    names = [t.name for t in fig.data if t.showlegend is not False]
    for mark in ("exact day", "month or year", "from–to", "/ on a band", "dotted", "(n)"):
        assert any(mark in n for n in names), mark


@pytest.mark.parametrize("width", (360, 700, 1600))
def test_no_two_labels_read_the_same_and_none_is_cut_that_has_room(bundled, width) -> None:
    for name, options in views(bundled).items():
        filters = options.pop("filters", None)
        fig = figure(bundled, width, filters, **options)
        labels = [a.text for a in fig.layout.annotations if str(a.name).startswith("event-label")]
        assert len(labels) == len(set(labels)), (name, width)
    # a lone event with a long title is labelled whole on a wide chart
    fig = figure(bundled, 1600, Filters(actors=("Vietnam",)))
    (label,) = [a.text for a in fig.layout.annotations if str(a.name).startswith("event-label")]
    assert "…" not in label


def test_window_label_says_the_last_day_shown() -> None:
    assert window_label(("2024-05-01", "2024-06-22")) == "1 May – 21 June 2024"
    assert window_label(("2024-05-01", "2024-05-02")) == "1 May 2024"


def war_dataset(make_dataset: Callable[..., Path]) -> Dataset:
    """A six-year war, a month inside it, a day at its start and one long after."""
    from conftest import EVENTS

    base = EVENTS[0]
    events = [
        dict(base, id="war", date="1939-09-01", end_date="1945-09-02", title="A long war"),
        dict(base, id="month", date="1942-06", end_date="", title="A month of battles"),
        dict(base, id="start", date="1939-09-03", end_date="", title="War declared"),
        dict(base, id="later", date="1961-08-13", end_date="", title="A wall is built"),
    ]
    excerpts = [
        {"event_id": e["id"], "source_id": "a", "quote": "Leaders of Ruritania"} for e in events
    ]
    return load_dataset(make_dataset(events=events, excerpts=excerpts))


def test_a_window_inside_a_long_span_draws_the_span_across_it(make_dataset) -> None:
    ds = war_dataset(make_dataset)
    window = ("1943-01-01", "1944-01-01")
    fig = timeline_figure(ds.events, dataset=ds, view=ViewState(window=window))
    assert not cuts(fig)  # nothing in the window is empty: the war goes on through it
    (war,) = [t for t in traces(fig, "span") if len(t.x)]
    lo, hi = (float(np.datetime64(d, "ms").astype("int64")) for d in window)
    drawn = sum(b - a for a, b, _ in segments(war))
    assert drawn >= 0.95 * (hi - lo)
    labels = [a.text for a in fig.layout.annotations if str(a.name).startswith("event-label")]
    assert any("A long war" in t for t in labels)  # labelled at the edge where it enters


def test_cut_bounds_are_whole_milliseconds_so_no_band_point_falls_inside_one(bundled) -> None:
    for width in (600, 1600):
        fig = figure(bundled, width)
        breaks = cuts(fig)
        assert breaks
        for trace in traces(fig, "period") + traces(fig, "span") + traces(fig, "band break"):
            for x in np.asarray(trace.x, dtype=float):
                assert not any(a <= x < b for a, b in breaks), trace.name


def test_a_month_is_not_kept_whole_beside_a_broken_longer_band(make_dataset) -> None:
    """Keeping June 1942 whole while the war is broken would draw the month longer."""
    ds = war_dataset(make_dataset)
    fig = timeline_figure(ds.events, dataset=ds, width_px=900)
    breaks = cuts(fig)
    widths = {}
    for trace in traces(fig, "period") + traces(fig, "span"):
        kind = "month" if trace.name.startswith("period") else "war"
        pieces = segments(trace)
        widths[kind] = sum(np.diff(squeeze(np.array([a, b]), breaks))[0] for a, b, _ in pieces)
    assert widths["month"] < widths["war"]


def test_day_ticks_where_the_stretch_has_days_even_beside_a_month(make_dataset) -> None:
    from conftest import EVENTS

    days = [
        dict(EVENTS[0], id=f"d{i}", date=f"2024-03-{i:02d}", end_date="", title=f"Day {i}")
        for i in (4, 5, 6, 7, 8)
    ]
    month = dict(EVENTS[0], id="m", date="2024-03", end_date="", title="A month")
    events = [*days, month]
    excerpts = [
        {"event_id": e["id"], "source_id": "a", "quote": "Leaders of Ruritania"} for e in events
    ]
    ds = load_dataset(make_dataset(events=events, excerpts=excerpts))
    fig = timeline_figure(ds.events, dataset=ds, width_px=1200)
    day_ticks = [t for t in fig.layout.xaxis.ticktext if t.split("<br>")[0][:1].isdigit()]
    assert len(day_ticks) >= 3


def test_gridlines_mark_where_the_named_periods_begin(bundled) -> None:
    fig = figure(bundled, 1600, x_range=("2024-06-01", "2024-06-22"))
    starts = list(fig.layout.xaxis.minor.tickvals)
    for value, label, start in zip(
        fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext, starts, strict=True
    ):
        lo, _ = tick_period(label, value)
        assert start == pytest.approx(lo)
    assert fig.layout.xaxis.showgrid is False and fig.layout.xaxis.minor.showgrid is True


@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 100), st.integers(1, 50)),
        min_size=1,
        max_size=25,
    )
)
def test_overlapping_bands_in_a_lane_never_share_a_track(rows) -> None:
    from timeline.chart.lanes import band_tracks

    lane = np.array([r[0] for r in rows])
    lo = np.array([float(r[1]) for r in rows])
    hi = lo + np.array([float(r[2]) for r in rows])
    offsets = band_tracks(lane, lo, hi, np.ones(lane.size, dtype=bool))
    for i in range(lane.size):
        for j in range(i + 1, lane.size):
            if lane[i] == lane[j] and lo[i] < hi[j] and lo[j] < hi[i]:
                assert offsets[i] != offsets[j]
    assert np.all(np.abs(offsets) <= 0.35 + 1e-9)  # within the lane's dot zone


def test_a_siege_inside_a_war_is_drawn_apart_from_it(make_dataset) -> None:
    ds = war_dataset(make_dataset)
    fig = timeline_figure(ds.events, dataset=ds, view=ViewState(axis="linear"))
    month = [y for t in traces(fig, "period") for _, _, y in segments(t)]
    war = [y for t in traces(fig, "span") for _, _, y in segments(t)]
    assert month and war and set(month).isdisjoint(war)
