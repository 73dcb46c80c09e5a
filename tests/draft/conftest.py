"""Shared fixtures for the draft tests: a small input folder of .txt and .html articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.draft.extract import draft_text
from timeline.draft.resolve import Published

HTML_ARTICLE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Chile and Peru sign a grain deal | The Daily Ledger</title>
<meta property="og:title" content="Chile and Peru sign a grain deal">
<meta property="og:site_name" content="The Daily Ledger">
<meta name="author" content="Ada Quill">
<meta property="article:published_time" content="2023-07-18T09:30:00+00:00">
<link rel="canonical" href="https://ledger.example.com/world/2023/grain-deal">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Chile and Peru sign a grain deal</h1>
<p>Chile and Peru signed a grain agreement in the capital on Monday, ending a dispute
that had closed the border crossings for most of the spring.</p>
<p>The two governments first discussed the deal last October, when Chilean farmers blocked
the main highway for a week and the price of bread doubled in the northern provinces.</p>
<p>Officials said the first shipments would leave the port next month, and a review of the
agreement is planned for March 2025 at the latest.</p>
<p>Relations between the neighbours have been tense over two decades, since the border treaty
of 22 July 2001 left the river islands in dispute.</p>
</article>
<footer>Copyright The Daily Ledger</footer>
</body></html>
"""

TEXT_ARTICLE = (
    "Peru opens new port\n"
    "\n"
    "Peru opened its new deep-water port on 4 May 2023, the government said.\n"
    "The port was first planned in 1998. Prime Minister Theresa May once visited the site.\n"
    "Officials may extend the quay, which can handle 2,000 ships and 5,000 megawatts of power.\n"
)


@pytest.fixture
def articles_in(tmp_path: Path) -> Path:
    """An input folder: one HTML page and one text file, no sources.csv, no vocabulary."""
    folder = tmp_path / "in"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "grain-deal.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (folder / "sources" / "port.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    return folder


def read(text: str, published: str | None = "2023-07-18"):
    """(dates, reasons) of a text: dates as (iso, end iso, basis); reasons of undated mentions."""
    candidates, skipped = draft_text(text, Published.parse(published) if published else None)
    dates = [(c.dated.date.iso, c.dated.end.iso if c.dated.end else "", c.dated.basis)
             for c in candidates]  # fmt: skip
    return dates, [(s.mention.text, s.reason) for s in skipped]


def only_date(text: str, published: str | None = "2023-07-18") -> str:
    """The one date drafted from ``text``."""
    dates, reasons = read(text, published)
    assert len(dates) == 1, (dates, reasons)
    return dates[0][0]
