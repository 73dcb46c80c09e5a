"""The page's views of a pack opened where it lies (:class:`~timeline.query.pack_source.OpenPack`).

Counts, densities and spans are the engine's answers over the whole pack. When few enough
events are in view to draw one by one (``limits.detail``), they are read as a small dataset
and drawn, listed and opened by the same functions as a dataset in memory, with the pack's
counts in place of the slice's. Above that, the chart is the engine's density, to scale,
and the list the first events in view, read by row. Exports and reports cite the sources of
every event they show, so they are made of views drawn one by one; a denser view says how
far to narrow it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import plotly.graph_objects as go

from timeline.chart.cuts import auto_window
from timeline.chart.density import counted_density_parts, density_bins
from timeline.chart.options import ChartLimits
from timeline.chart.payload import figure_payload
from timeline.model.dataset import Dataset
from timeline.model.geometry import to_ms
from timeline.model.quotes import Article
from timeline.query.engine import Span
from timeline.query.pack_source import OpenPack
from timeline.query.view import ViewState, window_bounds
from timeline.web.callbacks import count_line, listing_of, render_view
from timeline.web.clicks import clicked_row
from timeline.web.components.event_list import MAX_LISTED
from timeline.web.components.export_control import export_job, report_job
from timeline.web.components.page import plot_width
from timeline.web.renders import RenderPool
from timeline.web.urlstate import decode, encode, restrict
from timeline.web.views import Rendered


class PackViews:
    """:class:`~timeline.web.views.Views` of a pack, on its engine."""

    def __init__(self, pack: OpenPack, *, limits: ChartLimits | None = None) -> None:
        self.pack = pack
        self.limits = limits or ChartLimits()

    def view(self, search: str | None) -> ViewState:
        """The URL's view, its names restricted to the pack's (its event checked later, by
        the data read for it)."""
        state, _ = decode(search)
        named, _ = restrict(replace(state, event=None), self.pack.base)
        return replace(named, event=state.event)

    def _counts(self, view: ViewState) -> tuple[int, int, Span | None]:
        """How many events the filters keep, how many of those are in view, and, without a
        window, their span (what a dense view is drawn over)."""
        kept = replace(view, window=None, event=None)
        if view.window is None:
            n, span = self.pack.extent(kept)
            return n, n, span
        n = self.pack.count(kept)
        return n, (n and self.pack.count(replace(view, event=None))), None

    def data(self, search: str | None, *, articles: bool = False) -> Dataset:
        view = self.view(search)
        sliced = self.pack.slice(view, limit=self.limits.detail, articles=articles)
        return sliced if sliced is not None else self.pack.event(view.event)

    def decoding(self, search: str | None) -> Dataset:
        return self.pack.event(self.view(search).event)

    def base(self) -> Dataset:
        return self.pack.base

    def render(self, search: str | None, viewport: Any, *, payload: bool) -> Rendered:
        view = self.view(search)
        n, in_view, span = self._counts(view)
        if in_view <= self.limits.detail:
            data = self.data(search)
            return render_view(
                data, search, viewport, limits=self.limits, payload=payload, counts=(n, in_view)
            )
        width = plot_width(viewport)
        parts = self._density(replace(view, event=None), in_view, width, span)
        parts["layout"]["uirevision"] = encode(replace(view, event=None))
        fig = figure_payload(parts) if payload else go.Figure(parts, _validate=False)
        shown = self.pack.engine_events(replace(view, event=None), limit=MAX_LISTED)
        listed = self.pack.events(shown, articles=False).events
        return (
            fig,
            count_line(n, self.pack.total, in_view, view.window),
            listing_of(listed, view, in_view),
        )

    def _density(self, view: ViewState, n_events: int, width_px: int, span: Span | None) -> dict:
        """Events per lane and bin over the window (else ``span``, the events' span, padded
        as the chart pads it), counted by the engine."""
        bounds = window_bounds(view.window)
        if bounds is None:
            assert span is not None  # there are events in view
            lo, hi = auto_window(to_ms(np.array([span[0]])), to_ms(np.array([span[1]])), [])
        else:
            lo, hi = (float(v) for v in to_ms(np.array(bounds)))
        instants = tuple(np.datetime64(round(v * 1000), "us") for v in (lo, hi))
        counts = self.pack.density(
            view,
            kind=view.group,
            bins=density_bins(width_px),
            span=instants,  # type: ignore[arg-type]
        )
        lanes = self.pack.base.actors if view.group == "actor" else self.pack.base.themes
        return counted_density_parts(
            counts, lanes=lanes, window=(lo, hi), n_events=n_events, width_px=width_px
        )

    def last_end(self, view: ViewState) -> np.datetime64 | None:
        _, span = self.pack.extent(replace(view, window=None, event=None))
        return None if span is None else span[1]

    def article(self, source_id: str) -> Article | None:
        return self.pack.article(source_id)

    def clicked(self, click: Any) -> str | None:
        row = clicked_row(click)
        return None if row is None else self.pack.id_of_row(row)

    def _too_many(self, search: str | None, what: str) -> str | None:
        """Why the URL's view is too dense for ``what``, or None."""
        _, in_view, _ = self._counts(self.view(search))
        if in_view <= self.limits.detail:
            return None
        return (
            f"{in_view:,} events are in view: too many for {what}, which cites the sources of "
            f"every event it shows. Filter or zoom to {self.limits.detail:,} or fewer."
        )

    def export(self, search: str | None, request: Any, size_key: Any) -> dict | None:
        if not request or not isinstance(request, dict):
            return None
        if (why := self._too_many(search, "an export")) is not None:
            return {"error": f"Not exported: {why}"}
        return export_job(self.data(search), search, request, size_key)

    def report(
        self, search: str | None, fmt: Any, *, pool: RenderPool, gone: Callable[[], bool]
    ) -> tuple[dict | None, str]:
        if (why := self._too_many(search, "a report")) is not None:
            return None, f"No report: {why}"
        return report_job(self.data(search, articles=True), search, fmt, pool=pool, gone=gone)
