"""A small draft, as `timeline draft` writes one (with proposed groups), in tmp_path."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ARTICLES = {
    "a1": (
        "Leaders meet in the capital\n"
        "The two leaders met on 19 June 2024 in the capital.\n"
        "They signed a <b>partnership</b> treaty.\n"
        "A first treaty was signed in 1961.\n"
    ),
    "a2": (
        "Summit report\n"
        "On 19 June 2024 the summit opened with a parade.\n"
        "Officials said the treaty of 2000 was replaced.\n"
    ),
}
EVENTS = [
    (
        "e1",
        "2024-06-19",
        "The two leaders met",
        "Russia;North Korea",
        "g1",
        "same day, same actors",
    ),
    ("e2", "2024-06-19", "The summit opened", "unassigned", "g1", "same day, same actors"),
    ("e3", "1961", "A first treaty", "unassigned", "", ""),
    ("e4", "2000", "<script>alert(1)</script> treaty of 2000", "unassigned", "", ""),
]
QUOTES = {
    "e1": ("a1", "The two leaders met on 19 June 2024 in the capital."),
    "e2": ("a2", "On 19 June 2024 the summit opened with a parade."),
    "e3": ("a1", "A first treaty was signed in 1961."),
    "e4": ("a2", "Officials said the treaty of 2000 was replaced."),
}
EVENT_COLUMNS = [
    "id", "date", "end_date", "title", "summary", "actors", "themes", "date_basis", "note",
    "label", "importance", "group", "group_reason",
]  # fmt: skip


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_draft(folder: Path) -> Path:
    """Write the small draft into ``folder`` and return it."""
    (folder / "sources").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (folder / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    _write(
        folder / "sources.csv",
        ["id", "title", "published", "file"],
        [
            {"id": "a1", "title": "Leaders meet", "published": "2024-06-20", "file": "a1.txt"},
            {"id": "a2", "title": "Summit report", "published": "2024-06-20", "file": "a2.txt"},
        ],
    )
    events = [
        dict(
            zip(["id", "date", "title", "actors", "group", "group_reason"], e, strict=True),
            themes="unreviewed",
            date_basis="stated",
        )
        for e in EVENTS
    ]
    _write(
        folder / "events.csv",
        EVENT_COLUMNS,
        [{c: r.get(c, "") for c in EVENT_COLUMNS} for r in events],
    )
    _write(
        folder / "excerpts.csv",
        ["event_id", "source_id", "quote"],
        [{"event_id": e, "source_id": s, "quote": q} for e, (s, q) in QUOTES.items()],
    )
    vocabulary = [("actor", "Russia"), ("actor", "North Korea"), ("actor", "unassigned")]
    vocabulary += [("theme", "unreviewed"), ("theme", "diplomacy")]
    _write(
        folder / "vocabulary.csv",
        ["kind", "name", "description"],
        [{"kind": k, "name": n, "description": ""} for k, n in vocabulary],
    )
    return folder


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    return write_draft(tmp_path / "draft")
