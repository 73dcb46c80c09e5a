"""Long lists of names are searched on the server: the page holds a few options, not all."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VOCABULARY
from hypothesis import given
from hypothesis import strategies as st

from timeline.web import ids
from timeline.web.app import create_app
from timeline.web.client import ENDPOINT, Callbacks
from timeline.web.controls import MAX_OPTIONS, offered

MANY = 3 * MAX_OPTIONS


def choices(n: int) -> list[dict[str, str]]:
    return [{"label": f"Actor {i:03d} of the north", "value": f"actor-{i:03d}"} for i in range(n)]


def test_a_short_list_is_offered_whole() -> None:
    few = choices(MAX_OPTIONS)
    assert offered(few, "zzz", ["nothing"]) == few


@given(
    st.one_of(st.none(), st.text(max_size=8), st.integers(), st.text(min_size=300)),
    st.one_of(st.none(), st.lists(st.sampled_from([c["value"] for c in choices(MANY)]))),
)
def test_a_long_list_offers_the_chosen_then_matches(search: object, chosen: object) -> None:
    every = choices(MANY)
    shown = offered(every, search, chosen)
    values = [c["value"] for c in shown]
    kept = list(dict.fromkeys(chosen or []))
    assert len(values) == len(set(values)) <= MAX_OPTIONS + len(kept)
    assert set(kept) <= set(values)  # a chosen name never disappears from its control
    assert all(c in every for c in shown)  # nothing invented
    needle = search.strip().casefold() if isinstance(search, str) and len(search) < 200 else ""
    others = [c for c in shown if c["value"] not in kept]
    assert all(needle in f"{c['label']}\n{c['value']}".casefold() for c in others)
    if isinstance(search, str) and search.strip().casefold() == "actor 1":
        assert others and all("actor 1" in c["label"].casefold() for c in others)


@pytest.fixture
def many_actors(make_dataset: Callable[..., Path]) -> Path:
    extra = [{"kind": "actor", "name": c["value"], "description": ""} for c in choices(MANY)]
    return make_dataset(vocabulary=[*VOCABULARY, *extra])


def dropdown(layout: object, component_id: str) -> dict:
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == component_id:
                return node["props"]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    raise LookupError(component_id)


def test_the_page_holds_a_few_and_finds_the_rest_as_the_user_types(many_actors: Path) -> None:
    app = create_app(many_actors, watch=False)
    client = app.server.test_client()
    page = client.get("/_dash-layout").get_json()
    actors = dropdown(page, ids.ACTORS)
    assert len(actors["options"]) == MAX_OPTIONS
    text = json.dumps(page)
    assert f"{MANY + 3:,} to choose from: type to find one." in text
    themes = dropdown(page, ids.THEMES)  # a short list stays whole, searched in the browser
    assert [o["value"] for o in themes["options"]] == ["treaty", "trade"]

    callbacks = Callbacks.of(client)
    output = f"{ids.ACTORS}.options"
    search, value = f"{ids.ACTORS}.search_value", f"{ids.ACTORS}.value"
    body = callbacks.payload(output, {search: "actor-14", value: ["Ruritania"]}, [search])
    reply = client.post(ENDPOINT, data=body, content_type="application/json")
    shown = [o["value"] for o in reply.get_json()["response"][ids.ACTORS]["options"]]
    assert shown == ["Ruritania", *(f"actor-{i}" for i in range(140, 150))]

    # a name chosen by a link (not among the first options) is offered once it is chosen
    body = callbacks.payload(output, {value: ["actor-149"]}, [value])
    reply = client.post(ENDPOINT, data=body, content_type="application/json")
    shown = [o["value"] for o in reply.get_json()["response"][ids.ACTORS]["options"]]
    assert shown[0] == "actor-149" and len(shown) == MAX_OPTIONS + 1


def test_a_short_list_is_never_rewritten(tiny_dataset: Path) -> None:
    app = create_app(tiny_dataset, watch=False)
    client = app.server.test_client()
    callbacks = Callbacks.of(client)
    search = f"{ids.ACTORS}.search_value"
    body = callbacks.payload(f"{ids.ACTORS}.options", {search: "x"}, [search])
    reply = client.post(ENDPOINT, data=body, content_type="application/json")
    assert reply.status_code == 200
    sent = reply.get_json().get("response", {})
    assert "options" not in sent.get(ids.ACTORS, {})  # the browser keeps and searches them all
