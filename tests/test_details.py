"""The provenance panel: every excerpt, in its paragraph, marked; markup shown as text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ARTICLE_A, EVENTS, EXCERPTS
from dash import html

from timeline.load.bundled import bundled_data
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


# A relative date's line quotes the expression it was read from, found in the note or the
# excerpts of any dataset; without one it says no more than that it was relative.
TALKS = "The envoys met in Geneva last month, officials said.\n"
BOTH = "Last week the envoys met again, two years ago they had not spoken.\n"
TALKS_EVENT = {
    "id": "talks",
    "date": "2001-04",
    "end_date": "",
    "title": "Envoys meet in Geneva",
    "summary": "",
    "actors": "Ruritania;Freedonia",
    "themes": "treaty",
    "date_basis": "relative",
    "note": "",
}


def basis_lines(tree) -> list[str]:  # type: ignore[no-untyped-def]
    """The date-basis text in the panel's header and in its record section."""
    return [
        "".join(texts(n))
        for n in walk(tree)
        if getattr(n, "className", None) in ("date-basis", "date-basis-text")
    ]


def relative_event(make_dataset: Callable[..., Path], note: str, article: str) -> list[str]:
    """The basis lines of a relative event quoted once, from ``article``, with ``note``."""
    sources = [
        {"id": "a", "title": "Old friends", "published": "2001-05", "file": "a.txt", "note": ""}
    ]
    folder = make_dataset(
        events=[dict(TALKS_EVENT, note=note)],
        excerpts=[{"event_id": "talks", "source_id": "a", "quote": article.strip()}],
        sources=sources,
        articles={"a.txt": article},
    )
    lines = basis_lines(event_details(load_dataset(folder), "talks"))
    assert len(lines) == 2 and lines[0] == f" · {lines[1]}"
    return lines


@pytest.mark.parametrize(
    ("note", "article", "expression"),
    [
        # the note quotes it, typographic or straight quotes (as `timeline draft` writes)
        ("a: ‘met in Geneva last month’, read against May 2001.", TALKS, "last month"),
        ("'last month' read against May 2001 → April 2001", TALKS, "last month"),
        ("The article says “in April”: the talks fell in April 2001.", TALKS, "in April"),
        ("‘Tuesday’ read against the publication.", TALKS, "Tuesday"),  # a name on its own
        # no note: the excerpt's one expression
        ("", TALKS, "last month"),
        # two in the excerpt: the one the note names
        ("Read 'two years ago' against May 2001.", BOTH, "two years ago"),
        ("The week is the one before publication (last week).", BOTH, "Last week"),
    ],
)
def test_a_relative_date_quotes_its_own_expression(
    make_dataset: Callable[..., Path], note: str, article: str, expression: str
) -> None:
    lines = relative_event(make_dataset, note, article)
    assert lines[1] == (f"date worked out from ‘{expression}’ in a source and its publication date")


@pytest.mark.parametrize(
    ("note", "article"),
    [
        ("", "The envoys met in Geneva, officials said.\n"),  # no expression anywhere
        ("Read against May 2001.", BOTH),  # two expressions, the note names neither
        ("‘officials said’", "The envoys met in Geneva, officials said.\n"),
    ],
)
def test_a_relative_date_without_a_findable_expression_invents_none(
    make_dataset: Callable[..., Path], note: str, article: str
) -> None:
    lines = relative_event(make_dataset, note, article)
    assert lines[1] == (
        "date worked out from a relative expression in a source and its publication date"
    )
    assert "‘" not in lines[1] and "e.g." not in lines[1] and "September" not in lines[1]


def test_stated_and_external_dates_say_so_whatever_their_wording(tiny_dataset: Path) -> None:
    ds = load_dataset(tiny_dataset)  # the summit's quote holds "2 May 2001", its note is empty
    assert basis_lines(event_details(ds, "summit"))[1] == "date stated in the sources"


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    folder = bundled_data()
    if not (folder / "events.csv").is_file():
        pytest.skip("the bundled dataset is not present")
    return load_dataset(folder)


def test_the_bundled_relative_dates_quote_their_expressions(bundled) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "2023-09-kim-fighter-jet-factory": "last September",
        "2023-kim-invites-putin": "last year",
        "2024-02-putin-gifts-kim-limousine": "in February",
        "2024-05-putin-xi-beijing": "Last month",
        "2024-06-18-putin-state-visit-north-korea": "on Tuesday",
    }
    relative = bundled.events[bundled.events["date_basis"] == "relative"]
    assert set(relative["id"]) == set(expected)
    for event_id, expression in expected.items():
        line = basis_lines(event_details(bundled, event_id))[1]
        assert line == f"date worked out from ‘{expression}’ in a source and its publication date"
        # verbatim: in the note's words or an excerpt's
        event = relative[relative["id"] == event_id].iloc[0]
        quotes = bundled.excerpts.loc[bundled.excerpts["event_id"] == event_id, "quote"]
        assert expression in event["note"] or any(expression in q for q in quotes)


def test_an_inferred_publication_date_is_said_as_everywhere_else() -> None:
    """The panel, the export's caption and the report say an inferred date one way."""
    from timeline.model.schema import inferred_note
    from timeline.web.components.details import source_header

    header = source_header(
        {"title": "Old friends", "published_label": "May 2001", "published_basis": "inferred"}
    )
    dates = [c.children for c in header.children if "source-date" in (c.className or "")]
    assert dates == [f"Published May 2001 ({inferred_note('inferred')})"]
    assert inferred_note("inferred") == "inferred: no dateline"
    assert inferred_note("printed") == inferred_note(None) == ""
