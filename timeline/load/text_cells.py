"""The text rule (:mod:`timeline.model.text`) applied where a dataset's text comes in: every
cell and column name of every table, and every article, each refused character located.

Which columns are prose (tabs and line breaks allowed) is decided here, once: the free-text
columns and the ';'-lists, whose white space around each name is trimmed anyway. Every other
column (ids, names, titles, labels, dates, file names, addresses) is one line. Columns a
dataset adds beyond the format are prose: the loader keeps them as they are.
"""

from __future__ import annotations

import numpy as np

from timeline.load.tables import Collector, Table
from timeline.model.problems import Problem
from timeline.model.schema import EVENTS, EXCERPTS, SOURCES, VOCABULARY
from timeline.model.text import count_refused, expected, first_bad, formula_like, refused_rows

PROSE_COLUMNS: dict[str, frozenset[str]] = {
    EVENTS.file: frozenset({"summary", "note", "actors", "themes"}),
    EXCERPTS.file: frozenset({"quote"}),
    SOURCES.file: frozenset({"note"}),
    VOCABULARY.file: frozenset({"description"}),
}


def is_prose(table: Table, column: str) -> bool:
    """May this column's cells hold tabs and line breaks?"""
    return column in PROSE_COLUMNS.get(table.spec.file, ()) or column not in table.spec.names


def check_table_text(table: Table, out: Collector) -> None:
    """Report every cell (and column name) of ``table`` that breaks the text rule, located
    by line and column (a quote is reported, never cleaned, so it stays verbatim), and warn
    of cells a spreadsheet would run as formulas."""
    for name in table.frame.columns:
        bad = first_bad(str(name))
        if bad is not None:
            message = f"column name: {bad.describe()}; {expected(prose=False)}"
            out.add(Problem(table.spec.file, message, line=table.line(-1), value=str(name)))
    for column in table.frame.columns:
        if column in table.absent:
            continue
        prose = is_prose(table, column)
        rows = refused_rows(table.frame[column], prose=prose)
        listed = rows[: out.room]
        out.skip(len(rows) - len(listed))
        values = table.frame[column]
        for pos in listed:
            value = str(values.iloc[int(pos)])
            found = first_bad(value, prose=prose)
            if found is None:  # cannot be: arrow and Python read the same rule
                continue
            out.add(
                Problem(
                    table.spec.file,
                    f"{found.describe()}; {expected(prose=prose)}",
                    line=table.line(int(pos)),
                    column=str(column),
                    value=value,
                )
            )
    warn_formula_cells(table, out)


def warn_formula_cells(table: Table, out: Collector) -> None:
    """One warning per table that holds cells a spreadsheet would run as formulas (they
    begin with =, +, - or @), with their count and the first one's place. They are kept
    verbatim; the CSV export writes them safely when asked (``--spreadsheet-safe``)."""
    first, count = None, 0
    for column in table.frame.columns:
        rows = np.flatnonzero(formula_like(table.frame[column]))
        if len(rows):
            count += len(rows)
            if first is None or rows[0] < first[0]:
                first = (int(rows[0]), str(column))
    if first is None:
        return
    row, column = first
    out.add(
        Problem(
            table.spec.file,
            f"{count} cell(s) begin with =, +, - or @ (the first here); a spreadsheet opening "
            "a CSV export may run such a cell as a formula: export with --spreadsheet-safe",
            line=table.line(row),
            column=column,
            value=str(table.frame[column].iloc[row]),
            severity="warning",
        )
    )


def check_article_text(text: str, name: str, out: Collector) -> None:
    """Report the first character of an article that breaks the text rule, by line and
    column, and how many more there are: its quoted spans are shown verbatim in reports and
    exports, so the article is fixed, never cleaned."""
    found = first_bad(text, prose=True)
    if found is None:
        return
    start = found.position - 1
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    more = count_refused(text, prose=True) - 1
    others = f" (and {more} more in this file)" if more else ""
    out.add(
        Problem(
            name,
            f"{found.code} ({found.kind}) at column {column}{others}; {expected(prose=True)}",
            line=line,
        )
    )
