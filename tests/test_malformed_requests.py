"""Crafted requests to Dash's callback endpoint, with values the page never sends.

Each must get a clean answer: a normal (or empty) result, or a 4xx with a short JSON message
and no traceback or file path in it; never a 500 and never a hung worker. The payloads follow
what the browser sends (captured from a real session; see :func:`payload`), built from the
app's own ``/_dash-dependencies`` so a renamed component cannot make these tests pass
vacuously.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EVENTS, write_dataset
from dash import Dash
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from timeline.query import facets, filters
from timeline.query.filters import MAX_QUERY_LENGTH, Filters
from timeline.web import ids
from timeline.web.app import create_app
from timeline.web.client import Callbacks
from timeline.web.urlstate import MAX_SEARCH_LENGTH

ENDPOINT = "/_dash-update-component"
HANG_LIMIT = 15.0  # seconds: a guard against a hung worker, not a performance assertion
MB = 1_000_000
RENDER = "render"
SYNC = "sync"
SELECT = "select"
DETAILS = "details"
EXPORT = "export"
LEAKS = ("Traceback", 'File "', ".py", "site-packages", "Error:")
PATH = re.compile(r"(/[\w.-]+){2,}|\\\w")  # /a/b or C:\x


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Dash:
    folder = write_dataset(tmp_path_factory.mktemp("malformed") / "data")
    return create_app(folder, watch=False)


@pytest.fixture(scope="module")
def deps(app: Dash) -> dict[str, dict]:
    """The server-side callbacks by role, as the page learns them from the server."""
    find = Callbacks.of(app.server.test_client()).find

    return {
        RENDER: find(f"{ids.GRAPH}.figure"),
        SYNC: find(f"{ids.NOTICES}.children"),
        SELECT: find(f"{ids.URL}.search@"),
        DETAILS: find(f"{ids.DETAILS}.children"),
        EXPORT: find(f"{ids.EXPORT_JOB}.data"),
    }


@pytest.fixture
def client(app: Dash) -> Iterator[FlaskClient]:
    yield app.server.test_client()


def payload(dep: dict, values: dict[str, Any], changed: list[str]) -> dict:
    """The body the browser POSTs for callback ``dep`` with these "id.property" values."""
    return Callbacks.body(dep, values, changed)


def send(client: FlaskClient, data: bytes | str, content_type: str = "application/json") -> Any:
    """POST in a worker thread; fail if no answer comes within HANG_LIMIT."""
    result: list[TestResponse] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(client.post(ENDPOINT, data=data, content_type=content_type))
        except BaseException as exc:  # the test client re-raises what the app did not handle
            errors.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_LIMIT)
    assert not worker.is_alive(), f"no answer within {HANG_LIMIT} s"
    assert not errors, f"unhandled in the app: {errors[0]!r}"
    return result[0]


def assert_clean(response: TestResponse) -> Any:
    """A normal/empty answer (returned decoded, or None), or a short JSON 4xx; never a 5xx."""
    text = response.get_data(as_text=True)
    assert response.status_code < 500, text[:300]
    assert "Traceback" not in text
    if response.status_code == 204:
        return None
    if response.status_code >= 400:
        assert response.is_json, text[:300]
        message = response.get_json()["error"]
        assert isinstance(message, str) and 0 < len(message) < 300 and "\n" not in message
        assert not any(leak in text for leak in LEAKS), text
        assert not PATH.search(message), message
        return None
    assert response.status_code == 200
    return response.get_json()["response"]


def post(client: FlaskClient, body: Any) -> Any:
    return assert_clean(send(client, json.dumps(body)))


def render(client: FlaskClient, deps: dict, changed: str = "url.search", **values: Any) -> Any:
    """The render-view callback with (id.property -> value) given as keyword dicts."""
    base = {"url.search": "", f"{ids.PRESETS}.value": "all", f"{ids.VIEWPORT}.data": 1280}
    return post(client, payload(deps[RENDER], base | values.get("v", {}), [changed]))


def _has_figure(answer: Any) -> bool:
    return isinstance(answer, dict) and "data" in answer[ids.GRAPH]["figure"]


# ---- the render-view callback: the URL, the preset, the zoom and the viewport ----------------


@pytest.mark.parametrize(
    "search",
    [
        "?actor=Atlantis&theme=nothing&source=zzz",
        "?from=9999-99-99&to=9999-99-99",
        "?from=2001&to=1648",
        "?event=no-such-event",
        "?group=%00&axis=%FF%FE&q=%ZZ",
        "?q=" + "x" * (MAX_SEARCH_LENGTH - 10),
        "?q=" + "summit " * (MB // 7),
        "?" + "&".join(f"actor={i}" for i in range(MB // 10)),
        12345,
        {"actor": "Ruritania"},
        [["?actor=Ruritania"]],
        ["?actor=Ruritania"],
        None,
        True,
    ],
    ids=lambda v: repr(v)[:40],
)
def test_render_view_shows_a_figure_for_any_url(client, deps, search: Any) -> None:
    answer = render(client, deps, v={"url.search": search})
    assert _has_figure(answer)


def view_sync(client: FlaskClient, deps: dict, changed: str, value: Any, search: str = "") -> Any:
    """The sync callback after a preset pick or a zoom (``changed``: its "id.property")."""
    values = {f"{k}.value": v for k, v in CONTROLS.items()} | {changed: value}
    values |= {"url.search": search, f"{ids.RESET}.n_clicks": 0}
    return post(client, payload(deps[SYNC], values, [changed]))


@pytest.mark.parametrize("preset", ["10y", 5, {}, [], ["1y"], None, "x" * MB])
def test_an_unknown_preset_leaves_the_url_alone(client, deps, preset: Any) -> None:
    answer = view_sync(client, deps, f"{ids.PRESETS}.value", preset, search="?axis=linear")
    assert _search_written(answer) is None


@pytest.mark.parametrize(
    "zoom",
    [
        {"range": ["9999-99-99", "x"]},
        {"range": "ab"},
        {"range": [1]},
        {"range": {}},
        {"range": [None, None]},
        {"range": [[1], {"a": 2}]},
        {"range": ["2001-01-01", "1648-01-01"]},
        {"range": ["2001-01-01", "2001-01-01"]},
        {"range": ["-99999-01-01", "99999-01-01"]},
        {"range": [0, 10**30]},
        {"range": ["1990-01-01", "2000-01-01", "2010-01-01"]},
        {"range": ["x" * MB, "y"]},
        "zoom",
        [1, 2],
        7,
    ],
    ids=lambda v: repr(v)[:40],
)
@pytest.mark.parametrize("axis", ["", "?axis=linear"])
def test_a_malformed_zoom_leaves_the_url_alone(client, deps, zoom: Any, axis: str) -> None:
    answer = view_sync(client, deps, f"{ids.ZOOM}.data", zoom, search=axis)
    assert _search_written(answer) is None


@pytest.mark.parametrize("window", ["2001-01-01..1648-01-01", "x..y", "2001..2002", "." * MB])
def test_a_malformed_window_in_the_url_is_ignored_with_a_notice(client, deps, window) -> None:
    answer = render(client, deps, v={"url.search": f"?axis=linear&window={window}"})
    assert _has_figure(answer)
    assert "zoom" not in json.dumps(answer[ids.COUNT])


def test_a_real_zoom_still_zooms(client, deps) -> None:
    """The guard above must not drop valid zooms: the browser's range reaches the URL, in
    whole days, and the figure follows the URL."""
    zoom = {"range": ["1989-06-30 06:00:00.000", "2002-01-01"]}
    answer = view_sync(client, deps, f"{ids.ZOOM}.data", zoom, search="?axis=linear")
    search = _search_written(answer)
    assert search == "?axis=linear&window=1989-06-30..2002-01-01"
    drawn = render(client, deps, v={"url.search": search})
    assert drawn[ids.GRAPH]["figure"]["layout"]["xaxis"]["range"] == ["1989-06-30", "2002-01-01"]


@pytest.mark.parametrize(
    "viewport", ["wide", 1e308, 10**400, -5, {}, [1280], None], ids=lambda v: repr(v)[:20]
)
def test_render_view_survives_any_viewport(client, deps, viewport: Any) -> None:
    assert _has_figure(render(client, deps, v={f"{ids.VIEWPORT}.data": viewport}))


# ---- the sync callback: controls -> URL ------------------------------------------------------

CONTROLS = {
    ids.ACTORS: ["Ruritania"],
    ids.THEMES: [],
    ids.SOURCES: [],
    ids.DATE_FROM: "",
    ids.DATE_TO: "",
    ids.QUERY: "",
    ids.GROUP: "actor",
    ids.AXIS: "compressed",
}
WRONG_TYPES = [5, 2.5, {"a": 1}, [[1, 2]], [{"x": 1}], [None], None, "Ruritania", True, "x" * MB]


def sync(client: FlaskClient, deps: dict, control: str, value: Any, search: Any = "") -> Any:
    values = {f"{k}.value": v for k, v in CONTROLS.items()} | {f"{control}.value": value}
    values |= {"url.search": search, f"{ids.RESET}.n_clicks": 0}
    return post(client, payload(deps[SYNC], values, [f"{control}.value"]))


def _search_written(answer: Any) -> str | None:
    """The URL a callback wrote (None: it left the URL alone: 204, or no output in the reply)."""
    if answer is None:
        return None
    return answer.get(ids.URL, {}).get("search")


@pytest.mark.parametrize("value", WRONG_TYPES, ids=lambda v: repr(v)[:30])
@pytest.mark.parametrize("control", list(CONTROLS))
def test_sync_survives_wrong_types_in_any_control(client, deps, control: str, value) -> None:
    answer = sync(client, deps, control, value)
    written = _search_written(answer)
    assert written is None or isinstance(written, str)
    assert written is None or len(written) < 4 * MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    ("control", "value", "bad"),
    [
        (ids.DATE_FROM, "9999-99-99", "9999"),
        (ids.DATE_TO, "9999-99-99", "9999"),
        (ids.GROUP, "nope", "nope"),
        (ids.AXIS, "log", "log"),
    ],
)
def test_sync_writes_no_invalid_value_into_the_url(client, deps, control, value, bad) -> None:
    answer = sync(client, deps, control, value, search="?from=2000")
    assert bad not in (_search_written(answer) or "")


@pytest.mark.parametrize(
    ("control", "value"),
    [(ids.ACTORS, ["Atlantis", "Ruritania"]), (ids.THEMES, ["nothing"]), (ids.SOURCES, ["zzz"])],
)
def test_unknown_names_from_controls_round_trip_to_a_view(client, deps, control, value) -> None:
    """Controls may write an unknown name into the URL; drawing that URL drops it."""
    written = _search_written(sync(client, deps, control, value))
    assert written is not None and value[0] in written
    assert _has_figure(render(client, deps, v={"url.search": written}))


def test_a_from_after_to_drops_the_to_date(client, deps) -> None:
    values = {f"{k}.value": v for k, v in CONTROLS.items()}
    values |= {f"{ids.DATE_FROM}.value": "2001", f"{ids.DATE_TO}.value": "1648", "url.search": ""}
    answer = post(client, payload(deps[SYNC], values, [f"{ids.DATE_TO}.value"]))
    written = _search_written(answer) or ""
    assert "from=2001" in written and "to=" not in written
    assert "ignored" in json.dumps(answer[ids.NOTICES]["children"])


def test_a_megabyte_of_search_text_is_cut_to_the_limit(client, deps) -> None:
    answer = sync(client, deps, ids.QUERY, "summit " * (MB // 7))
    written = _search_written(answer)
    assert written is not None and "q=summit" in written
    assert len(written) < 4 * MAX_QUERY_LENGTH


def test_a_megabyte_url_is_ignored_with_a_notice(client, deps) -> None:
    search = "?q=" + "a" * MB
    values = {f"{k}.value": v for k, v in CONTROLS.items()} | {"url.search": search}
    answer = post(client, payload(deps[SYNC], values, ["url.search"]))
    notices = json.dumps(answer[ids.NOTICES]["children"])
    assert str(MAX_SEARCH_LENGTH) in notices
    assert len(json.dumps(answer)) < 10_000  # the megabyte is not echoed back


def test_the_filter_searches_at_most_max_query_length(monkeypatch, tiny_dataset: Path) -> None:
    """A huge query costs what a MAX_QUERY_LENGTH one does: count the substring scans."""
    from timeline.load.loader import load_dataset

    dataset = load_dataset(tiny_dataset)
    calls: list[str] = []
    real = facets._contains
    monkeypatch.setattr(
        facets, "_contains", lambda texts, term: calls.append(term) or real(texts, term)
    )
    filters.apply_filters(dataset, Filters(query="a " * MB))
    terms_allowed = MAX_QUERY_LENGTH // 2 + 1  # one-letter words and their spaces
    assert 0 < len(calls) <= 3 * terms_allowed  # title, summary and quotes per term
    assert max(len(term) for term in calls) <= MAX_QUERY_LENGTH
    calls.clear()  # a repeated word (in any case) is searched once
    filters.apply_filters(dataset, Filters(query="Rail rail RAIL link"))
    assert sorted(set(calls)) == ["link", "rail"] and len(calls) == 6


@pytest.mark.parametrize(
    "changed",
    [[], ["nonexistent.value"], ['{"bad json.value'], ['{"type":"x"}.n_clicks'], ["."], [""]],
)
def test_sync_survives_odd_changed_prop_ids(client, deps, changed: list[str]) -> None:
    values = {f"{k}.value": v for k, v in CONTROLS.items()} | {"url.search": ""}
    post(client, payload(deps[SYNC], values, changed))


def test_sync_survives_a_url_of_the_wrong_type(client, deps) -> None:
    for search in (5, {"q": 1}, ["?q=x"], True):
        values = {f"{k}.value": v for k, v in CONTROLS.items()} | {"url.search": search}
        post(client, payload(deps[SYNC], values, ["url.search"]))


# ---- clicks: chart points and the close button --------------------------------------


def select(client: FlaskClient, deps: dict, values: dict, changed: list[str]) -> Any:
    return post(client, payload(deps[SELECT], {"url.search": "?actor=Ruritania"} | values, changed))


@pytest.mark.parametrize(
    "click",
    [
        {"points": [{"customdata": 10**30}]},
        {"points": [{"customdata": -1}]},
        {"points": [{"customdata": "abc"}]},
        {"points": [{"customdata": [0]}]},
        {"points": [{}]},
        {"points": []},
        {"points": "x"},
        [1, 2],
        "click",
    ],
    ids=lambda v: repr(v)[:30],
)
def test_a_junk_chart_click_changes_nothing(client, deps, click: Any) -> None:
    answer = select(client, deps, {f"{ids.GRAPH}.clickData": click}, [f"{ids.GRAPH}.clickData"])
    assert _search_written(answer) is None


def test_an_infinite_customdata_changes_nothing(client, deps) -> None:
    """JSON parsers in Python accept Infinity/NaN; int() of them must not escape."""
    for number in ("Infinity", "NaN", "-Infinity", "1e999"):
        body = json.dumps(
            payload(deps[SELECT], {f"{ids.GRAPH}.clickData": "@"}, [f"{ids.GRAPH}.clickData"])
        ).replace('"@"', f'{{"points": [{{"customdata": {number}}}]}}')
        assert _search_written(assert_clean(send(client, body))) is None


def test_an_unknown_event_in_the_url_shows_no_details(client, deps) -> None:
    body = payload(deps[DETAILS], {"url.search": "?event=no-such-event"}, ["url.search"])
    answer = post(client, body)
    assert "is-open" not in answer[ids.DETAILS_PANEL]["className"]
    for search in (5, {"event": "summit"}, [EVENTS[0]["id"]]):
        post(client, payload(deps[DETAILS], {"url.search": search}, ["url.search"]))


# ---- the export callback ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_value",
    [
        {"clicks": 1, "range": ["9999-99-99", "x"]},
        {"clicks": 1, "range": ["2001-01-01", "1648-01-01"]},
        {"clicks": 1, "range": "everything"},
        {"clicks": 1, "range": [1, 2, 3]},
        {"clicks": 1, "range": [{}, []]},
        {"clicks": "x" * MB},
        [1, 2],
        "export",
        7,
        True,
    ],
    ids=lambda v: repr(v)[:40],
)
@pytest.mark.parametrize("size", ["slide", "huge", 7, {}, [], None, "x" * 1000])
def test_export_with_a_bogus_range_and_size_is_clean(client, deps, request_value, size) -> None:
    values = {
        f"{ids.EXPORT_REQUEST}.data": request_value,
        "url.search": "?q=%00",
        f"{ids.EXPORT_SIZE}.value": size,
    }
    answer = post(client, payload(deps[EXPORT], values, [f"{ids.EXPORT_REQUEST}.data"]))
    if answer is not None and answer.get(ids.EXPORT_JOB, {}).get("data"):
        job = answer[ids.EXPORT_JOB]["data"]
        assert job["width"] * job["scale"] <= 10_000 and job["height"] * job["scale"] <= 10_000


# ---- the request itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ('{"output": "url.search", "inputs": [', "application/json"),
        ("hello", "text/plain"),
        ("", "application/json"),
        ("\xff\xfe garbage", "application/json"),
        ("[" * 100_000 + "]" * 100_000, "application/json"),
        ('{"a":' * 50_000 + "1" + "}" * 50_000, "application/json"),
        ("[]", "application/json"),
        ("5", "application/json"),
        ("null", "application/json"),
        ('"output"', "application/json"),
        ("{}", "application/json"),
    ],
    ids=lambda v: repr(v)[:30],
)
def test_a_body_that_is_not_a_callback_request_gets_a_400(client, body: str, content_type) -> None:
    response = send(client, body, content_type)
    assert_clean(response)
    assert 400 <= response.status_code < 500


def _broken_render_requests(dep: dict) -> list[dict]:
    good = payload(dep, {"url.search": ""}, ["url.search"])
    return [
        good | {"output": "nope.children"},
        good | {"output": "zoom.data"},  # a clientside callback: nothing to run on the server
        good | {"output": f"{ids.GRAPH}.figure"},  # a part of a multi-output, not its key
        good | {"output": 5},
        good | {"output": None},
        {k: v for k, v in good.items() if k != "output"},
        {k: v for k, v in good.items() if k != "inputs"},
        good | {"inputs": good["inputs"][:0]},
        good | {"inputs": good["inputs"] + good["inputs"]},
        good | {"inputs": "url.search"},
        good | {"inputs": [5, 6, 7]},
        good | {"inputs": [{"value": 1}] * 3},
        good | {"inputs": [{"id": {"a": 1}, "property": "x"}] * 3},
        good | {"inputs": [[{"id": "url"}]] * 3},
        good | {"state": {"id": "viewport"}},
        good | {"state": []},
        good | {"outputs": "figure"},
        good | {"outputs": [5]},
        good | {"changedPropIds": "url.search"},
        good | {"changedPropIds": [5, None]},
    ]


def test_a_malformed_callback_request_gets_a_400(client, deps) -> None:
    for body in _broken_render_requests(deps[RENDER]):
        response = send(client, json.dumps(body))
        assert_clean(response)
        assert 400 <= response.status_code < 500, json.dumps(body)[:200]


def test_a_megabyte_http_query_string_is_clean(client, deps) -> None:
    body = json.dumps(payload(deps[RENDER], {"url.search": ""}, ["url.search"]))
    result: list[TestResponse] = []
    worker = threading.Thread(
        target=lambda: result.append(
            client.post(
                f"{ENDPOINT}?{'a=1&' * (MB // 4)}", data=body, content_type="application/json"
            )
        ),
        daemon=True,
    )
    worker.start()
    worker.join(HANG_LIMIT)
    assert not worker.is_alive() and result
    assert _has_figure(assert_clean(result[0]))


def test_the_well_formed_request_still_works(client, deps) -> None:
    """The control case: the exact captured payload gets a figure, the count and the list."""
    answer = render(client, deps)
    assert _has_figure(answer)
    assert answer[ids.COUNT]["children"] == f"{len(EVENTS)} of {len(EVENTS)} events"


def test_other_routes_keep_their_usual_answers(client) -> None:
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
