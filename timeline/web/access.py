"""Access wiring: the page's language and the clientside focus mover.

``register_access(app)`` is called once from the app factory. The browser-side code is in
``assets/access.js`` (``dash_clientside.access.<name>``): it moves focus to an opened event's
details and back, closes them on Escape, gives Dash's option lists native roles, and folds
filters and chart away on phones.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output

from timeline.web import ids

LANGUAGE = "en"


def with_language(index_string: str, language: str = LANGUAGE) -> str:
    """Dash's page template with ``lang`` on ``<html>`` (screen readers pick their voice)."""
    if "<html>" in index_string:
        return index_string.replace("<html>", f'<html lang="{language}">', 1)
    return index_string


def register_access(app: Dash) -> None:
    """Set the page language and register the focus mover on this app."""
    app.index_string = with_language(app.index_string)
    app.clientside_callback(
        ClientsideFunction(namespace="access", function_name="focusDetails"),
        Output(ids.FOCUS_SINK, "data"),
        Input(ids.DETAILS_PANEL, "className"),  # on load too: a linked event takes focus
    )
