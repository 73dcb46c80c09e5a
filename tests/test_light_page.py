"""A light page: the small plotly bundle, compressed responses, the chart drawn once on load."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import flask
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs_version

import timeline.web.views as views_module
from timeline.load.loader import load_dataset
from timeline.query.facets import Filters
from timeline.query.view import ViewState
from timeline.synth import generate_dataset
from timeline.web import ids
from timeline.web.app import create_app
from timeline.web.client import ENDPOINT, Callbacks
from timeline.web.first_view import WIDTH_HEADER, view_key
from timeline.web.urlstate import encode

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "assets" / "vendor"
BOTH = {"Accept-Encoding": "gzip, br"}


def _find(node: object, component_id: str) -> dict | None:
    """The props of the component with this id in a serialised layout."""
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


def test_vendored_bundle_is_the_plotly_js_dash_would_serve():
    bundle = VENDOR / f"plotly-basic-{get_plotlyjs_version()}.min.js"
    assert bundle.is_file()
    head = bundle.read_text(encoding="utf-8")[:200]
    assert f"v{get_plotlyjs_version()}" in head
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() in readme
    assert (VENDOR / "LICENSE.plotly.js.txt").is_file()
    assert len(list(VENDOR.glob("plotly-*.js"))) == 1  # one plotly.js, never two


def test_plotly_is_pinned_to_the_release_whose_plotly_js_is_vendored():
    """The vendored bundle only matches while plotly cannot move without it: pyproject.toml
    pins the installed release exactly (scripts/vendor_js.sh moves the pin and the bundle)."""
    import tomllib

    import plotly

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("plotly")]
    assert pins == [f"plotly=={plotly.__version__}"]
    script = (REPO / "scripts" / "vendor_js.sh").read_text(encoding="utf-8")
    assert "plotly==$plotly_release" in script


def test_the_page_has_the_regenerator_runtime_instead_of_babels_polyfill(tiny_dataset: Path):
    runtime = list(VENDOR.glob("regenerator-runtime-*.js"))
    assert len(runtime) == 1 and (VENDOR / "LICENSE.regenerator-runtime.txt").is_file()
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(runtime[0].read_bytes()).hexdigest() in readme
    index = create_app(tiny_dataset, watch=False).server.test_client().get("/").get_data(True)
    scripts = re.findall(r'<script src="([^"]+)"', index)
    assert not any("polyfill" in s for s in scripts)
    at = [i for i, s in enumerate(scripts) if "regenerator-runtime" in s]
    renderer = [i for i, s in enumerate(scripts) if "dash_renderer" in s]
    assert at and renderer and at[0] < renderer[0]  # defined before Dash's code runs


def test_the_lazy_chunks_the_page_shows_at_once_are_preloaded(tiny_dataset: Path):
    client = create_app(tiny_dataset, watch=False).server.test_client()
    index = client.get("/").get_data(as_text=True)
    preloads = re.findall(r'<link rel="preload" as="script" href="([^"]+)"', index)
    chunks = [href for href in preloads if "/dcc/async-" in href]
    assert {href.rsplit("/", 1)[1] for href in chunks} == {"async-dropdown.js", "async-graph.js"}
    for href in chunks:
        with client.get(href) as response:
            assert response.status_code == 200 and len(response.data) > 1000, href


@pytest.mark.parametrize("events", [50, 2_500, 10_000])
def test_the_app_draws_only_trace_types_the_basic_bundle_has(tmp_path: Path, events: int):
    folder = generate_dataset(tmp_path / "synth", events=events)
    app = create_app(folder, watch=False)
    client = app.server.test_client()
    values = {f"{ids.URL}.search": "", f"{ids.PRESETS}.value": "all", f"{ids.VIEWPORT}.data": 1280}
    body = Callbacks.of(client).payload(f"{ids.GRAPH}.figure", values)
    answer = client.post(ENDPOINT, data=body, content_type="application/json").get_json()
    figure = answer["response"][ids.GRAPH]["figure"]
    assert figure["data"]
    assert {trace.get("type", "scatter") for trace in figure["data"]} == {"scatter"}
    assert not any(isinstance(t, go.Scattergl) for t in go.Figure(figure).data)


def test_scripts_and_callbacks_are_compressed(tiny_dataset: Path):
    app = create_app(tiny_dataset, watch=False)
    client = app.server.test_client()
    page = client.get("/", headers=BOTH)
    assert page.headers["Content-Encoding"] in ("br", "gzip")
    index = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'src="([^"]+\.js[^"]*)"', index)
    assert not any("plotly" in s for s in scripts)  # preloaded, started by first_view.js
    preload = re.search(r'<link rel="preload" as="script" href="([^"]+)"', index)
    assert preload and "/assets/vendor/plotly-basic-" in preload.group(1)
    scripts.append(preload.group(1))
    for src in scripts:
        with client.get(src) as plain, client.get(src, headers=BOTH) as response:
            if len(plain.data) > 1000:
                assert response.headers.get("Content-Encoding") in ("br", "gzip"), src
    with client.get(scripts[0], headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
    values = {f"{ids.URL}.search": "", f"{ids.PRESETS}.value": "all", f"{ids.VIEWPORT}.data": 1280}
    body = Callbacks.of(client).payload(f"{ids.GRAPH}.figure", values)
    answer = client.post(ENDPOINT, data=body, content_type="application/json", headers=BOTH)
    assert answer.status_code == 200
    assert answer.headers["Content-Encoding"] in ("br", "gzip")


def test_the_layout_holds_the_view_the_page_address_asks_for(tiny_dataset: Path):
    client = create_app(tiny_dataset, watch=False).server.test_client()
    layout = client.get("/_dash-layout?theme=trade", headers={WIDTH_HEADER: "1280"}).get_json()
    assert _find(layout, ids.COUNT)["children"] == "1 of 3 events"
    assert _find(layout, ids.GRAPH)["figure"]["data"]
    assert _find(layout, ids.VIEWPORT)["data"] == 1280
    key = view_key(load_dataset(tiny_dataset), "?theme=trade", 1280)
    assert _find(layout, ids.FIRST_VIEW)["data"] == key


def test_a_canonical_link_is_laid_out_as_its_callbacks_would_set_it(tiny_dataset: Path):
    """Address, controls, toggle and details are in the layout: nothing is left to a round
    trip on load (the three callbacks that would set them wait for the address to change)."""
    client = create_app(tiny_dataset, watch=False).server.test_client()
    search = "?actor=League&group=theme&event=summit"
    layout = client.get(f"/_dash-layout{search}", headers={WIDTH_HEADER: "1280"}).get_json()
    assert _find(layout, ids.URL)["search"] == search
    assert _find(layout, ids.control("actors"))["value"] == ["League"]
    assert _find(layout, ids.GROUP)["value"] == "theme"
    assert _find(layout, ids.PRESETS)["value"] == "all"
    assert _find(layout, ids.DETAILS_PANEL)["className"] == "details is-open"
    assert _find(layout, "details-title")["children"] == "Friendship renewed"
    assert _find(layout, ids.COUNT)["children"] == "1 of 3 events"
    on_load = [
        d
        for d in client.get("/_dash-dependencies").get_json()
        if any(i["id"] == ids.URL and i["property"] == "search" for i in d["inputs"])
        and not d.get("clientside_function")
    ]
    assert len(on_load) >= 3 and all(d["prevent_initial_call"] for d in on_load)


@pytest.mark.parametrize(
    "query", ["?group=theme&actor=Freedonia", "?actor=Nowhere", "?colour=red", "?from=bogus"]
)
def test_a_link_that_is_not_canonical_leaves_the_address_to_the_page(tiny_dataset: Path, query):
    """``dcc.Location`` then sets the address on mount, and ``sync`` rewrites it."""
    client = create_app(tiny_dataset, watch=False).server.test_client()
    layout = client.get(f"/_dash-layout{query}", headers={WIDTH_HEADER: "1280"}).get_json()
    assert "search" not in _find(layout, ids.URL)
    assert _find(layout, ids.FIRST_VIEW)["data"] is not None  # the view is drawn all the same


def test_a_long_list_offers_the_names_the_link_chose(make_dataset):
    """A names control of more than MAX_OPTIONS choices lists the chosen ones, or a chosen
    name would show as its bare value."""
    from timeline.web.controls import MAX_OPTIONS

    names = [f"Actor {i:03}" for i in range(MAX_OPTIONS + 30)]
    vocabulary = [{"kind": "actor", "name": n, "description": ""} for n in names]
    vocabulary += [{"kind": "theme", "name": t, "description": ""} for t in ("trade", "treaty")]
    events = [
        {
            "id": f"e{i}",
            "date": f"{1990 + i % 30}",
            "end_date": "",
            "title": f"Event {i}",
            "summary": "",
            "actors": n,
            "themes": "trade",
            "date_basis": "stated",
            "note": "",
        }
        for i, n in enumerate(names)
    ]
    excerpts = [
        {"event_id": e["id"], "source_id": "a", "quote": "Leaders of Ruritania"} for e in events
    ]
    folder = make_dataset(events=events, excerpts=excerpts, vocabulary=vocabulary)
    client = create_app(folder, watch=False).server.test_client()
    last = names[-1]
    query = encode(ViewState(filters=Filters(actors=(last,))))
    layout = client.get(f"/_dash-layout{query}", headers={WIDTH_HEADER: "1280"}).get_json()
    control = _find(layout, ids.control("actors"))
    assert control["value"] == [last]
    assert last in [o["value"] for o in control["options"]]


def test_without_the_page_script_the_callback_draws_as_before(tiny_dataset: Path):
    client = create_app(tiny_dataset, watch=False).server.test_client()
    layout = client.get("/_dash-layout").get_json()
    assert _find(layout, ids.FIRST_VIEW)["data"] is None
    assert _find(layout, ids.GRAPH)["figure"]["data"] == []
    values = {f"{ids.URL}.search": "", f"{ids.VIEWPORT}.data": 1280}
    body = Callbacks.of(client).payload(f"{ids.GRAPH}.figure", values)
    answer = client.post(ENDPOINT, data=body, content_type="application/json").get_json()
    assert answer["response"][ids.GRAPH]["figure"]["data"]
    assert ids.FIRST_VIEW not in answer["response"]


def test_the_first_view_callback_leaves_the_drawn_chart_alone_once(tiny_dataset: Path):
    client = create_app(tiny_dataset, watch=False).server.test_client()
    layout = client.get("/_dash-layout?theme=trade", headers={WIDTH_HEADER: "1280"}).get_json()
    key = _find(layout, ids.FIRST_VIEW)["data"]
    callbacks = Callbacks.of(client)

    def call(search: str, first: str | None, width: int = 1280) -> dict:
        values = {
            f"{ids.URL}.search": search,
            f"{ids.VIEWPORT}.data": width,
            f"{ids.FIRST_VIEW}.data": first,
        }
        body = callbacks.payload(f"{ids.GRAPH}.figure", values)
        answer = client.post(ENDPOINT, data=body, content_type="application/json")
        assert answer.status_code == 200
        return answer.get_json()["response"]

    # the layout holds this view: nothing is sent but the cleared key
    assert call("?theme=trade", key) == {ids.FIRST_VIEW: {"data": None}}
    # the same view written otherwise (an unknown parameter sync drops) is the same view
    assert call("?theme=trade&colour=red", key) == {ids.FIRST_VIEW: {"data": None}}
    # another address, or another width, than the layout's: drawn, key cleared
    other = call("?theme=treaty", key)
    assert other[ids.GRAPH]["figure"]["data"] and other[ids.FIRST_VIEW]["data"] is None
    assert ids.GRAPH in call("?theme=trade", key, width=700)
    # later calls (key already cleared) draw and leave the store alone
    later = call("?theme=trade", None)
    assert ids.GRAPH in later and ids.FIRST_VIEW not in later


@pytest.mark.parametrize("width", ["²", "9" * 5000, "-1", "1280px", ""])
def test_an_odd_width_header_leaves_the_first_draw_to_the_callback(tiny_dataset: Path, width):
    client = create_app(tiny_dataset, watch=False).server.test_client()
    answer = client.get("/_dash-layout?actor=%ZZ&from=bogus", headers={WIDTH_HEADER: width})
    assert answer.status_code == 200
    assert _find(answer.get_json(), ids.FIRST_VIEW)["data"] is None


def test_any_query_still_loads_a_page_with_its_view(tiny_dataset: Path):
    client = create_app(tiny_dataset, watch=False).server.test_client()
    for query in (
        "?actor=%ZZ&from=bogus&axis=sideways",
        "?q=" + "x" * 100_000,
        "?event=nowhere",
        "?window=2000-01-01..1990-01-01",
    ):
        answer = client.get(f"/_dash-layout{query}", headers={WIDTH_HEADER: "1280"})
        assert answer.status_code == 200
        assert _find(answer.get_json(), ids.FIRST_VIEW)["data"] is not None


def test_a_failing_first_view_still_loads_the_page(tiny_dataset: Path, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views_module, "render_view", broken)
    client = create_app(tiny_dataset, watch=False).server.test_client()
    answer = client.get("/_dash-layout?q=visit", headers={WIDTH_HEADER: "1280"})
    assert answer.status_code == 200
    assert _find(answer.get_json(), ids.FIRST_VIEW)["data"] is None
    # ...and the failure is in the log, with its traceback, not swallowed
    logged = [r for r in caplog.records if r.name == "timeline.web.first_view"]
    assert logged and all("?q=visit" in r.getMessage() for r in logged)
    assert all(r.exc_info and "boom" in str(r.exc_info[1]) for r in logged)


def test_static_files_are_compressed_once_and_served_whole(tiny_dataset: Path):
    import brotli

    app = create_app(tiny_dataset, watch=False)
    client = app.server.test_client()
    index = client.get("/").get_data(as_text=True)
    bundle = re.search(r'<link rel="preload" as="script" href="([^"]+)"', index).group(1)
    script = next(s for s in re.findall(r'src="([^"]+)"', index) if "dash_core" in s)
    part = client.get(bundle, headers={"Accept-Encoding": "br", "Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.data) == 100  # a range is never compressed
    for url in (bundle, script):
        whole = client.get(url).data
        for _ in range(2):  # the second answer comes from the kept bytes: the same body
            br = client.get(url, headers={"Accept-Encoding": "br"})
            assert br.headers["Content-Encoding"] == "br"
            assert brotli.decompress(br.data) == whole
        gz = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.data) == whole


def test_only_whole_static_files_are_kept(tiny_dataset: Path):
    from timeline.web.static_cache import NOT_KEPT, StaticCache, static_key

    server = create_app(tiny_dataset, watch=False).server
    cases = [
        ("GET", "/assets/style.css?m=1", {}, True),
        ("GET", "/_dash-component-suites/dash/dcc/async-graph.js", {}, True),
        ("GET", "/assets/style.css", {"Range": "bytes=0-9"}, False),
        ("GET", "/_dash-layout", {}, False),
        ("POST", ENDPOINT, {}, False),
        ("GET", "/article/a", {}, False),
    ]
    for method, path, headers, expected in cases:
        with server.test_request_context(path, method=method, headers=headers):
            assert (static_key(flask.request) != NOT_KEPT) is expected, path
    with server.test_request_context("/assets/style.css?m=2"):
        same = static_key(flask.request)
    with server.test_request_context("/assets/style.css?m=1"):
        assert static_key(flask.request) == same  # any query: one entry per file, not per URL
    cache = StaticCache()
    cache.set(f"br;{NOT_KEPT}", b"a layout")
    cache.set("br;/assets/style.css?m=1", b"kept")
    assert cache.get(f"br;{NOT_KEPT}") is None and cache.get("br;/assets/style.css?m=1") == b"kept"
