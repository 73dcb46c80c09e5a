"""The exported chart: the app's figure with a caption that says what it shows and a footer
that cites the articles it rests on, so an image carries its own provenance."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from timeline.chart.figure import timeline_figure
from timeline.export.files import ExportError
from timeline.model.dataset import Dataset, date_span
from timeline.query.filters import Filters, apply_filters
from timeline.query.view import Axis, Group


def cited_sources(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """The articles quoted by the given events, in the dataset's source order."""
    used = dataset.excerpts.loc[dataset.excerpts["event"].isin(events.index), "source_id"]
    return dataset.sources[dataset.sources["id"].isin(used.unique())]


def sources_footer(dataset: Dataset, events: pd.DataFrame) -> str:
    """'Sources: Title (17 June 2024); …' for the articles the shown events rest on."""
    cited = cited_sources(dataset, events)
    if cited.empty:
        return "Sources: none quoted for the events shown"
    items = [
        f"{title} ({published})"
        for title, published in zip(cited["title"], cited["published_label"], strict=True)
    ]
    return "Sources: " + "; ".join(items)


def export_title(dataset: Dataset, events: pd.DataFrame) -> str:
    """The chart title: how many events, over which period."""
    total = len(dataset.events)
    if events.empty:
        return f"0 of {total} events"
    return f"{len(events)} of {total} events, {date_span(events)}"


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
) -> go.Figure:
    """The figure an export shows: the app's chart with filters and sources written on it.

    ``events`` are the already filtered rows, when the caller has them.
    """
    events = matching_events(dataset, filters) if events is None else events
    return timeline_figure(
        events,
        dataset=dataset,
        group_by=group_by,
        axis=axis,
        x_range=x_range,
        title=export_title(dataset, events),
        subtitle=f"Filters: {filters.describe(dataset)}",
        footer=sources_footer(dataset, events),
    )
