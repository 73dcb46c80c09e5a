"""Article text on demand: details carry only the paragraph around each quote; the whole
article is sent when its "Read the whole article" is opened, a long one a part at a time."""

from __future__ import annotations

from collections.abc import Callable

from dash import MATCH, Dash, Input, Output, State, ctx, html, no_update
from flask import Response, request

from timeline.model.quotes import Article
from timeline.web.components.details import ARTICLE, ARTICLE_TEXT, PAGE_CHARS, whole_article
from timeline.web.failures import SERVED_FAILURES, failure_text

_KEY = {"index": MATCH, "source": MATCH, "start": MATCH, "end": MATCH}


def article_part(article: Article | None, part: int) -> tuple[str, int] | None:
    """Part ``part`` (1-based) of an article's text and the number of parts, or None."""
    if article is None:
        return None
    parts = max(1, -(-len(article.text) // PAGE_CHARS))
    if not 1 <= part <= parts:
        return None
    return article.text[(part - 1) * PAGE_CHARS : part * PAGE_CHARS], parts


def register_article(app: Dash, article: Callable[[str], Article | None]) -> None:
    """The callback that fills an opened article, and the plain-text route for its parts."""

    @app.callback(
        Output({"type": ARTICLE_TEXT, **_KEY}, "children"),
        Input({"type": ARTICLE, **_KEY}, "n_clicks"),
        State({"type": ARTICLE_TEXT, **_KEY}, "children"),
        prevent_initial_call=True,
    )
    def _open_article(clicks: int | None, shown: list | None) -> object:
        key = ctx.triggered_id
        if not clicks or shown or not isinstance(key, dict):
            return no_update  # already filled: a click inside the text, or closing it
        try:
            start, end = int(key["start"]), int(key["end"])
        except (KeyError, TypeError, ValueError):
            return no_update
        source_id = str(key.get("source", ""))
        try:
            return whole_article(article(source_id), source_id, start, end)
        except SERVED_FAILURES as exc:
            return [html.P(failure_text(exc), className="details-hint")]

    @app.server.route("/article/<path:source_id>")
    def _article_text(source_id: str) -> Response:
        try:
            part = int(request.args.get("part", "1"))
        except ValueError:
            part = 0
        try:
            found = article_part(article(source_id), part)
        except SERVED_FAILURES as exc:
            return Response(failure_text(exc) + "\n", 503, mimetype="text/plain")
        if found is None:
            return Response("No such article or part.\n", 404, mimetype="text/plain")
        text, parts = found
        response = Response(text, mimetype="text/plain")
        response.headers["X-Article-Parts"] = str(parts)
        return response
