"""`timeline publish`: one self-contained page of a view, read as data (its browser behaviour is
tested in tests/browser/test_publish_browser.py)."""

from __future__ import annotations

import base64
import hashlib
import html as html_module
import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import ARTICLE_A, EXCERPTS

from timeline.cli import main
from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.publish.page import WIDTHS, publish_page, script_json
from timeline.query.facets import FIELDS
from timeline.query.filters import Filters
from timeline.query.view import VIEW_FIELDS, ViewState

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


def page_data(html: str) -> dict:
    """The page's embedded data, as its script reads it."""
    for match in SCRIPT.finditer(html):
        if 'id="timeline-data"' in match["attrs"]:
            return json.loads(match["body"])
    raise AssertionError("no data element")


def decoded(spec: dict) -> list:
    """A plotly.js typed-array spec as a list, as the page's script decodes it."""
    kinds = {"i1": "int8", "i2": "int16", "i4": "int32", "f8": "float64", "u1": "uint8"}
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=kinds[spec["dtype"]]).tolist()


def csp_of(html: str) -> str:
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert found
    return html_module.unescape(found.group(1))


def test_every_script_that_runs_is_allowed_by_its_hash_and_nothing_may_be_fetched(tiny_dataset):
    html = publish_page(load_dataset(tiny_dataset), ViewState()).html
    csp = csp_of(html)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert "connect-src" not in directives and "frame-src" not in directives  # both 'none'
    running = [m["body"] for m in SCRIPT.finditer(html) if "type=" not in m["attrs"]]
    assert len(running) == 2  # plotly.js and the page's own script
    hashes = {
        f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
        for body in running
    }
    assert set(directives["script-src"].split()) == hashes
    # nothing is loaded from anywhere: no external script, style, image or frame
    assert not re.search(r"<(script|img|iframe|link)[^>]+(src|href)=", html, re.I)


def test_markup_in_the_data_is_text_in_the_page(make_dataset):
    hostile = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
    events = [
        {
            "id": "westphalia",
            "date": "1648",
            "end_date": "",
            "title": f"Treaty {hostile}",
            "summary": hostile,
            "actors": "Ruritania",
            "themes": "treaty",
            "date_basis": "stated",
            "note": "",
        }
    ]
    folder = make_dataset(events=events, excerpts=[EXCERPTS[0]])
    html = publish_page(load_dataset(folder), ViewState()).html
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the list shows it as text
    data = page_data(html)
    assert data["events"][0]["title"] == f"Treaty {hostile}"  # and the data keeps it whole


def test_script_json_cannot_end_its_element():
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_only_the_paragraphs_that_hold_quotes_are_shipped(make_dataset):
    secret = "This paragraph is quoted by no event and must not be republished."
    folder = make_dataset(
        articles={"a.txt": ARTICLE_A + secret + "\n", "b.txt": "B text.\n"},
        excerpts=[*EXCERPTS[:2], EXCERPTS[3]],
    )
    html = publish_page(load_dataset(folder), ViewState()).html
    assert secret not in html
    data = page_data(html)
    quotes = [q for e in data["events"] for q in e["quotes"]]
    assert quotes
    for q in quotes:  # each quote is marked where it is in its paragraph
        assert q["context"][q["mark"][0] : q["mark"][1]] == q["text"]
        assert q["context"] in ARTICLE_A


def test_the_view_chooses_the_events_and_the_chart(tiny_dataset):
    dataset = load_dataset(tiny_dataset)
    view = ViewState(filters=Filters(themes=("trade",)), group="theme")
    page = publish_page(dataset, view)
    data = page_data(page.html)
    assert [e["id"] for e in data["events"]] == ["rail"] and page.events == 1
    assert data["group"] == "theme" and data["themes"] == ["trade"]
    assert [f["min"] for f in data["figures"]] == list(WIDTHS)
    for figure in data["figures"]:  # drawn at the width it was laid out for, never zoomed
        layout = figure["layout"]
        assert layout["width"] == figure["min"] and layout["xaxis"]["fixedrange"]
        rows = {r for t in figure["data"] if "customdata" in t for r in decoded(t["customdata"])}
        assert rows == {int(dataset.row_of("rail"))}
    assert "Rail link in service" in data["hover"][str(dataset.row_of("rail"))]


def test_the_fragment_speaks_the_apps_parameter_names():
    """The page's script reads and writes these names: they are the app's own."""
    params = {f.param for f in (*FIELDS, *VIEW_FIELDS)}
    script = (Path(__file__).parents[1] / "timeline/publish/static/publish.js").read_text()
    for name in ("actor", "theme", "q", "event"):
        assert name in params
        assert f'"{name}"' in script


