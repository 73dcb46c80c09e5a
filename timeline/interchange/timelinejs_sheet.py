"""TimelineJS's Google-Sheets template, saved as CSV, read into a
:class:`~timeline.interchange.slides.Timeline`, each problem located by line and column.

The template's header is ``Year, Month, Day, Time, End Year, End Month, End Day, End Time,
Display Date, Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail, Type,
Group, Background`` (newer copies add ``Alt Text`` after ``Media Thumbnail``). A row whose
Type is ``title`` is the timeline's title; ``era`` rows are left out, with a warning.
The file is read as the loader reads a dataset's tables (any of their encodings, quoted line
breaks, every malformed row located).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from timeline.interchange.slides import (
    Report,
    Slide,
    Timeline,
    checked_text,
    ends_before,
    html_text,
    iso_date,
)
from timeline.load.tables import Collector, Table, read_table
from timeline.model.problems import Problem
from timeline.model.schema import LIST_SEPARATOR, Column, TableSpec

TEMPLATE = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Alt Text", "Type", "Group", "Background",
)  # fmt: skip
REQUIRED = ("Year", "Headline")
START = ("Year", "Month", "Day")
END = ("End Year", "End Month", "End Day")


def sheet_spec(name: str) -> TableSpec:
    """The template as a table the loader's reader checks (Year and Headline required)."""
    return TableSpec(name, tuple(Column(c, c in REQUIRED, c) for c in TEMPLATE))


def read_sheet(path: Path) -> Timeline:
    """The timeline in the CSV file ``path``, with every problem found."""
    out = Collector()
    table = read_table(path.parent, sheet_spec(path.name), out)
    timeline = Timeline(problems=[_own_words(p) for p in out.problems])
    if table is None or any(c in table.absent for c in REQUIRED):
        return timeline  # the header is wrong: its rows would only repeat it
    for position, row in enumerate(table.frame.to_dict("records")):
        _row(timeline, table, position, row)
    if not timeline.slides and not timeline.errors:
        timeline.problems.append(Problem(path.name, "holds no event; expected a row per event"))
    return timeline


def _own_words(problem: Problem) -> Problem:
    """The table reader's warning about an unknown column, as it applies to an import."""
    kept = "it is kept as an extra column"
    if problem.severity == "warning" and kept in problem.message:
        message = problem.message.replace(kept, "it is not in the TimelineJS template: left out")
        return dataclasses.replace(problem, message=message)
    return problem


def _row(timeline: Timeline, table: Table, position: int, row: dict[str, str]) -> None:
    line = table.line(position)
    name = table.spec.file

    def report(column: str, message: str, value: object) -> None:
        timeline.problems.append(Problem(name, message, line=line, column=column))

    kind = row["Type"].strip().lower()
    if not any(row[c] for c in TEMPLATE if c in row):
        return  # a spreadsheet's empty row
    if kind == "title" and not timeline.title:
        timeline.title = _text(row, "Headline", report, prose=False)
        timeline.description = _text(row, "Text", report, prose=True)
        return
    if kind == "era":
        message = "an era is left out: a dataset holds events"
        timeline.problems.append(
            Problem(name, message, line=line, column="Type", severity="warning")
        )
        return
    slide = _slide(row, f"line {line}", report)
    if slide is not None:
        timeline.slides.append(slide)


def _slide(row: dict[str, str], where: str, report: Report) -> Slide | None:
    start = iso_date(*(row[c] for c in START), report, names=START)
    end: str | None = ""
    if any(row[c] for c in END):
        end = iso_date(*(row[c] for c in END), report, names=END)
        if end and start and ends_before(start, end):
            report(
                "End Year", f"{end} ends before the start, {start}; expected an end after it", None
            )
            end = None
    headline = _text(row, "Headline", report, prose=False)
    if not headline and not row["Headline"]:
        report("Headline", "missing; every event needs a title", None)
    group = _text(row, "Group", report, prose=False)
    if LIST_SEPARATOR in group:
        report("Group", f"{group!r}: a group name cannot contain ';'", None)
    if start is None or end is None or not headline:
        return None
    media = _text(row, "Media", report, prose=False)
    credit = _text(row, "Media Credit", report, prose=False)
    time = " – ".join(t for t in (row["Time"], row["End Time"]) if t)
    return Slide(
        where=where,
        start=start,
        end=end,
        headline=headline,
        text=_text(row, "Text", report, prose=True),
        group=group,
        display_date=_text(row, "Display Date", report, prose=False),
        time=checked_text(time, "Time", report, prose=False),
        media=f"{media} (credit: {credit})" if media and credit else media or credit,
    )


def _text(row: dict[str, str], column: str, report: Report, *, prose: bool) -> str:
    value = row.get(column, "")
    if pd.isna(value) or not value:
        return ""
    return checked_text(html_text(str(value), prose=prose), column, report, prose=prose)
