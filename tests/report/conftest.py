"""A small dataset with markup in its titles, quotes and notes, written in the test, and the
readers' helpers shared by the format tests."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EVENTS as BASE_EVENTS
from conftest import EXCERPTS as BASE_EXCERPTS
from conftest import VOCABULARY, write_dataset

# skipped without Chromium locally, an error under CI=true (the rule in tests/conftest.py)
needs_chromium = pytest.mark.chromium

SCRIPT = "<script>window.pwned=1</script>"
IMG = '<img src=x onerror="window.pwned=2">'
ARTICLE_A = (
    f"Leaders of Ruritania and Freedonia met in 1648 to sign the {SCRIPT} treaty & *sea* pact.\n"
    "In March 1990 the two states opened a rail link.\n"
    "# Not a heading: 1. not a list - nor a bullet > nor a quote | nor | a table.\n"
    f"Ruritania’s envoy said the “old friendship” was renewed on 2 May 2001 {IMG}.\n"
)
ARTICLE_B = (
    "The rail link, opened in March 1990, carried goods for a decade.\n"
    "A summit on 2 May 2001 renewed the old friendship [see](javascript:alert(1)).\n"
)
# sources.csv lists b before a: excerpts within an event follow this order
SOURCES = [
    {
        "id": "b",
        "title": "[A rail story]",
        "published": "2001",
        "file": "b.txt",
        "note": "",
        "outlet": "Rail *Weekly*",
        "author": "",
        "url": "https://example.org/rail?<b>x</b>",
        "accessed": "",
        "published_basis": "printed",
    },
    {
        "id": "a",
        "title": "<i>Old</i> friends & allies",
        "published": "2001-05",
        "file": "a.txt",
        "note": "No dateline; <b>dated</b> from the summit it reports.",
        "outlet": "The <b>Daily</b>",
        "author": "Jo _Bloggs_",
        "url": "https://example.org/old-friends",
        "accessed": "2024-06-20",
        "published_basis": "inferred",
    },
]
EVENT_COLUMNS = [
    "id", "date", "end_date", "title", "summary", "actors", "themes", "date_basis", "note",
]  # fmt: skip
EVENTS = [
    {
        "id": "westphalia",
        "date": "1648",
        "end_date": "",
        "title": f"{SCRIPT} Treaty of *Westphalia* [by the sea](http://example.org)",
        "summary": "# The two states sign a treaty. 1. Not a list <em>editor</em>",
        "actors": "Ruritania;Freedonia",
        "themes": "treaty",
        "date_basis": "stated",
        "note": "Year stated in the article; day from <b>public</b> record (Treaty Series No. 1).",
    },
    {
        "id": "rail",
        "date": "1990-03",
        "end_date": "2000",
        "title": "Rail link in service",
        "summary": "A rail link carries goods.",
        "actors": "Ruritania;Freedonia",
        "themes": "trade",
        "date_basis": "relative",
        "note": "",
    },
    {
        "id": "summit",
        "date": "2001-05-02",
        "end_date": "",
        "title": f"Friendship renewed {IMG}",
        "summary": "- A summit renews the friendship > all",
        "actors": "Ruritania;Freedonia;League",
        "themes": "treaty",
        "date_basis": "external",
        "note": "Public record: summit communiqué of 2 May 2001.",
    },
]
EXCERPTS = [
    {
        "event_id": "westphalia",
        "source_id": "a",
        "quote": f"Leaders of Ruritania and Freedonia met in 1648 to sign the {SCRIPT} treaty & "
        "*sea* pact.",
    },
    {
        "event_id": "rail",
        "source_id": "a",
        "quote": "In March 1990 the two states opened a rail link.",
    },
    {
        "event_id": "rail",
        "source_id": "b",
        "quote": "The rail link, opened in March 1990, carried goods for a decade.",
    },
    {  # listed before the earlier passage of the same article: shown after it
        "event_id": "summit",
        "source_id": "a",
        "quote": f'Ruritania\'s envoy said the "old friendship" was renewed on 2 May 2001 {IMG}.',
    },
    {
        "event_id": "summit",
        "source_id": "a",
        "quote": "# Not a heading: 1. not a list - nor a bullet > nor a quote | nor | a table.",
    },
    {
        "event_id": "summit",
        "source_id": "b",
        "quote": "A summit on 2 May 2001 renewed the old friendship [see](javascript:alert(1)).",
    },
]

# What every format must show, in this order: (date as written, title), and per event its
# quotes as the article prints them (typographic quotes included) with citation numbers.
# Citation numbers: a is first quoted (by the first event), so a = 1 and b = 2.
A_1648 = f"Leaders of Ruritania and Freedonia met in 1648 to sign the {SCRIPT} treaty & *sea* pact."
A_RAIL = "In March 1990 the two states opened a rail link."
A_HEADING = "# Not a heading: 1. not a list - nor a bullet > nor a quote | nor | a table."
A_ENVOY = f"Ruritania’s envoy said the “old friendship” was renewed on 2 May 2001 {IMG}."
B_RAIL = "The rail link, opened in March 1990, carried goods for a decade."
B_SUMMIT = "A summit on 2 May 2001 renewed the old friendship [see](javascript:alert(1))."
EXPECTED = [
    ("1648", EVENTS[0]["title"], [(A_1648, 1)]),
    ("March 1990 – 2000", "Rail link in service", [(B_RAIL, 2), (A_RAIL, 1)]),
    ("2 May 2001", EVENTS[2]["title"], [(B_SUMMIT, 2), (A_HEADING, 1), (A_ENVOY, 1)]),
]
SOURCE_TITLES = {1: SOURCES[1]["title"], 2: SOURCES[0]["title"]}


def write_report_dataset(root: Path) -> Path:
    """The markup-laden dataset above, as a folder (written by the suite's own writer)."""
    return write_dataset(
        root,
        events=[{c: e[c] for c in EVENT_COLUMNS} for e in EVENTS],
        excerpts=EXCERPTS,
        sources=SOURCES,
        vocabulary=VOCABULARY,
        articles={"a.txt": ARTICLE_A, "b.txt": ARTICLE_B},
    )


def write_many_lanes_dataset(root: Path, lanes: int = 40) -> Path:
    """A dataset with ``lanes`` more actors, one charter each across three centuries (some
    shared with Ruritania): a chart far taller than a page, whatever its width."""
    names = [f"Province {chr(65 + k % 26)}{k // 26 or ''}" for k in range(lanes)]
    events = [{c: e[c] for c in EVENT_COLUMNS} for e in BASE_EVENTS]
    events += [
        {
            "id": f"charter-{k}",
            "date": f"{1700 + 7 * k}-0{1 + k % 9}",
            "end_date": "",
            "title": f"Charter of {name} granted",
            "summary": "A charter.",
            "actors": f"{name};Ruritania" if k % 5 == 0 else name,
            "themes": "treaty" if k % 2 else "trade",
            "date_basis": "stated",
            "note": "",
        }
        for k, name in enumerate(names)
    ]
    vocabulary = VOCABULARY + [
        {"kind": "actor", "name": n, "description": "A province"} for n in names
    ]
    return write_dataset(root, events=events, excerpts=BASE_EXCERPTS, vocabulary=vocabulary)


@pytest.fixture(scope="session")
def report_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report_dataset(tmp_path_factory.mktemp("report") / "data")


@pytest.fixture(scope="session")
def dataset(report_data: Path):  # type: ignore[no-untyped-def]
    from timeline.load.loader import load_dataset

    return load_dataset(report_data)


def flat(text: str) -> str:
    """Text as a reader sees it: compatibility forms folded (ligatures), one space per run."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def assert_in_order(text: str, needles: list[str]) -> None:
    """Each needle occurs in ``text``, after the previous one."""
    at = 0
    for needle in needles:
        found = text.find(needle, at)
        assert found >= 0, f"{needle!r} not found (in order) in {text[at : at + 400]!r}…"
        at = found + len(needle)


def expected_sequence(expected=EXPECTED, *, cite: Callable[[str, int], str]) -> list[str]:
    """Dates, titles and cited quotes of the expected events, in reading order."""
    out: list[str] = []
    for date, title, quotes in expected:
        out += [date, title]
        out += [cite(quote, number) for quote, number in quotes]
    return out


def plain_cite(quote: str, number: int) -> str:
    return flat(f"{quote} [{number}]")
