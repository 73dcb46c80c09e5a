"""A light page: the small plotly bundle, compressed responses, the chart drawn once on load."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs_version

from timeline import ids
from timeline.app import create_app
from timeline.first_view import FIRST_VIEW, WIDTH_HEADER, view_key
from timeline.synth import generate_dataset

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "assets" / "vendor"
BOTH = {"Accept-Encoding": "gzip, br"}


def _find(node: object, component_id: str) -> dict | None:
    """The component with this id in a serialised layout."""
    if isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == component_id:
            return props
        return _find(props.get("children"), component_id)
    if isinstance(node, list):
        for child in node:
            found = _find(child, component_id)
            if found is not None:
                return found
    return None


def _view_request(search: str, state: list[dict]) -> dict:
    return {
        "output": (
            f"..{ids.GRAPH}.figure...{ids.COUNT}.children...{ids.EVENT_LIST}.children"
            f"...{FIRST_VIEW}.data.."
        ),
        "outputs": [
            {"id": ids.GRAPH, "property": "figure"},
            {"id": ids.COUNT, "property": "children"},
            {"id": ids.EVENT_LIST, "property": "children"},
            {"id": FIRST_VIEW, "property": "data"},
        ],
        "inputs": [
            {"id": ids.URL, "property": "search", "value": search},
            {"id": ids.PRESETS, "property": "value", "value": "all"},
            {"id": ids.ZOOM, "property": "data", "value": None},
        ],
        "state": state,
        "changedPropIds": [f"{ids.URL}.search"],
    }


def test_vendored_bundle_is_the_plotly_js_dash_would_serve():
    bundle = VENDOR / f"plotly-cartesian-{get_plotlyjs_version()}.min.js"
    assert bundle.is_file()
    head = bundle.read_text(encoding="utf-8")[:200]
    assert f"v{get_plotlyjs_version()}" in head
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() in readme
    assert (VENDOR / "LICENSE.plotly.js.txt").is_file()
    assert len(list(VENDOR.glob("*.js"))) == 1  # one plotly.js, never two


@pytest.mark.parametrize("events", [50, 2_500, 10_000])
def test_the_app_draws_only_trace_types_the_cartesian_bundle_has(tmp_path: Path, events: int):
    folder = generate_dataset(tmp_path / "synth", events=events)
    app = create_app(folder, watch=False)
    client = app.server.test_client()
    layout = client.get("/_dash-layout", headers={WIDTH_HEADER: "1280"}).get_json()
    figure = _find(layout, ids.GRAPH)["figure"]
    assert figure["data"]
    assert {trace.get("type", "scatter") for trace in figure["data"]} == {"scatter"}
    assert not any(isinstance(t, go.Scattergl) for t in go.Figure(figure).data)


def test_scripts_and_callbacks_are_compressed(tiny_dataset: Path):
    app = create_app(tiny_dataset, watch=False)
    client = app.server.test_client()
    page = client.get("/", headers=BOTH)
    assert page.headers["Content-Encoding"] in ("br", "gzip")
    scripts = re.findall(r'src="([^"]+\.js[^"]*)"', client.get("/").get_data(as_text=True))
    assert any("assets/vendor/plotly-cartesian" in s for s in scripts)
    for src in scripts:
        with client.get(src) as plain, client.get(src, headers=BOTH) as response:
            if len(plain.data) > 1000:
                assert response.headers.get("Content-Encoding") in ("br", "gzip"), src
    with client.get(scripts[0], headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
    state = [
        {"id": ids.VIEWPORT, "property": "data", "value": 1280},
        {"id": FIRST_VIEW, "property": "data", "value": None},
    ]
    answer = client.post("/_dash-update-component", json=_view_request("", state), headers=BOTH)
    assert answer.status_code == 200
    assert answer.headers["Content-Encoding"] in ("br", "gzip")


def test_the_layout_holds_the_view_the_page_address_asks_for(tiny_dataset: Path):
    app = create_app(tiny_dataset, watch=False)
    client = app.server.test_client()
    layout = client.get("/_dash-layout?theme=trade", headers={WIDTH_HEADER: "1280"}).get_json()
    assert _find(layout, ids.COUNT)["children"] == "1 of 3 events"
    assert _find(layout, ids.GRAPH)["figure"]["data"]
    assert _find(layout, FIRST_VIEW)["data"] == view_key("?theme=trade", "all", 1280)


def test_without_the_page_script_the_callback_draws_as_before(tiny_dataset: Path):
    app = create_app(tiny_dataset, watch=False)
    client = app.server.test_client()
    layout = client.get("/_dash-layout").get_json()
    assert _find(layout, FIRST_VIEW)["data"] is None
    assert _find(layout, ids.GRAPH)["figure"]["data"] == []


def test_the_first_view_callback_leaves_the_drawn_chart_alone_once(tiny_dataset: Path):
    app = create_app(tiny_dataset, watch=False)
    client = app.server.test_client()
    key = view_key("?theme=trade", "all", 1280)

    def call(search: str, first: str | None, width: int = 1280) -> dict:
        state = [
            {"id": ids.VIEWPORT, "property": "data", "value": width},
            {"id": FIRST_VIEW, "property": "data", "value": first},
        ]
        answer = client.post("/_dash-update-component", json=_view_request(search, state))
        assert answer.status_code == 200
        return json.loads(answer.data)["response"]

    # the layout holds this view: nothing is sent but the cleared key
    assert call("?theme=trade", key) == {FIRST_VIEW: {"data": None}}
    # another address, or another width, than the layout's: drawn, key cleared
    other = call("?theme=diplomacy", key)
    assert other[ids.GRAPH]["figure"]["data"] and other[FIRST_VIEW]["data"] is None
    assert ids.GRAPH in call("?theme=trade", key, width=700)
    # later calls (key already cleared) draw and leave the store alone
    later = call("?theme=trade", None)
    assert ids.GRAPH in later and FIRST_VIEW not in later
