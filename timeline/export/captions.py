"""The exported chart: the app's figure with a caption that says what it shows and a footer
that cites the articles it rests on, so an image carries its own provenance."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from timeline.chart.figure import timeline_figure
from timeline.export.files import ExportError
from timeline.export.images import ImageSize
from timeline.model.dataset import Dataset
from timeline.query.filters import Filters, apply_filters
from timeline.query.view import Axis, Group, window_label, window_mask


def cited_sources(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """The articles quoted by the given events, in the dataset's source order."""
    used = dataset.excerpts.loc[dataset.excerpts["event"].isin(events.index), "source_id"]
    return dataset.sources[dataset.sources["id"].isin(used.unique())]


def _citation(row: pd.Series) -> str:
    """'Title, Outlet, by Author (17 June 2024; date inferred), https://…' from what is given."""
    parts = [str(row["title"])]
    parts += [str(row[c]) for c in ("outlet",) if str(row.get(c, "") or "")]
    if author := str(row.get("author", "") or ""):
        parts.append(f"by {author}")
    date = str(row["published_label"])
    if str(row.get("published_basis", "") or "") == "inferred":
        date += ", inferred"
    text = f"{', '.join(parts)} ({date})"
    if url := str(row.get("url", "") or ""):
        text += f", {url}"
    return text


def sources_footer(dataset: Dataset, events: pd.DataFrame) -> str:
    """'Sources: Title, Outlet (17 June 2024), URL; …' for the articles the shown events rest
    on: only those, with outlet, author and address where the dataset gives them."""
    cited = cited_sources(dataset, events)
    if cited.empty:
        return "Sources: none quoted for the events shown"
    return "Sources: " + "; ".join(_citation(row) for _, row in cited.iterrows())


def chart_title(dataset: Dataset, title: str | None = None) -> str:
    """What the chart is about: ``title`` if given, else the dataset's own, else a plain one."""
    return title or dataset.metadata.title or "Timeline of events"


def in_window(events: pd.DataFrame, window: tuple[str, str] | None) -> pd.DataFrame:
    """The events whose period overlaps the window (all of them when there is none)."""
    return events[window_mask(events, window)]


def subtitle(dataset: Dataset, filters: Filters, events: pd.DataFrame, window: tuple | None) -> str:
    """Exactly what is shown: the filters, the window in view and how many events."""
    total = len(dataset.events)
    shown = in_window(events, window)
    return (
        f"{len(shown)} of {total} events · {window_label(window, shown)} · "
        f"Filters: {filters.describe(dataset)}"
    )


def matching_events(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """The events an export shows; an export of nothing is refused, not written."""
    events = apply_filters(dataset, filters)
    if events.empty:
        raise ExportError(
            f"no events match the filters ({filters.describe(dataset)}); nothing written"
        )
    return events


def export_figure(
    dataset: Dataset,
    filters: Filters,
    *,
    group_by: Group = "actor",
    axis: Axis = "compressed",
    x_range: tuple[str, str] | None = None,
    events: pd.DataFrame | None = None,
    title: str | None = None,
    size: ImageSize | None = None,
) -> go.Figure:
    """The figure an export shows: the app's chart captioned with what it shows (the
    dataset's title, the filters, the window in view, the count) and the articles that the
    events in view rest on. ``events`` are the already filtered rows, when the caller has
    them. With ``size`` the figure is laid out as that image: its width, and at least its
    height (taller when the labels need it: see :func:`drawn_size`); without, labels are
    placed for the default width and the figure keeps a free width (an HTML page)."""
    events = matching_events(dataset, filters) if events is None else events
    shown = in_window(events, x_range)
    image = size or ImageSize()
    fig = timeline_figure(
        events,
        dataset=dataset,
        group_by=group_by,
        axis=axis,
        x_range=x_range,
        title=chart_title(dataset, title),
        subtitle=subtitle(dataset, filters, events, x_range),
        footer=sources_footer(dataset, shown),
        width_px=plot_width_for(image.width, dataset, group_by),
        height=size.height if size else None,
    )
    if size:
        fig.update_layout(width=size.width)
    return fig


def plot_width_for(width: int, dataset: Dataset, group_by: Group) -> int:
    """The plot's width inside an image ``width`` px wide: lane names and margins taken off."""
    names = dataset.actors if group_by == "actor" else dataset.themes
    longest = max((len(n) for n in names), default=8)
    return max(200, int(width - 26 - 7.5 * min(longest, 40)))
