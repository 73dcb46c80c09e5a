"""The review page's callbacks, registered on the app instance: thin, each one reading the
page, asking the store or the builders, and writing the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update

from timeline.chart.figure import timeline_figure
from timeline.model.problems import DatasetError
from timeline.review import ids, layout
from timeline.review.actions import operation, unsaved_edit
from timeline.review.finish import default_output, finish
from timeline.review.state import STATUS, ReviewError, event_of
from timeline.review.store import ReviewStore

CHART_WIDTH = 280  # the plot in its column on a wide screen (lane names aside): labels fit it
VALUE_KEYS = ("current", "selected", *ids.FIELD, "new_actors", "new_themes", "excerpts")
VALUE_STATES = [
    State(ids.CURRENT, "data"),
    State(ids.CANDIDATES, "value"),
    *[State(i, "value") for i in ids.FIELD.values()],
    State(ids.NEW_ACTORS, "value"),
    State(ids.NEW_THEMES, "value"),
    State(ids.EXCERPTS, "value"),
]


def accepted_figure(store: ReviewStore) -> go.Figure:
    """The timeline of the accepted events, drawn as the viewer draws it."""
    data = store.dataset
    if STATUS in data.events.columns:
        events = data.events[data.events[STATUS] == "accepted"]
        if len(events):
            return timeline_figure(events, dataset=data, height=360, width_px=CHART_WIDTH)
    figure = go.Figure()
    figure.update_layout(
        height=200,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[{"text": "Accept events to see them here", "showarrow": False}],
    )
    return figure


def _next_event(store: ReviewStore, current: str | None, before: list[str]) -> str | None:
    """Where the cursor goes after an action: the next event still listed, else the current."""
    listed = [o["value"] for o in layout.candidate_options(store.state)]
    if current in listed and current not in before:
        return current
    if current in before:
        after = before[before.index(current) + 1 :]
        return next((i for i in after if i in listed), listed[0] if listed else None)
    return listed[0] if listed else None


def register_review_callbacks(app: Dash, store: ReviewStore) -> None:
    """Every callback of the page, on ``app``."""

    @app.callback(
        Output(ids.VERSION, "data"),
        Output(ids.MESSAGE, "children"),
        Output(ids.CANDIDATES, "value"),
        Output(ids.CURRENT, "data"),
        *[Input(i, "n_clicks") for i in ids.ACTIONS],
        *VALUE_STATES,
        State(ids.SELECTION, "data"),
        State(ids.FINISH_PATH, "value"),
        State(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
    def act(*args: Any) -> tuple:
        values = dict(zip(VALUE_KEYS, args[len(ids.ACTIONS) :], strict=False))
        selection, finish_path, version = args[-3:]
        values["selection"] = selection
        trigger = str(ctx.triggered_id)
        before = [o["value"] for o in layout.candidate_options(store.state)]
        try:
            if trigger == ids.FINISH:
                out = (
                    Path(finish_path).expanduser() if finish_path else default_output(store.folder)
                )
                summary = finish(store.folder, store.state, out)
                return no_update, f"Wrote {out}: {summary}", no_update, no_update
            op = operation(trigger, values, store)
            store.commit(op)
        except ReviewError as exc:
            return no_update, f"Not done: {exc}", no_update, no_update
        except OSError as exc:
            return no_update, f"Not done: {exc.strerror or exc}", no_update, no_update
        except DatasetError as exc:  # the tables no longer load: say what, change nothing more
            first = exc.problems[0] if exc.problems else exc
            return no_update, f"Not done: {first}", no_update, no_update
        current = values.get("current")
        if op["op"] == "merge":
            current = op["ids"][0]
        elif op["op"] == "status":
            current = _next_event(store, current, before)
        elif current is not None and current not in {e["id"] for e in store.state["events"]}:
            current = _next_event(store, None, before)
        return (
            (version or 0) + 1,
            f"Done: {op['op']} ({len(store.done)} changes in the log)",
            [],
            current,
        )

    @app.callback(
        Output(ids.VERSION, "data", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.CURRENT, "data"),
        State(ids.SHOWN, "data"),
        *VALUE_STATES[1:],
        State(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
    def keep_edits(current: str | None, shown: str | None, *rest: Any) -> tuple:
        """The cursor moved: an edit typed into the form and not saved is saved for the
        event it was typed for (nothing a reviewer typed is lost by moving on)."""
        values = dict(zip(VALUE_KEYS[1:], rest[:-1], strict=True))
        values["current"] = shown
        op = unsaved_edit(values, store.state) if shown and shown != current else None
        if op is None:
            return no_update, no_update
        try:
            store.commit(op)
        except (ReviewError, OSError, DatasetError) as exc:
            return no_update, f"Your edits to {shown} were not saved: {exc}"
        return (
            rest[-1] or 0
        ) + 1, f"Saved your edits to {shown} ({len(store.done)} changes in the log)"

    @app.callback(
        Output(ids.CANDIDATES, "options"),
        Output(ids.COUNTS, "children"),
        Output(ids.CHART, "figure"),
        Input(ids.VERSION, "data"),
    )
    def redraw(_version: int) -> tuple:
        state = store.state
        return layout.candidate_options(state), layout.counts_text(state), accepted_figure(store)

    @app.callback(
        Output(ids.GROUP_INFO, "children"),
        *[Output(i, "value") for i in ids.FIELD.values()],
        Output(ids.FIELD["actors"], "options"),
        Output(ids.FIELD["themes"], "options"),
        Output(ids.NEW_ACTORS, "value"),
        Output(ids.NEW_THEMES, "value"),
        Output(ids.EXCERPT_LIST, "children"),
        Output(ids.EXCERPTS, "options"),
        Output(ids.EXCERPTS, "value"),
        Output(ids.ARTICLE_PICK, "value"),
        Output(ids.SHOWN, "data"),
        Input(ids.CURRENT, "data"),
        Input(ids.VERSION, "data"),
    )
    def show_event(current: str | None, _version: int) -> tuple:
        try:
            event = event_of(store.state, current)
        except ReviewError:
            return (
                "Move to a candidate with j/k.",
                *[""] * len(ids.FIELD),
                [],
                [],
                "",
                "",
                [],
                [],
                [],
                None,
                None,
            )
        group = event.get("group") or ""
        info = (
            f"Proposed group {group}: {event.get('group_reason') or ''}"
            if group
            else "No proposed group."
        )
        cited = [x["source_id"] for x in store.state["excerpts"] if x["event_id"] == event["id"]]
        fields = [event.get(k, "") for k in ids.FIELD]
        fields[list(ids.FIELD).index("actors")] = layout.names_of(event["actors"])
        fields[list(ids.FIELD).index("themes")] = layout.names_of(event["themes"])
        return (
            f"{info.rstrip('.')}. Status: {event[STATUS]}.",
            *fields,
            layout.vocabulary_options(store.state, "actor", event["actors"]),
            layout.vocabulary_options(store.state, "theme", event["themes"]),
            "",
            "",
            layout.excerpt_items(store.state, event["id"]),
            layout.excerpt_options(store.state, event["id"]),
            [],
            cited[0] if cited else no_update,
            event["id"],
        )

    @app.callback(
        Output(ids.ARTICLE_VIEW, "children"),
        Input(ids.ARTICLE_PICK, "value"),
        Input(ids.CURRENT, "data"),
        Input(ids.VERSION, "data"),
    )
    def show_article(source_id: str | None, current: str | None, _version: int) -> object:
        quotes = [
            x["quote"]
            for x in store.state["excerpts"]
            if x["event_id"] == current and x["source_id"] == source_id
        ]
        body = layout.article_view(store.dataset, str(source_id or ""), quotes)
        return html.Div(body, **{"data-source": source_id or ""})

    app.clientside_callback(
        ClientsideFunction(namespace="review", function_name="focusCurrent"),
        Output(ids.FOCUS_SINK, "data"),
        Input(ids.CANDIDATES, "options"),
        State(ids.CURRENT, "data"),
    )
