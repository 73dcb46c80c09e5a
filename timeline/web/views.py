"""Where the page's callbacks get what they draw: one interface, two kinds of dataset.

The callbacks (:mod:`timeline.web.callbacks`) are the same for every dataset; they ask a
:class:`Views` for the data a URL's view is drawn from, for the drawn view, for where zoom
presets end and for an article's text. :class:`MemoryViews` answers from a dataset loaded
whole (a CSV folder, or a pack that fits); :class:`~timeline.web.pack_views.PackViews`
from a pack opened where it lies, on an engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from timeline.chart.options import ChartLimits
from timeline.model.dataset import Dataset
from timeline.model.quotes import Article
from timeline.query.view import ViewState, last_end_of
from timeline.web.callbacks import render_view
from timeline.web.clicks import event_from_click
from timeline.web.components.event_list import Listing
from timeline.web.components.export_control import export_job, report_job
from timeline.web.renders import RenderPool

# (search, viewport, payload) -> figure, "N of M events", the list
Rendered = tuple[Any, str, Listing]


class Views(Protocol):
    """What the callbacks ask of the dataset being served."""

    limits: ChartLimits

    def data(self, search: str | None, *, articles: bool = False) -> Dataset:
        """The dataset the URL's view is read from: every event of a dataset in memory; of
        a pack, the events in view when few enough to draw one by one, and the open event,
        with the articles it quotes (every event's, with ``articles``: a report's)."""
        ...

    def decoding(self, search: str | None) -> Dataset:
        """The dataset a URL is read against (its names, its open event, with the articles
        that event quotes): every event in memory; of a pack, its names and that event."""
        ...

    def base(self) -> Dataset:
        """The dataset as the page's controls and description are built from it."""
        ...

    def render(self, search: str | None, viewport: Any, *, payload: bool) -> Rendered:
        """The figure, the count line and the list for what the URL says."""
        ...

    def last_end(self, view: ViewState) -> np.datetime64 | None:
        """Where the events the filters keep end (the latest, exclusive): zoom presets end
        there. None when the filters keep none."""
        ...

    def article(self, source_id: str) -> Article | None:
        """One source's article, or None."""
        ...

    def clicked(self, click: Any) -> str | None:
        """The id of the event a chart click was on, or None."""
        ...

    def export(self, search: str | None, request: Any, size_key: Any) -> dict | None:
        """The figure and image options of one PNG export of the URL's view."""
        ...

    def report(
        self, search: str | None, fmt: Any, *, pool: RenderPool, gone: Callable[[], bool]
    ) -> tuple[dict | None, str]:
        """The report of the URL's view as a download, and a status line."""
        ...


class MemoryViews:
    """Views of a dataset loaded whole (``current`` gives the one to serve now: a folder
    kept live is reloaded when its files change)."""

    def __init__(self, current: Callable[[], Dataset], *, limits: ChartLimits | None = None):
        self.current = current
        self.limits = limits or ChartLimits()

    def data(self, search: str | None, *, articles: bool = False) -> Dataset:
        return self.current()

    def decoding(self, search: str | None) -> Dataset:
        return self.current()

    def base(self) -> Dataset:
        return self.current()

    def render(self, search: str | None, viewport: Any, *, payload: bool) -> Rendered:
        return render_view(self.current(), search, viewport, limits=self.limits, payload=payload)

    def last_end(self, view: ViewState) -> np.datetime64 | None:
        return last_end_of(self.current(), view)

    def article(self, source_id: str) -> Article | None:
        return self.current().articles.get(source_id)

    def clicked(self, click: Any) -> str | None:
        return event_from_click(self.current(), click)

    def export(self, search: str | None, request: Any, size_key: Any) -> dict | None:
        return export_job(self.current(), search, request, size_key)

    def report(
        self, search: str | None, fmt: Any, *, pool: RenderPool, gone: Callable[[], bool]
    ) -> tuple[dict | None, str]:
        return report_job(self.current(), search, fmt, pool=pool, gone=gone)
