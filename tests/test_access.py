"""Access markup without a browser: page language, native toggle groups, list rows."""

from __future__ import annotations

from dash import Dash, html

from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.query.view import ViewState
from timeline.web.access import with_language
from timeline.web.components.event_list import event_list
from timeline.web.components.page import view_toolbar


def test_the_page_says_its_language() -> None:
    page = with_language(Dash(__name__).index_string)
    assert '<html lang="en">' in page
    assert with_language(page) == page  # once only


def test_view_toggles_are_fieldsets_named_by_their_legend() -> None:
    toolbar = view_toolbar()
    groups = [c for c in toolbar.children if isinstance(c, html.Fieldset)]
    assert [g.children[0].children for g in groups] == ["Lanes", "Time axis", "Show"]
    assert all(getattr(g, "role", None) is None for g in groups)


def test_each_list_row_gives_date_title_actors_and_sources() -> None:
    ds = load_dataset(bundled_data())
    first = event_list(ds.events, ViewState()).rows[0]
    event = ds.events.iloc[0]
    texts = [first[key] for key in ("date", "title", "actors", "sources")]
    assert texts[:3] == [str(event["date_label"]), str(event["title"]), ", ".join(event["actors"])]
    assert texts[3] == f"{event['n_sources']} source" + ("s" if event["n_sources"] != 1 else "")
    assert first["id"] == str(event["id"]) and first["selected"] is False
