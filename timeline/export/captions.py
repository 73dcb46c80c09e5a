"""The exported chart: the app's figure with a caption that says what it shows and a footer
that cites the articles it rests on, so an image carries its own provenance."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.chart.figure import timeline_figure
from timeline.chart.labels import text_width
from timeline.export.files import ExportError
from timeline.export.images import ImageSize
from timeline.model.dataset import Dataset, plain_date, span_label
from timeline.model.schema import inferred_note
from timeline.query.filters import Filters, apply_filters
from timeline.query.view import Group, ViewState, window_label, window_mask


def cited_sources(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """The articles quoted by the given events, in the dataset's source order."""
    used = dataset.excerpts.loc[dataset.excerpts["event"].isin(events.index), "source_id"]
    return dataset.sources[dataset.sources["id"].isin(used.unique())]


def citation(row: pd.Series) -> str:
    """'Title, Outlet, by Author (May 2001; inferred: no dateline), https://…' from what is
    given."""
    parts = [str(row["title"])]
    parts += [str(row[c]) for c in ("outlet",) if str(row.get(c, "") or "")]
    if author := str(row.get("author", "") or ""):
        parts.append(f"by {author}")
    date = str(row["published_label"])
    if said := inferred_note(row.get("published_basis")):
        date += f"; {said}"
    text = f"{', '.join(parts)} ({date})"
    if url := str(row.get("url", "") or ""):
        text += f", {url}"
    return text


def sources_footer(dataset: Dataset, events: pd.DataFrame) -> str:
    """'Sources: Title, Outlet (17 June 2024), URL; …' for the articles the shown events rest
    on: only those, with outlet, author and address where the dataset gives them; then, on a
    line of its own, who compiled the data and under what licence (``metadata.json``)."""
    cited = cited_sources(dataset, events)
    if cited.empty:
        text = "Sources: none quoted for the events shown"
    else:
        text = "Sources: " + "; ".join(citation(row) for _, row in cited.iterrows())
    return "\n".join(p for p in (text, credit_line(dataset)) if p)


def credit_line(dataset: Dataset) -> str:
    """'Data: <author> · <licence>' from the dataset's metadata ('' when it has neither)."""
    meta = dataset.metadata
    parts = [f"Data: {meta.author}" if meta.author else "", meta.license or ""]
    return " · ".join(p for p in parts if p)


# a span of dates written out: '1961 to June 2024', '(1961–2024)', ', 2000-2001'
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:(?:\d{{1,2}}\s+)?{_MONTH}\s+)?\d{{3,4}}"
_TITLE_SPAN = re.compile(
    rf"\s*[,(:–—-]?\s*(?:from\s+)?{_DATE}\s*(?:to|until|–|—|-)\s*{_DATE}\s*\)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b\d{4}\b")


def chart_title(
    dataset: Dataset, title: str | None = None, *, shown: pd.DataFrame | None = None
) -> str:
    """What the chart is about: ``title`` if given, else the dataset's own, else a plain one.

    A dataset title that names a span ('…, 1961 to June 2024: …') is put over a view that
    shows less (``shown``, the events in view) without that span, and not at all when it
    still names a year the view does not reach: a title never claims more than the chart.
    """
    if title:
        return title
    own = dataset.metadata.title
    if not own:
        return "Timeline of events"
    if shown is None or shown.empty or not _YEAR.search(own) or _covers_all(dataset, shown):
        return own
    trimmed = _TITLE_SPAN.sub("", own, count=1).strip(" ,:;–—-")
    first = int(np.datetime_as_string(shown["start"].min().to_datetime64(), unit="Y"))
    last = int(np.datetime_as_string(shown["end"].max().to_datetime64(), unit="Y"))
    if trimmed and all(first <= int(y) <= last for y in _YEAR.findall(trimmed)):
        return trimmed
    return "Timeline of events"


def _covers_all(dataset: Dataset, shown: pd.DataFrame) -> bool:
    """The view reaches from the dataset's first date to its last (the whole's, for a
    slice of a larger dataset)."""
    bounds = dataset.bounds()
    if bounds is None:
        return True
    return bool(shown["start"].min() <= bounds[0]) and bool(shown["end"].max() >= bounds[1])


