"""The review app factory: a draft folder in, a ready app out. Nothing is built at import.

It reuses the viewer's pieces: its Dash class, its callback guard, its stylesheet and its
loopback Host check (applied by the server). Every state-changing request (a POST) must carry
the per-run token, which the page's script sends in a header; without it the answer is 403.
"""

from __future__ import annotations

import html
import secrets
from pathlib import Path

from flask import Flask, Response, jsonify, request, send_from_directory

from timeline.load.bundled import bundled_assets
from timeline.review.callbacks import register_review_callbacks
from timeline.review.layout import build_layout
from timeline.review.store import ReviewStore
from timeline.web.access import with_language
from timeline.web.app import SECURITY_HEADERS
from timeline.web.compat import TimelineDash
from timeline.web.guard import guard_callbacks

TOKEN_HEADER = "X-Review-Token"
MAX_BODY_BYTES = 1 << 20  # a review request is an action and a form: far below this
STATIC = Path(__file__).resolve().parent / "static"
STATIC_ROUTE = "/review-static/"
# of the viewer's assets: its stylesheets, its screen-reader fixes for Dash's lists and
# dropdowns (access.js), the regenerator runtime Dash's components need (see
# timeline.web.compat) and the vendored plotly.js, which dcc.Graph then uses
VIEWER_ONLY = (
    r"^(?!(style\.css|access\.css|access\.js|regenerator-runtime-.*\.js"
    r"|plotly-basic-.*\.min\.js)$).*"
)


def new_token() -> str:
    """A fresh per-run secret for the URL the command prints."""
    return secrets.token_urlsafe(24)


def create_review_app(folder: Path | ReviewStore, *, token: str) -> TimelineDash:
    """Build the review app for a draft folder (or an opened store); raises ReviewError or
    DatasetError when the folder cannot be reviewed."""
    store = folder if isinstance(folder, ReviewStore) else ReviewStore(Path(folder))
    server = Flask(__name__)
    app = TimelineDash(
        __name__,
        server=server,
        title=html.escape(f"Review: {store.folder.name}"),
        assets_folder=str(bundled_assets()),
        assets_ignore=VIEWER_ONLY,
        update_title=None,
        serve_locally=True,
        external_scripts=[STATIC_ROUTE + "review.js"],
        external_stylesheets=[STATIC_ROUTE + "review.css"],
    )
    sources = [
        {"label": f"{row['id']}: {row['title']}", "value": row["id"]}
        for row in store.dataset.sources[["id", "title"]].to_dict("records")
    ]
    app.layout = lambda: build_layout(store.folder.name, sources)
    app.index_string = with_language(app.index_string)
    register_review_callbacks(app, store)
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    _require_token(server, token)
    guard_callbacks(app)

    @server.route(STATIC_ROUTE + "<name>")
    def _static(name: str) -> Response:
        return send_from_directory(STATIC, name)

    @server.after_request
    def _secure(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.store = store  # type: ignore[attr-defined]  # tests and the command read it
    return app


def _require_token(server: Flask, token: str) -> None:
    """403 for any request that could change something and lacks the run's token."""

    @server.before_request
    def _check_token() -> tuple[Response, int] | None:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        sent = request.headers.get(TOKEN_HEADER, "")
        if secrets.compare_digest(sent.encode(), token.encode()):
            return None
        message = "This request lacks the review's token: open the URL the command printed."
        return jsonify({"error": message}), 403