def test_the_bundled_page_is_under_2_mb():
    page = publish_page(load_dataset(bundled_data()), ViewState())
    size = len(page.html.encode())
    assert size <= 2_000_000, size
    assert page.events == len(load_dataset(bundled_data()).events)


def test_cli_writes_the_page_and_prints_the_embed(tiny_dataset, tmp_path):
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["publish", "--data", str(tiny_dataset), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!doctype html>")
    assert f"wrote {out} (3 events, " in result.output
    snippet = result.output.split("embed it with:\n", 1)[1]
    assert '<iframe src="page.html"' in snippet and "timeline:height" in snippet


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["-o", "{tmp}/page.png"], 2, "name it .html"),
        (["--actor", "Nobody", "-o", "{tmp}/p.html"], 1, "unknown actor 'Nobody'"),
        (["--from", "1800", "--to", "1900", "-o", "{tmp}/p.html"], 1, "no events match"),
        (["-o", "{data}/events.csv.html"], 0, "wrote"),
    ],
)
def test_cli_refuses_what_it_cannot_publish(tiny_dataset, tmp_path, args, code, said):
    args = [a.format(tmp=tmp_path, data=tiny_dataset) for a in args]
    result = CliRunner().invoke(main, ["publish", "--data", str(tiny_dataset), *args])
    assert result.exit_code == code, result.output
    assert said in result.output
    assert "Traceback" not in result.output


def test_cli_never_overwrites_the_dataset(tiny_dataset):
    before = (tiny_dataset / "events.csv").read_bytes()
    target = tiny_dataset / "sources" / "a.html"
    result = CliRunner().invoke(main, ["publish", "--data", str(tiny_dataset), "-o", str(target)])
    assert result.exit_code == 1 and "part of the dataset" in result.output
    assert not target.exists() and (tiny_dataset / "events.csv").read_bytes() == before


def test_a_dense_view_keeps_its_counts_and_marks_no_cell_as_an_event(tmp_path):
    """Past the detail limit the chart counts events per lane and time bin: its cells hold
    counts, not event rows, so the page must neither fade them nor open an event from them."""
    from timeline.synth import generate_dataset

    dataset = load_dataset(generate_dataset(tmp_path / "big", events=4_000, seed=3))
    html = publish_page(dataset, ViewState()).html
    data = page_data(html)
    assert len(data["events"]) == 4_000
    for figure in data["figures"]:
        assert all(t.get("meta") != data["dots"] for t in figure["data"])
        cells = [t for t in figure["data"] if "customdata" in t]
        assert cells and all(t["hovertext"] for t in cells)  # their own hover, kept
        # events, not event-lane rows (most synthetic events have several lanes)
        assert "4,000 events in view" in figure["layout"]["legend"]["title"]["text"]
    assert "Too many events to draw one by one" in html


def test_the_readmes_fragment_example_opens_a_real_event():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    fragment = re.search(r"timeline\.html#([^`]+)`", readme)
    assert fragment
    params = dict(p.split("=", 1) for p in fragment.group(1).split("&"))
    dataset = load_dataset(bundled_data())
    assert dataset.row_of(params["event"]) is not None
    assert params["actor"] in dataset.actors


def test_a_draft_is_published_marked_as_one(tiny_dataset):
    plain = publish_page(load_dataset(tiny_dataset), ViewState()).html
    (tiny_dataset / "metadata.json").write_text('{"title": "T", "status": "draft"}')
    draft = publish_page(load_dataset(tiny_dataset), ViewState()).html
    assert "DRAFT" not in plain and "written by the dataset’s editor" in page_data(plain)["wrote"]
    assert 'class="draft-mark"' in draft and "not yet reviewed" in draft
    assert publish_page(load_dataset(tiny_dataset), ViewState()).title == "[DRAFT] T"
    assert "machine-made" in page_data(draft)["wrote"]


def test_the_chart_gives_advice_the_page_can_follow():
    """No zoom on the page: events left unlabelled are pointed to the list instead."""
    from timeline.chart.layout import note_text

    data = page_data(publish_page(load_dataset(bundled_data()), ViewState()).html)
    notes = [note_text(f["layout"]) for f in data["figures"]]
    notes = [n for n in notes if "not labelled" in n]
    assert notes  # the narrowest layouts cannot label all 28 events
    assert all("zoom in" not in n and "every event is in the list" in n for n in notes)
