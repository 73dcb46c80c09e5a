"""The CSV export: one row per excerpt, with what a spreadsheet user needs to cite it."""

from __future__ import annotations

import pandas as pd

from timeline.model.dataset import Dataset
from timeline.model.text import formula_like

SPREADSHEET_SAFE_HELP = (
    "For a CSV opened in a spreadsheet: write cells that begin with =, +, - or @ after an "
    "apostrophe, so they are shown as text, never run as formulas."
)
SPREADSHEET_SAFE_NOTE = (
    "cells that begin with =, +, - or @ are written after an apostrophe ('), which a "
    "spreadsheet does not show; other programs reading the CSV see it"
)


def events_table(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """One row per excerpt of each event (one row for an event without excerpts), with the
    article's title, publication date (and whether it was inferred), outlet, author, address
    and access date: what a spreadsheet user needs to cite it. The quote
    is the article's own text at the located span, so its typography is the article's."""
    base = events.assign(
        actors=events["actors"].map("; ".join), themes=events["themes"].map("; ".join)
    )
    columns = [
        "id", "date", "end_date", "date_label", "title", "summary", "actors", "themes",
        "date_basis", "note", "n_sources",
    ]  # fmt: skip
    base = base[columns].rename(columns={"id": "event_id"})
    base["event"] = events.index
    quotes = dataset.excerpts[dataset.excerpts["event"].isin(events.index)]
    cite = ["published_basis", "outlet", "author", "url", "accessed"]
    sources = dataset.sources[["id", "title", "published", *cite]].rename(
        columns={
            "id": "source_id",
            "title": "source_title",
            "published": "source_published",
            **{c: f"source_{c}" for c in cite},
        }
    )
    verbatim = [
        dataset.articles[source].text[start:end]
        for source, start, end in zip(
            quotes["source_id"], quotes["quote_start"], quotes["quote_end"], strict=True
        )
    ]
    quotes = quotes[["event", "source_id"]].assign(quote=verbatim)
    quotes = quotes.merge(sources, on="source_id", how="left")
    table = base.merge(quotes, on="event", how="left").drop(columns="event")
    text = [
        "source_id",
        "quote",
        "source_title",
        "source_published",
        *(f"source_{c}" for c in cite),
    ]
    return table.fillna(dict.fromkeys(text, ""))


def for_spreadsheets(table: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """``table`` with every text cell a spreadsheet would run as a formula (it begins with
    =, +, - or @: :func:`~timeline.model.text.formula_like`) written after an apostrophe,
    which spreadsheets take as "this is text" and do not show; and how many cells that was.

    Opt-in (``--spreadsheet-safe``): the apostrophe is part of the cell for any other reader,
    and a quote is otherwise written exactly as its article has it."""
    safe, changed = table.copy(), 0
    for column in table.columns:
        values = table[column]
        if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
            continue
        text = values.astype("str")
        risky = formula_like(text)
        if risky.any():
            safe[column] = values.where(~risky, "'" + text)
            changed += int(risky.sum())
    return safe, changed
