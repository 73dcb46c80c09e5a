"""A dataset of 40 crowded events, written for the label tests (not the bundled one)."""

from __future__ import annotations

from pathlib import Path

from conftest import write_dataset

ACTORS = ["Atlantis", "Borduria", "Syldavia", "Zubrowka", "Elbonia"]
THEMES = ["talks", "trade", "war", "aid"]
# 40 dates: clusters of same-day and neighbouring-day events, a few old ones, three precisions
DATES = [
    "1901", "1914-07", "1914-07-28", "1939-09-01", "1939-09-03", "1950", "1991-12",
    "2001-09-11", "2008-09-15", "2014-03",
] + [f"2024-06-{d:02d}" for d in (1, 1, 1, 2, 3, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 10, 10, 10)] + [
    "2024-06", "2024-05", "2024-05-20", "2024-05-20", "2024-05-21", "2023", "2023-11-30",
    "2023-12-01", "2023-12-01", "2023-12-02", "1962-10", "2024-06-10",
]  # fmt: skip


def crowded_dataset(root: Path, n: int = 40) -> Path:
    """``n`` events (at most 40) on few days, in several lanes, with long titles and one
    title that holds markup (it must be shown as text)."""
    article = "\n".join(f"Sentence number {i} reports event {i}." for i in range(n)) + "\n"
    events, excerpts = [], []
    for i, date in enumerate(DATES[:n]):
        actors = [ACTORS[i % 5]] + ([ACTORS[(i + 2) % 5]] if i % 3 == 0 else [])
        title = f"Event {i}: delegations of {' and '.join(actors)} meet to sign an accord"
        if i == 7:
            title = "<b>Bold</b> & <script>x()</script> summit"
        events.append(
            {
                "id": f"e{i:02d}",
                "date": date,
                "end_date": "",
                "title": title,
                "summary": "",
                "actors": ";".join(actors),
                "themes": THEMES[i % 4],
                "date_basis": "stated",
                "note": "",
            }
        )
        excerpts.append(
            {"event_id": f"e{i:02d}", "source_id": "a", "quote": f"Sentence number {i} reports"}
        )
    vocabulary = [{"kind": "actor", "name": a, "description": ""} for a in ACTORS] + [
        {"kind": "theme", "name": t, "description": ""} for t in THEMES
    ]
    sources = [{"id": "a", "title": "Wire", "published": "2024-06", "file": "a.txt", "note": ""}]
    return write_dataset(
        root,
        events=events,
        excerpts=excerpts,
        sources=sources,
        vocabulary=vocabulary,
        articles={"a.txt": article},
    )
