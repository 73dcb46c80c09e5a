"""The provenance panel: every excerpt, in its paragraph, marked; markup shown as text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import ARTICLE_A, EVENTS, EXCERPTS
from dash import html

from timeline.load.loader import load_dataset
from timeline.web.components.details import event_details, marked


def walk(node):  # type: ignore[no-untyped-def]
    """Every component and string in a tree."""
    yield node
    children = getattr(node, "children", None)
    if isinstance(node, list):
        children = node
    if children is None or isinstance(children, str):
        if isinstance(children, str):
            yield children
        return
    for child in children if isinstance(children, list) else [children]:
        yield from walk(child)


def texts(tree) -> list[str]:  # type: ignore[no-untyped-def]
    return [n for n in walk(tree) if isinstance(n, str)]


def test_marked_wraps_only_the_span() -> None:
    parts = marked("abcdef", 2, 4)
    assert parts[0] == "ab" and parts[2] == "ef"
    assert isinstance(parts[1], html.Mark) and parts[1].children == "cd"


def test_details_show_everything_about_the_event(tiny_dataset: Path) -> None:
    ds = load_dataset(tiny_dataset)
    tree = event_details(ds, "summit")
    all_text = " ".join(texts(tree))
    assert "Friendship renewed" in all_text
    assert "2 May 2001" in all_text
    assert "date stated in the sources" in all_text
    for name in ("Ruritania", "Freedonia", "League", "treaty"):
        assert name in all_text
    assert "A summit renews the friendship." in all_text
    assert "Old friends" in all_text and "[A rail story]" in all_text
    assert "May 2001" in all_text  # publication date of 'a'
    marks = [n for n in walk(tree) if isinstance(n, html.Mark)]
    quotes = [e["quote"] for e in EXCERPTS if e["event_id"] == "summit"]
    # each excerpt is marked in its paragraph; the whole article is sent only when opened
    assert len(marks) == len(quotes)
    assert marks[0].children == ARTICLE_A.split("\n")[2]  # curly quotes as the article has them
    details = [n for n in walk(tree) if isinstance(n, html.Details)]
    assert any("Read the whole article" in texts(d) for d in details)


def test_markup_in_data_is_text(make_dataset: Callable[..., Path]) -> None:
    title = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    events = [dict(EVENTS[0], title=title), *EVENTS[1:]]
    ds = load_dataset(make_dataset(events=events))
    tree = event_details(ds, "westphalia")
    headings = [n for n in walk(tree) if isinstance(n, html.H3)]
    assert headings[0].children == title  # a plain string child: Dash renders it as text
    assert not [n for n in walk(tree) if type(n).__name__ in ("Script", "Iframe", "Img")]


def test_unknown_event_says_so(tiny_dataset: Path) -> None:
    ds = load_dataset(tiny_dataset)
    assert "No event" in " ".join(texts(event_details(ds, "nope")))