def in_window(events: pd.DataFrame, window: tuple[str, str] | None) -> pd.DataFrame:
    """The events whose period overlaps the window (all of them when there is none)."""
    return events[window_mask(events, window)]


def subtitle(dataset: Dataset, view: ViewState, events: pd.DataFrame | None = None) -> str:
    """What the view shows, as a sentence: 'Events involving China, 28 March – 11 June 2024
    (3 of 28)'. The span is the window the user chose (a zoom, or a date filter), else the
    shown events' own span at their own precision; never the chart's padding. ``events``:
    the filtered rows, when the caller has them."""
    total = dataset.total
    events = view.select(dataset) if events is None else in_window(events, view.window)
    filters, window = view.filters, view.window
    phrases = filters.phrases(dataset)
    if window is not None:
        span = window_label(window)
    elif filters.date_from or filters.date_to:
        span = date_filter_label(filters)
    else:
        span = window_label(None, events)
    if not phrases and window is None and len(events) == total:
        return f"All {total:,} events, {span}"
    if not phrases:
        when = span if span.startswith(("from ", "up to ")) else f"in {span}"
        return f"Events {when} ({len(events):,} of {total:,})"
    return f"Events {', '.join(phrases)}, {span} ({len(events):,} of {total:,})"


def date_filter_label(filters: Filters) -> str:
    """The stretch a date filter chose, each bound at its own precision: 'June 2023 – March
    2024', 'from June 2023', 'up to March 2024'."""
    if filters.date_from and filters.date_to:
        return span_label(filters.date_from, filters.date_to)
    if filters.date_from:
        return f"from {plain_date(filters.date_from)}"
    return f"up to {plain_date(str(filters.date_to))}"


def matching_events(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """The events an export shows; an export of nothing is refused, not written."""
    events = apply_filters(dataset, filters)
    # a slice of a view holds only the events in its window: the whole may keep others
    kept = dataset.whole.kept if dataset.whole is not None else None
    if events.empty and not kept:
        raise ExportError(
            f"no events match the filters ({filters.describe(dataset)}); nothing written"
        )
    return events


def export_figure(
    dataset: Dataset,
    view: ViewState,
    *,
    events: pd.DataFrame | None = None,
    title: str | None = None,
    size: ImageSize | None = None,
) -> go.Figure:
    """The figure an export shows of ``view``: the app's chart captioned with what it shows
    (the dataset's title, marked ``[DRAFT]`` for a draft, the filters, the window in view, the
    count) and the articles that the events in view rest on. ``events`` are the already
    filtered rows, when the caller has them. With ``size`` the figure is laid out as that
    image: its width, and at least its height (taller when the labels need it: see
    :func:`drawn_size`); without, labels are placed for the default width and the figure keeps
    a free width (an HTML page)."""
    events = matching_events(dataset, view.filters) if events is None else events
    shown = in_window(events, view.window)
    image = size or ImageSize()
    fig = timeline_figure(
        events,
        dataset=dataset,
        view=view,
        title=dataset.metadata.voice.marked(chart_title(dataset, title, shown=shown)),
        subtitle=subtitle(dataset, view, events),
        footer=sources_footer(dataset, shown),
        width_px=plot_width_for(image.width, dataset, view.group),
        height=size.height if size else None,
    )
    if size:
        fig.update_layout(width=size.width)
    return fig


LANE_FONT_PX = 13


def plot_width_for(width: int, dataset: Dataset, group_by: Group) -> int:
    """The plot's width inside an image ``width`` px wide: lane names and margins taken off."""
    names = dataset.actors if group_by == "actor" else dataset.themes
    # lane names are drawn at 13 px; Plotly's automargin fits the longest (a long name is
    # not cut, so neither is the estimate), plus the margins' 10 and 16 px and a tick gap
    longest = max((text_width(n[:60], LANE_FONT_PX) for n in names), default=60.0)
    return max(200, int(width - 10 - 16 - 8 - longest))
