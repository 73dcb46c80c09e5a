"""The Dash app factory: a dataset in, a ready app out. Nothing is read or built at import."""

from __future__ import annotations

import html
from pathlib import Path

from dash.exceptions import DependencyException
from flask import Flask, Response

from timeline.chart.options import ChartLimits
from timeline.load.bundled import bundled_assets
from timeline.load.live import LiveDataset
from timeline.model.dataset import Dataset
from timeline.web.access import register_access
from timeline.web.article import register_article
from timeline.web.callbacks import (
    page_state,
    register_callbacks,
    register_export_callbacks,
    register_report_callbacks,
    render_view,
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
    dataset: Dataset | str | Path,
    *,
    title: str | None = None,
    watch: bool = True,
    watch_interval: float = 1.0,
    limits: ChartLimits | None = None,
    renders: RenderPool | None = None,
) -> TimelineDash:
    """Build the app for a dataset (a loaded one, or a folder to load: raises DatasetError).

    With ``watch`` the dataset's folder is checked for edits (at most every
    ``watch_interval`` seconds): valid edits are served from the next request on; invalid
    ones leave the last good data in place and the problems shown on the page. ``limits``
    choose when the chart switches to its density view (tests pass small ones). ``renders``
    bounds the reports made at once (default: ``TIMELINE_RENDERS``, else 2); the app keeps
    it as ``app.renders``.
    """
    if isinstance(dataset, Dataset):
        live = LiveDataset(dataset.root, initial=dataset, interval=watch_interval)
    else:
        live = LiveDataset(Path(dataset), interval=watch_interval)
    current = live.current if watch else live.last_good
    page_title = title or live.last_good().metadata.title or DEFAULT_TITLE
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
        data = live.current(check=True) if watch else live.last_good()
        layout = build_layout(
            data,
            title=title or data.metadata.title or DEFAULT_TITLE,
            problems=live.problems if watch else (),
            loaded_at=live.loaded_at.strftime("%H:%M:%S"),
        )

        def view(search: str, viewport: int) -> tuple:
            return render_view(data, search, viewport, limits=limits, payload=True)

        return with_first_view(layout, data, view, lambda search: page_state(data, search))

    app.layout = page
    register_callbacks(app, current, limits=limits)
    register_export_callbacks(app, current)
    app.renders = renders or pool_from_env()
    register_report_callbacks(app, current, app.renders)
    register_article(app, current)
    register_access(app)
    guard_callbacks(app)
    app.server.register_error_handler(DependencyException, _no_such_asset)
    app.server.after_request(_secure)
    app.server.after_request(read_whole)  # before flask-compress's hook: see static_cache
    return app
