"""The naive baseline the benchmark compares against: what a plain Dash app would do.

One ``px.scatter`` of every matching event with its hover text (title, date, actors,
themes), re-built from scratch on every filter change; no aggregation, no validation beyond
what ``pandas.read_csv`` and ``pd.to_datetime`` do, no quotes read. It exists only to be
measured by ``bench/bench.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html

GRAPH = "graph"
ACTOR = "actor"


def load_naive(folder: Path) -> pd.DataFrame:
    """events.csv with parsed dates and a first-actor column (years before 1677 are lost)."""
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    events["start"] = pd.to_datetime(events["date"], format="mixed", errors="coerce")
    events["actor"] = events["actors"].str.split(";").str[0]
    return events


def naive_figure(events: pd.DataFrame):  # type: ignore[no-untyped-def]
    """Every event as its own point, with its hover text."""
    return px.scatter(
        events,
        x="start",
        y="actor",
        hover_name="title",
        hover_data=["date", "actors", "themes"],
    )


def filtered(events: pd.DataFrame, actor: str | None) -> pd.DataFrame:
    """Events naming the actor (all when none is chosen)."""
    if not actor:
        return events
    return events[events["actors"].str.contains(actor, regex=False)]


def create_naive_app(events: pd.DataFrame) -> Dash:
    """A dropdown of actors and the scatter, redrawn by one callback."""
    app = Dash(__name__, serve_locally=True, update_title=None)
    actors = sorted(events["actor"].unique())
    app.layout = html.Div(
        [
            dcc.Dropdown(actors, id=ACTOR),
            dcc.Graph(id=GRAPH, figure=naive_figure(events)),
        ]
    )

    @app.callback(Output(GRAPH, "figure"), Input(ACTOR, "value"), prevent_initial_call=True)
    def _draw(actor: str | None):  # type: ignore[no-untyped-def]
        return naive_figure(filtered(events, actor))

    return app
