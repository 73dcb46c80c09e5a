"""Callbacks in-process: URL <-> controls, filtering through the view, clicks, the server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EVENTS
from dash import no_update

from timeline.cli import main
from timeline.load.loader import load_dataset
from timeline.query.filters import Filters
from timeline.web import ids
from timeline.web.app import create_app
from timeline.web.callbacks import event_from_click, render_details, render_view, sync
from timeline.web.client import ENDPOINT, Callbacks
from timeline.web.components.event_list import MAX_LISTED, event_href, event_list
from timeline.web.controls import Controls
from timeline.web.urlstate import ViewState, decode, encode


@pytest.fixture
def dataset(tiny_dataset: Path):
    return load_dataset(tiny_dataset)


def test_page_load_sets_controls_from_url(dataset) -> None:
    result = sync(dataset, None, None, "?actor=League&from=2000&group=theme", Controls())
    actors, _themes, _sources, date_from, _date_to, _query, group, _axis = result.controls
    assert actors == ["League"] and group == "theme" and date_from == "2000"
    assert result.search is no_update  # already canonical
    assert result.notices == []


def test_bad_link_is_cleaned_with_notices(dataset) -> None:
    result = sync(
        dataset, ids.URL, "?actor=Atlantis&axis=log", "?actor=Atlantis&axis=log", Controls()
    )
    assert result.search == ""
    notes = [item.children for item in result.notices]
    assert any("Atlantis" in n for n in notes) and any("axis=log" in n for n in notes)


def test_controls_write_the_url_and_keep_the_open_event(dataset) -> None:
    controls = Controls(actors=["Ruritania"], themes=["trade"], group="actor", axis="linear")
    result = sync(dataset, ids.THEMES, ["trade"], "?event=summit", controls)
    assert result.search == "?actor=Ruritania&theme=trade&axis=linear&event=summit"
    assert all(value is no_update for value in result.controls)


def test_a_mistyped_date_is_left_out_with_a_notice(dataset) -> None:
    result = sync(dataset, ids.DATE_FROM, "19x", "", Controls(date_from="19x"))
    assert result.search is no_update
    assert "19x" in result.notices[0].children


def test_reset_clears_everything(dataset) -> None:
    result = sync(dataset, ids.RESET, 1, "?actor=League&event=summit", Controls(actors=["League"]))
    assert result.search == ""
    assert result.controls[0] == [] and result.controls[6] == "actor"


def test_clicks_open_details(dataset) -> None:
    position = int(dataset.events.index[dataset.events["id"] == "rail"][0])
    click = {"points": [{"customdata": position, "x": 0, "y": 0}]}
    assert event_from_click(dataset, click) == "rail"
    assert event_from_click(dataset, {"points": []}) is None
    result = sync(dataset, ids.GRAPH, click, "?actor=League", Controls())
    assert result.search == "?actor=League&event=rail"
    assert sync(dataset, ids.DETAILS_CLOSE, 1, "?event=summit", Controls()).search == ""


def test_list_rows_link_to_the_url_that_opens_them(dataset) -> None:
    """Each row is a link keeping the filters and naming its event; the open one is marked."""
    search = "?actor=League&event=summit"
    _fig, _count, listing = render_view(dataset, search)
    rows = listing.rows
    assert rows, "the list shows the matching events"
    for row in rows:
        state, notices = decode(row["href"])
        assert notices == [] and state.filters.actors == ("League",)
        assert state.event == row["id"] and row["id"] in set(dataset.events["id"])
    assert [row["id"] for row in rows if row["selected"]] == ["summit"]


@pytest.mark.parametrize("event_id", ["a", "a b&c=d", "é/ü?#", "100%"])
@pytest.mark.parametrize(
    "state", [ViewState(), ViewState(Filters(actors=("A B",), query="x&y"), axis="linear")]
)
def test_event_href_is_the_encoded_state(state: ViewState, event_id: str) -> None:
    expected = encode(ViewState(state.filters, state.group, state.axis, event_id))
    assert event_href(encode(state), event_id) == expected


def test_a_long_list_says_how_to_see_the_rest(dataset) -> None:
    many = dataset.events.sample(MAX_LISTED + 5, replace=True, random_state=0)
    listing = event_list(many, ViewState())
    assert len(listing.rows) == MAX_LISTED
    assert f"first {MAX_LISTED} of {MAX_LISTED + 5}" in listing.note


def test_filters_narrow_the_chart_and_count(dataset) -> None:
    _fig, count, _ = render_view(dataset, "")
    assert count == "3 of 3 events"
    fig2, count2, listing = render_view(dataset, "?actor=League&theme=treaty")
    assert count2 == "1 of 3 events"
    assert list(fig2.layout.yaxis.ticktext) == ["Ruritania", "Freedonia", "League"]
    custom = {int(c) for t in fig2.data if t.customdata is not None for c in t.customdata}
    summit = int(dataset.events.index[dataset.events["id"] == "summit"][0])
    assert custom == {summit}
    assert len(listing.rows) == 1


def test_no_match_is_a_friendly_message(dataset) -> None:
    fig, count, listing = render_view(dataset, "?actor=League&theme=trade")
    assert count == "0 of 3 events"
    assert "No events match" in fig.layout.annotations[0].text
    assert listing.rows == [] and "No events match" in listing.note


def test_presets_zoom_to_the_latest_events(dataset) -> None:
    """A preset writes its window into the URL: exactly twelve months, up to and including
    the day the latest event ends (2 May 2001); the view, count and list follow it."""
    result = sync(dataset, ids.PRESETS, "1y", "?axis=linear", Controls())
    assert result.search == "?axis=linear&window=2000-05-03..2001-05-03"
    fig, count, listing = render_view(dataset, result.search)
    start, end = fig.layout.xaxis.range
    assert start.startswith("2000-05-03") and end.startswith("2001-05-03")
    assert count == "3 of 3 events · 2 in view, 3 May 2000 – 2 May 2001"
    assert len(listing.rows) == 2  # the rail link (to 2000) and the summit
    assert list(fig.layout.yaxis.ticktext) == ["Ruritania", "Freedonia", "League"]
    assert sync(dataset, ids.PRESETS, "all", result.search, Controls()).search == "?axis=linear"


def test_a_zoom_on_the_chart_is_kept_in_the_url_in_whole_days(dataset) -> None:
    zoom = {"range": ["1989-12-31 10:00:00.25", "1990-12-01 00:00"]}
    result = sync(dataset, ids.ZOOM, zoom, "?actor=Ruritania", Controls())
    assert result.search == "?actor=Ruritania&window=1989-12-31..1990-12-01"
    fig, count, _ = render_view(dataset, result.search)
    assert count == "3 of 3 events · 1 in view, 31 December 1989 – 30 November 1990"
    labels = [a.text for a in fig.layout.annotations if str(a.name).startswith("event-label:")]
    assert labels == ["Rail link in service (2)"]
    # the lanes are those of the events in view: the League has nothing there
    assert list(fig.layout.yaxis.ticktext) == ["Ruritania", "Freedonia"]
    back = sync(dataset, ids.ZOOM, {"range": None}, result.search, Controls())
    assert back.search == "?actor=Ruritania"


def test_details_follow_the_url(dataset) -> None:
    children, cls = render_details(dataset, "?event=rail")
    assert "is-open" in cls
    assert render_details(dataset, "")[1] == "details"
    assert "Rail link in service" in json.dumps(children, default=lambda c: c.to_plotly_json())


def test_page_and_security_headers(tiny_dataset: Path) -> None:
    app = create_app(tiny_dataset, title="Tiny <test>")
    client = app.server.test_client()
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert b"Tiny &lt;test&gt;" in page.data
    layout = client.get("/_dash-layout").get_json()
    assert ids.EXPORT_CONTAINER in json.dumps(layout)


def test_registered_callback_answers_over_http(tiny_dataset: Path) -> None:
    """The real Dash route with the real callback: URL in, figure + count out."""
    app = create_app(tiny_dataset)
    client = app.server.test_client()
    values = {
        f"{ids.URL}.search": "?theme=trade",
        f"{ids.PRESETS}.value": "all",
        f"{ids.ZOOM}.data": None,
        f"{ids.VIEWPORT}.data": 1280,
    }
    body = Callbacks.of(client).payload(f"{ids.GRAPH}.figure", values)
    answer = client.post(ENDPOINT, data=body, content_type="application/json")
    assert answer.status_code == 200
    response = answer.get_json()["response"]
    assert response[ids.COUNT]["children"] == "1 of 3 events"
    assert response[ids.GRAPH]["figure"]["layout"]["yaxis"]["ticktext"] == [
        "Ruritania",
        "Freedonia",
    ]


def test_no_app_is_built_at_import() -> None:
    import timeline.web.app as module

    assert not [name for name, value in vars(module).items() if type(value).__name__ == "Dash"]


def test_serve_refuses_an_invalid_dataset(make_dataset: Callable[..., Path]) -> None:
    broken = make_dataset(events=[dict(EVENTS[0], date="June")])
    result = CliRunner().invoke(main, ["serve", "--data", str(broken)])
    assert result.exit_code == 1
    assert "events.csv" in result.output


def test_serve_uses_waitress_and_warns_off_loopback(
    tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict] = []
    import waitress

    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(
        main, ["serve", "--data", str(tiny_dataset), "--host", "0.0.0.0", "--port", "8123"]
    )
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["host"] == "0.0.0.0" and calls[0]["port"] == 8123
    assert "http://0.0.0.0:8123/" in result.output
    assert "warning" in result.output
    calls.clear()
    quiet = CliRunner().invoke(main, ["serve", "--data", str(tiny_dataset)])
    assert calls[0]["host"] == "127.0.0.1" and "warning" not in quiet.output


def test_the_view_callback_sends_the_rows_as_plain_data(tiny_dataset: Path) -> None:
    """What the page's listRows writes: the rows of event_list, text as it is (markup too)."""
    client = create_app(tiny_dataset, watch=False).server.test_client()
    values = {f"{ids.URL}.search": "?event=rail", f"{ids.VIEWPORT}.data": 1280}
    body = Callbacks.of(client).payload(f"{ids.GRAPH}.figure", values)
    answer = client.post(ENDPOINT, data=body, content_type="application/json").get_json()
    sent = answer["response"][ids.ROWS]["data"]
    ds = load_dataset(tiny_dataset)
    expected = event_list(ds.events, ViewState(event="rail")).rows
    assert sent == json.loads(json.dumps(expected))
    assert [row["id"] for row in sent if row["selected"]] == ["rail"]
    assert answer["response"][ids.LIST_NOTE]["children"] == ""


@pytest.mark.parametrize(
    "search", ["", "?actor=League", "?actor=League&theme=trade", "?window=1700-01-01..1700-12-31"]
)
def test_the_view_callbacks_answer_is_plain_data_for_orjson(dataset, search: str) -> None:
    """Dash serialises with orjson; one value it cannot take (a component, a numpy scalar)
    sends the whole answer, figure included, through plotly's slow cleaning walk."""
    import orjson

    many = dataset.events.sample(MAX_LISTED + 5, replace=True, random_state=2)
    fig, count, listing = render_view(dataset, search, 1280, payload=True)
    option = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
    orjson.dumps([fig, count, listing.rows, listing.note], option=option)
    long = event_list(many, ViewState())
    orjson.dumps([long.rows, long.note], option=option)
    assert long.note.startswith(f"Showing the first {MAX_LISTED}")
