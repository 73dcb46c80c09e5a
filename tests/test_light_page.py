"""A light page: the small plotly bundle, compressed responses."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs_version

from timeline.synth import generate_dataset
from timeline.web import ids
from timeline.web.app import create_app
from timeline.web.client import ENDPOINT, Callbacks

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "assets" / "vendor"
BOTH = {"Accept-Encoding": "gzip, br"}


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
    scripts = re.findall(r'src="([^"]+\.js[^"]*)"', client.get("/").get_data(as_text=True))
    assert any("assets/vendor/plotly-cartesian" in s for s in scripts)
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
