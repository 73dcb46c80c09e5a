"""Event labels: texts, priority, and placement without overlaps (pure, plus properties)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from labelled import crowded_dataset

from timeline.chart.figure import timeline_figure
from timeline.chart.labels import (
    GAP_PX,
    label_texts,
    place_labels,
    priority,
    short_label,
    text_width,
)
from timeline.export import ImageSize, export_figure
from timeline.load import load_dataset
from timeline.query import Filters
from timeline.query.view import ViewState, window_mask


def test_short_label_cuts_at_a_word_and_says_so() -> None:
    assert short_label("Short title") == "Short title"
    cut = short_label("Putin and Kim sign the comprehensive strategic partnership treaty", 40)
    assert cut.endswith("…") and len(cut) <= 40 and "partnership" not in cut
    assert "  " not in short_label("A   title\nwith  breaks")


def test_label_column_wins_and_the_count_follows() -> None:
    events = pd.DataFrame(
        {"title": ["A long title", "Another"], "n_sources": [3, 1], "label": ["Own", ""]}
    )
    assert list(label_texts(events)) == ["Own (3)", "Another (1)"]


def test_priority_is_importance_then_sources_then_time() -> None:
    events = pd.DataFrame({"n_sources": [1, 5, 1, 2], "importance": ["", "", "9", "x"]})
    assert list(priority(events)) == [2, 1, 3, 0]


def test_wider_text_is_wider() -> None:
    assert text_width("MMMM") > text_width("iiii") > 0
    assert text_width("abc", 22) > text_width("abc", 11)


def check_placement(x, lanes, widths, placement, plot_width) -> None:
    """No two labels of a lane and row overlap; no leader crosses a label."""
    placed = np.flatnonzero(placement.row >= 0)
    boxes = {}
    for i in placed:
        lo = x[i] - 3 - widths[i] if placement.right[i] else x[i] + 3
        boxes[i] = (lo, lo + widths[i])
        assert placement.lane[i] in lanes[i]
    for i in placed:
        for j in placed:
            if i == j or placement.lane[i] != placement.lane[j]:
                continue
            (a, b), (c, d) = boxes[i], boxes[j]
            if placement.row[i] == placement.row[j]:
                assert b + GAP_PX <= c or d + GAP_PX <= a, (i, j)
            if placement.row[j] < placement.row[i]:  # i's leader rises through j's row
                assert not c - 2 <= x[i] <= d + 2, (i, j)


@given(
    st.lists(
        st.tuples(
            st.floats(0, 1000),
            st.sets(st.integers(0, 3), min_size=1, max_size=3),
            st.floats(20, 300),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_up_to_forty_events_are_all_labelled_without_overlap(items) -> None:
    x = np.array([i[0] for i in items])
    lanes = [sorted(i[1]) for i in items]
    widths = np.array([i[2] for i in items])
    order = np.arange(len(items))
    placement = place_labels(x, lanes, widths, order, n_lanes=4, plot_width=1400)
    assert (placement.row >= 0).all()
    assert placement.unlabelled == 0
    check_placement(x, lanes, widths, placement, 1400)


@given(st.integers(41, 120), st.integers(0, 10**6))
def test_beyond_forty_the_first_by_priority_are_placed_and_the_rest_counted(n, seed) -> None:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 600, n)
    lanes = [[int(v)] for v in rng.integers(0, 3, n)]
    widths = rng.uniform(40, 200, n)
    order = rng.permutation(n)
    placement = place_labels(x, lanes, widths, order, n_lanes=3, plot_width=800, max_rows=4)
    check_placement(x, lanes, widths, placement, 800)
    assert (placement.row[order[40:]] < 0).all()  # labels go by priority
    assert placement.unlabelled == n - int((placement.row >= 0).sum())
    assert placement.row.max() < 4


def test_every_event_of_a_crowded_dataset_is_labelled_at_every_size(tmp_path: Path) -> None:
    ds = load_dataset(crowded_dataset(tmp_path / "crowded"))
    for width in (600, 1280, 2400):
        fig = export_figure(ds, ViewState(Filters()), size=ImageSize(width, 800, 1))
        labels = [a for a in fig.layout.annotations if str(a.name).startswith("event-label:")]
        assert len(labels) == 40, width
        assert "not labelled" not in (fig.layout.xaxis.title.text or "")
    texts = {a.text for a in labels}
    assert any(t.startswith("&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;") for t in texts)


def test_a_zoom_labels_what_it_shows(tmp_path: Path) -> None:
    ds = load_dataset(crowded_dataset(tmp_path / "crowded"))
    fig = timeline_figure(
        ds.events, dataset=ds, view=ViewState(window=("2024-06-01", "2024-06-05"))
    )
    labels = [a.text for a in fig.layout.annotations if str(a.name).startswith("event-label:")]
    # every event in view is labelled, one whose dot lies before the window too (at its edge)
    in_view = ds.events[window_mask(ds.events, ("2024-06-01", "2024-06-05"))]
    assert len(labels) == len(in_view) == 9 and all(t.startswith("Event") for t in labels)


def test_theme_colours_do_not_change_with_the_filters(tmp_path: Path) -> None:
    ds = load_dataset(crowded_dataset(tmp_path / "crowded"))

    def legend(filters: Filters, group: str = "actor") -> dict[str, str]:
        fig = export_figure(ds, ViewState(filters, group=group))  # type: ignore[arg-type]
        return {t.name: t.marker.color for t in fig.data if len(t.x) == 1 and t.x[0] is None}

    everything = legend(Filters())
    for filters in (Filters(actors=("Syldavia",)), Filters(themes=("war", "aid")), Filters()):
        for name, colour in legend(filters).items():
            if name in ("talks", "trade", "war", "aid"):
                assert everything[name] == colour
    by_theme = legend(Filters(actors=("Elbonia",)), "theme")
    assert all(everything[t] == c for t, c in by_theme.items() if t in everything)
