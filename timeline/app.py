"""The Dash app factory: a dataset in, a ready app out. Nothing is read or built at import."""

from __future__ import annotations

import html
from pathlib import Path

from dash import Dash
from flask import Response

from timeline.callbacks import register_callbacks
from timeline.dataset import Dataset
from timeline.export_control import register_export_callbacks
from timeline.layout import build_layout
from timeline.loader import load_dataset
from timeline.paths import bundled_assets

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


def create_app(dataset: Dataset | str | Path, *, title: str | None = None) -> Dash:
    """Build the app for a dataset (a loaded one, or a folder to load: raises DatasetError)."""
    if not isinstance(dataset, Dataset):
        dataset = load_dataset(dataset)
    page_title = title or DEFAULT_TITLE
    app = Dash(
        __name__,
        title=html.escape(page_title),  # Dash writes it into <title> unescaped
        assets_folder=str(bundled_assets()),
        update_title=None,
        serve_locally=True,
    )
    app.layout = build_layout(dataset, title=page_title)
    register_callbacks(app, dataset)
    register_export_callbacks(app, dataset)
    app.server.after_request(_secure)
    return app
