"""The Dash app factory: a dataset in, a ready app out. Nothing is read or built at import."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dash.exceptions import DependencyException
from flask import Flask, Response

from timeline.chart.options import ChartLimits
from timeline.load.bundled import bundled_assets
from timeline.load.live import LiveDataset
from timeline.model.dataset import Dataset
from timeline.model.problems import Problem
from timeline.web.access import register_access
from timeline.web.article import register_article
from timeline.web.callbacks import (
    page_state,
    register_callbacks,
    register_export_callbacks,
    register_report_callbacks,
)
from timeline.web.compat import (
    ASSETS_IGNORE,
    TimelineDash,
    preload_lazy_chunks,
    preload_vendored_plotly,
)
from timeline.web.components.page import build_layout
from timeline.web.first_view import with_first_view
from timeline.web.guard import guard_callbacks
from timeline.web.renders import RenderPool, pool_from_env
from timeline.web.static_cache import keep_compressed_static_files, read_whole
from timeline.web.views import MemoryViews, Views

if TYPE_CHECKING:
    from timeline.query.pack_source import OpenPack

DEFAULT_TITLE = "Source-grounded timeline"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


def _secure(response: Response) -> Response:
    """Headers that stop MIME sniffing, framing and referrer leaks."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _no_such_asset(_error: DependencyException) -> Response:
    """Dash raises for an unknown ``/_dash-component-suites/`` path: that is a 404, not a 500
    with a traceback in the log."""
    return Response("Not found.\n", 404, mimetype="text/plain")


def create_app(
    dataset: Dataset | OpenPack | str | Path,
    *,
    title: str | None = None,
    watch: bool = True,
    watch_interval: float = 1.0,
    limits: ChartLimits | None = None,
    renders: RenderPool | None = None,
) -> TimelineDash:
    """Build the app for a dataset (a loaded one, or a folder to load: raises DatasetError),
    or for a pack opened where it lies (:func:`~timeline.query.pack_source.open_pack`: read
    a view at a time, on its engine).

    With ``watch`` the dataset's folder is checked for edits (at most every
    ``watch_interval`` seconds): valid edits are served from the next request on; invalid
    ones leave the last good data in place and the problems shown on the page (a pack opened
    where it lies is not watched: ``timeline pack`` writes a new one). ``limits`` choose
    when the chart switches to its density view (tests pass small ones). ``renders`` bounds
    the reports made at once (default: ``TIMELINE_RENDERS``, else 2); the app keeps it as
    ``app.renders``.
    """
    served = _served(dataset, watch=watch, interval=watch_interval, limits=limits)
    views = served.views
    page_title = title or views.base().metadata.title or DEFAULT_TITLE
    server = Flask(__name__)
    keep_compressed_static_files(server)
    app = TimelineDash(
        __name__,
        server=server,
        title=html.escape(page_title),  # Dash writes it into <title> unescaped
        assets_folder=str(bundled_assets()),
        update_title=None,
        serve_locally=True,
        compress=True,  # flask-compress: gzip or brotli, as the browser accepts
        assets_ignore=ASSETS_IGNORE,  # the vendored plotly.js: preloaded, started by a script
    )
    preload_vendored_plotly(app)
    preload_lazy_chunks(app)

    def page() -> object:
        served.refresh()
        data = views.base()
        layout = build_layout(
            data,
            title=title or data.metadata.title or DEFAULT_TITLE,
            problems=served.problems(),
            loaded_at=served.loaded_at(),
            span=served.span,
        )

        def view(search: str, viewport: int) -> tuple:
            return views.render(search, viewport, payload=True)

        def settle(search: str) -> dict | None:
            return page_state(views.decoding(search), search, last_end=views.last_end)

        return with_first_view(layout, views.decoding, view, settle)

    app.layout = page
    register_callbacks(app, views)
    register_export_callbacks(app, views)
    app.renders = renders or pool_from_env()
    register_report_callbacks(app, views, app.renders)
    register_article(app, views.article)
    register_access(app)
    guard_callbacks(app)
    app.server.register_error_handler(DependencyException, _no_such_asset)
    app.server.after_request(_secure)
    app.server.after_request(read_whole)  # before flask-compress's hook: see static_cache
    return app


@dataclass(frozen=True)
class _Served:
    """What the page is built from: the views, and the state of a folder kept live."""

    views: Views
    refresh: Callable[[], object]  # look for edits (a page load does)
    problems: Callable[[], Sequence[Problem]]  # the newest files' errors, when invalid
    loaded_at: Callable[[], str]
    span: str | None = None  # the events' span, for a dataset read a view at a time


def _served(
    dataset: Dataset | OpenPack | str | Path,
    *,
    watch: bool,
    interval: float,
    limits: ChartLimits | None,
) -> _Served:
    if not isinstance(dataset, Dataset | str | Path):  # a pack opened on its engine
        from timeline.web.pack_views import PackViews  # the engines' imports: only then

        opened = datetime.now().strftime("%H:%M:%S")
        views = PackViews(dataset, limits=limits)
        return _Served(views, tuple, tuple, lambda: opened, dataset.span_label)
    if isinstance(dataset, Dataset):
        live = LiveDataset(dataset.root, initial=dataset, interval=interval)
    else:
        live = LiveDataset(Path(dataset), interval=interval)
    if not watch:
        views = MemoryViews(live.last_good, limits=limits)
        return _Served(views, tuple, tuple, lambda: live.loaded_at.strftime("%H:%M:%S"))
    return _Served(
        MemoryViews(live.current, limits=limits),
        lambda: live.current(check=True),
        lambda: live.problems,
        lambda: live.loaded_at.strftime("%H:%M:%S"),
    )
