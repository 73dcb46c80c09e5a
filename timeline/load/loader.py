"""Load and validate a dataset folder: the one place that parses the files.

Every problem is collected before anything is raised (lazy validation), each located by file,
line, column and value, so a user fixes a broken dataset in one pass. Work is vectorised with
pandas/numpy; per-row Python runs only to locate problems and to match quotes.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.load.articles import isin, load_sources, locate_quotes
from timeline.load.citable import warn_uncitable
from timeline.load.tables import (
    WHITESPACE,
    Collector,
    Table,
    check_required_values,
    check_unique,
    outside_problem,
    read_table,
    validate_dates,
)
from timeline.load.text_cells import check_table_text
from timeline.model.columns import arrow_strings
from timeline.model.dataset import Dataset
from timeline.model.dates import PRECISION_DTYPE, date_labels, event_period
from timeline.model.metadata import METADATA_FILE, Metadata, read_metadata
from timeline.model.pack_format import is_packed
from timeline.model.problems import DatasetError, Problem
from timeline.model.quotes import Article
from timeline.model.schema import (
    DATE_BASES,
    EVENTS,
    EXCERPTS,
    LIST_SEPARATOR,
    SOURCES,
    SOURCES_DIR,
    VOCABULARY,
    VOCABULARY_KINDS,
)

_MAX_LISTED = 5


def load_metadata(root: Path, out: Collector) -> Metadata:
    """The dataset's ``metadata.json`` (a folder's or a pack's), its problems collected; one
    that is a link out of the dataset is not read."""
    outside = outside_problem(root, root / METADATA_FILE, METADATA_FILE)
    metadata, problems = (Metadata(), [outside]) if outside else read_metadata(root)
    for problem in problems:
        out.add(problem)
    return metadata


def _load_vocabulary(table: Table, out: Collector) -> tuple[tuple[str, ...], tuple[str, ...]]:
    frame = table.frame
    check_required_values(table, ("kind", "name"), out)
    bad_kind = ~frame["kind"].isin(VOCABULARY_KINDS) & (frame["kind"] != "")
    out.rows(table, bad_kind, "kind", f"expected one of: {', '.join(VOCABULARY_KINDS)}")
    dup = frame.duplicated(["kind", "name"], keep="first") & (frame["name"] != "")
    out.rows(table, dup, "name", "declared twice")
    bad_name = frame["name"].str.contains(LIST_SEPARATOR, regex=False)
    out.rows(table, bad_name, "name", f"a name cannot contain '{LIST_SEPARATOR}'")
    names = frame.loc[~dup & ~bad_name & (frame["name"] != "")]
    actors = tuple(names.loc[names["kind"] == "actor", "name"])
    themes = tuple(names.loc[names["kind"] == "theme", "name"])
    return actors, themes


def _split_names(
    table: Table, column: str, declared: tuple[str, ...], kind: str, out: Collector
) -> pd.DataFrame:
    """Long form (event row, name) of a ';'-list column, checking names against vocabulary.

    Each distinct list is split once (a million events name a few thousand combinations),
    then spread back to its rows in row order, as splitting every row would give."""
    encoded = pc.dictionary_encode(arrow_strings(table.frame[column]))
    parts = pc.split_pattern(encoded.dictionary, LIST_SEPARATOR)
    names = pc.utf8_trim(parts.flatten(), characters=WHITESPACE)
    parent = np.asarray(pc.list_parent_indices(parts), dtype="int64")
    named = np.asarray(pc.not_equal(names, ""), dtype=bool)
    names, parent = names.filter(named), parent[named]
    vocabulary = pa.array(list(declared), type=pa.large_string())
    distinct = np.asarray(pc.index_in(names, value_set=vocabulary).fill_null(-1), dtype="int64")
    # a name listed twice in one list is kept once, where it first comes
    key = parent * (len(declared) + 1) + distinct
    _, first = np.unique(key, return_index=True)
    once = np.zeros(len(key), dtype=bool)
    once[first] = True
    # each row's entries: its list's run of the long form, in order
    per_list = np.bincount(parent, minlength=len(encoded.dictionary))
    which = np.asarray(encoded.indices, dtype="int64")
    count = per_list[which]
    rows = np.repeat(np.arange(len(which), dtype="int64"), count)
    start = np.repeat((np.cumsum(per_list) - per_list)[which], count)
    entry = start + np.arange(len(rows), dtype="int64") - np.repeat(np.cumsum(count) - count, count)
    codes, once = distinct[entry], once[entry]
    unknown = codes < 0
    if unknown.any():
        listed = min(int(unknown.sum()), out.room)  # past the cap, no hint is worked out
        out.skip(int(unknown.sum()) - listed)
        bad_rows = rows[unknown][:listed]
        bad_names = names.take(pa.array(entry[unknown][:listed])).to_pylist()
        for pos, name in zip(bad_rows, bad_names, strict=True):
            close = difflib.get_close_matches(name, declared, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            out.add(
                Problem(
                    table.spec.file,
                    f"unknown {kind}: not declared in vocabulary.csv{hint}",
                    line=table.line(int(pos)),
                    column=column,
                    value=name,
                )
            )
    keep = ~unknown & once
    return pd.DataFrame(
        {
            "event": rows[keep],
            kind: pd.Categorical.from_codes(codes[keep], categories=list(declared)),
        }
    )


def _load_events(
    table: Table, actors: tuple[str, ...], themes: tuple[str, ...], out: Collector
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frame = table.frame
    check_required_values(table, ("id", "title"), out)
    check_unique(table, "id", out)
    start = validate_dates(table, "date", out, required=True)
    end = validate_dates(table, "end_date", out, required=False)
    backwards = start["valid"] & end["valid"] & (end["end"] <= start["start"])
    out.rows(
        table,
        backwards,
        "end_date",
        "end_date is before date; expected the end of the span on or after its start",
    )
    basis = frame["date_basis"]
    out.rows(
        table, ~basis.isin(DATE_BASES), "date_basis", f"expected one of: {', '.join(DATE_BASES)}"
    )
    importance = pd.to_numeric(frame["importance"], errors="coerce")
    out.rows(
        table,
        (frame["importance"] != "") & importance.isna(),
        "importance",
        "expected a number (higher is labelled first)",
    )
    event_actors = _split_names(table, "actors", actors, "actor", out)
    event_themes = _split_names(table, "themes", themes, "theme", out)

    events = frame.copy()
    events["start"], events["end"] = event_period(start, end)
    events["precision"] = start["precision"]
    events["end_precision"] = end["precision"]
    events["date_label"] = date_labels(start, end)
    # unknown values (already reported) become NaN: pandas 4 will raise on them
    known_basis = basis.where(basis.isin(DATE_BASES))
    events["date_basis"] = pd.Categorical(known_basis, categories=list(DATE_BASES))
    events["actors"] = _lists(event_actors, "actor", len(events))
    events["themes"] = _lists(event_themes, "theme", len(events))
    return events, event_actors, event_themes


def _lists(long: pd.DataFrame, column: str, n: int) -> pd.Series:
    """Each event's names in file order, as lists built once per distinct combination.

    Events naming the same names share one list object (the frames are read-only by
    convention), so a million events cost a few thousand lists, not a million.
    """
    order = np.argsort(long["event"].to_numpy(), kind="stable")
    event = long["event"].to_numpy()[order]
    codes = np.asarray(long[column].cat.codes.to_numpy()[order], dtype="int64")
    names = [str(name) for name in long[column].cat.categories]
    if not len(event):
        return pd.Series([[] for _ in range(n)], dtype=object)
    first = np.r_[0, np.flatnonzero(np.diff(event)) + 1]
    slot = np.arange(len(event)) - np.repeat(first, np.diff(np.r_[first, len(event)]))
    grid = np.full((n, int(slot.max()) + 1), -1, dtype="int64")
    grid[event, slot] = codes
    base = len(names) + 1
    if base ** grid.shape[1] < 2**62:  # one int64 per combination: far faster than rows
        key = (grid + 1) @ (base ** np.arange(grid.shape[1], dtype="int64"))
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        combos = grid[first]
    else:
        combos, inverse = np.unique(grid, axis=0, return_inverse=True)
    lists = np.empty(len(combos), dtype=object)
    lists[:] = [[names[c] for c in row if c >= 0] for row in combos.tolist()]
    return pd.Series(lists[inverse.reshape(-1)], dtype=object)


def _load_excerpts(
    table: Table,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    articles: dict[str, Article],
    out: Collector,
) -> pd.DataFrame:
    frame = table.frame
    check_required_values(table, ("event_id", "source_id", "quote"), out)
    # the row of the first event with that id, -1 for none
    event = pc.index_in(arrow_strings(frame["event_id"]), value_set=arrow_strings(events["id"]))
    event = np.asarray(event.fill_null(-1), dtype="int64")
    known_event = event >= 0
    out.rows(
        table,
        ~known_event & (frame["event_id"] != ""),
        "event_id",
        "no event with this id in events.csv",
    )
    known_source = isin(frame["source_id"], sources["id"])
    out.rows(
        table,
        ~known_source & (frame["source_id"] != ""),
        "source_id",
        "no source with this id in sources.csv",
    )

    checked, quote_start, quote_end = locate_quotes(frame["source_id"], frame["quote"], articles)
    missing = checked & (quote_start < 0)
    out.rows(
        table,
        missing,
        "quote",
        "quote not found in its article; quotes must be verbatim (straight or curly quotes and "
        "line breaks may differ, nothing else)",
    )
    excerpts = frame.copy()
    excerpts.insert(0, "event", event)
    excerpts["quote_start"] = quote_start
    excerpts["quote_end"] = quote_end
    return excerpts


def _warn_uncited(
    events: pd.DataFrame,
    excerpts: pd.DataFrame,
    sources: pd.DataFrame,
    out: Collector,
    sources_table: Table,
) -> None:
    # ids are unique and not empty here (or loading stopped): an event is cited when an
    # excerpt points at its row
    event = excerpts["event"].to_numpy()
    uncited_events = np.bincount(event[event >= 0], minlength=len(events)) == 0
    if uncited_events.any():
        ids = events.loc[uncited_events, "id"].tolist()
        listed = ", ".join(ids[:_MAX_LISTED]) + (" …" if len(ids) > _MAX_LISTED else "")
        out.add(
            Problem(
                EVENTS.file,
                f"{len(ids)} event(s) have no excerpt and will be shown without sources: {listed}",
                severity="warning",
            )
        )
    uncited = ~isin(sources["id"], excerpts["source_id"]) & (sources["id"] != "")
    for pos, source_id in zip(np.flatnonzero(uncited), sources.loc[uncited, "id"], strict=True):
        out.add(
            Problem(
                SOURCES.file,
                "article is never quoted in excerpts.csv",
                line=sources_table.line(int(pos)),
                column="id",
                value=source_id,
                severity="warning",
            )
        )


def _finish(
    events: pd.DataFrame,
    event_actors: pd.DataFrame,
    event_themes: pd.DataFrame,
    excerpts: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Count sources per event and sort events by time, renumbering the long-form tables."""
    per_event = excerpts.groupby("event")
    events = events.copy()
    events["n_sources"] = per_event["source_id"].nunique().reindex(range(len(events)), fill_value=0)
    events["n_excerpts"] = per_event.size().reindex(range(len(events)), fill_value=0)
    events["n_sources"] = events["n_sources"].astype("int64")
    events["n_excerpts"] = events["n_excerpts"].astype("int64")
    # arrow sorts strings by UTF-8 bytes, which is code point order, as Python does
    start = pa.array(events["start"].to_numpy())
    keys = pa.table({"start": start, "id": arrow_strings(events["id"])})
    order = np.asarray(
        pc.sort_indices(keys, sort_keys=[("start", "ascending"), ("id", "ascending")]),
        dtype="int64",
    )
    in_order = bool(np.array_equal(order, np.arange(len(order))))
    new_position = np.empty(len(order), dtype="int64")
    new_position[order] = np.arange(len(order))
    if not in_order:  # a file already in time order (the usual export) needs no copy
        events = events.iloc[order].reset_index(drop=True)
    events["precision"] = events["precision"].astype(PRECISION_DTYPE)

    def renumber(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        event = new_position[frame["event"].to_numpy()]
        frame["event"] = event
        if len(event) and np.any(event[1:] < event[:-1]):
            frame = frame.sort_values("event", kind="stable", ignore_index=True)
        return frame.reset_index(drop=True)

    return events, renumber(event_actors), renumber(event_themes), renumber(excerpts)


def load_dataset(folder: str | Path) -> Dataset:
    """Load a dataset folder, or a packed one (it holds ``manifest.json``), or raise
    :class:`DatasetError` listing every problem found."""
    root = Path(folder)
    out = Collector()
    if not root.is_dir():
        raise DatasetError([Problem(str(root), "no such dataset folder")])
    if is_packed(root):  # Parquet tables
        from timeline.load.packed import load_packed  # it builds on this module

        return load_packed(root)
    tables = {
        spec.file: read_table(root, spec, out) for spec in (VOCABULARY, SOURCES, EVENTS, EXCERPTS)
    }
    if not (root / SOURCES_DIR).is_dir():
        out.add(Problem(f"{SOURCES_DIR}/", "folder of article texts is missing"))
    if any(t is None for t in tables.values()):
        raise DatasetError(out.problems)
    for table in tables.values():
        check_table_text(table, out)

    metadata = load_metadata(root, out)
    actors, themes = _load_vocabulary(tables[VOCABULARY.file], out)
    sources, articles = load_sources(root, tables[SOURCES.file], out)
    events, event_actors, event_themes = _load_events(tables[EVENTS.file], actors, themes, out)
    excerpts = _load_excerpts(tables[EXCERPTS.file], events, sources, articles, out)
    if out.has_errors:
        raise DatasetError(out.problems)
    return assemble(
        root,
        out,
        (events, event_actors, event_themes),
        excerpts,
        sources=sources,
        sources_table=tables[SOURCES.file],
        vocabulary=tables[VOCABULARY.file].frame,
        articles=articles,
        names=(actors, themes),
        metadata=metadata,
    )


def assemble(
    root: Path,
    out: Collector,
    long: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    excerpts: pd.DataFrame,
    *,
    sources: pd.DataFrame,
    sources_table: Table,
    vocabulary: pd.DataFrame,
    articles: dict,
    names: tuple[tuple[str, ...], tuple[str, ...]],
    metadata: Metadata,
    located: Callable[[list[Problem]], list[Problem]] = list,
) -> Dataset:
    """The end of every load, from a folder or a pack, once its tables loaded without error:
    the warnings that need them all (uncited events, sources that cannot be cited), the
    events counted and put in time order, and the :class:`Dataset`. ``long`` is the events
    and their actor and theme rows; ``located`` says where each warning is (a pack's rows)."""
    _warn_uncited(long[0], excerpts, sources, out, sources_table)
    warn_uncitable(sources_table, out)
    events, event_actors, event_themes, excerpts = _finish(*long, excerpts)
    return Dataset(
        root=root,
        events=events,
        event_actors=event_actors,
        event_themes=event_themes,
        excerpts=excerpts,
        sources=sources,
        vocabulary=vocabulary,
        articles=articles,
        actors=names[0],
        themes=names[1],
        warnings=tuple(located(out.problems)),
        metadata=metadata,
    )
