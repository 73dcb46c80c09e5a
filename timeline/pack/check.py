"""A pack's rules checked where it lies, as queries on an engine: a pack too large to load is
checked in the memory of its small tables.

``timeline check PACK`` (DuckDB by default, Spark with ``--engine``) checks, with no loop
per row in Python and no table of events or excerpts loaded:

- the files, as every reader of a pack does: the manifest, and each file's bytes (SHA-256),
  rows and columns; then the sources, the vocabulary and the metadata, as the loader checks
  them (they are small);
- the events the engines read (``query_events.parquet``): each has an id, once, and a title;
  its period ends after it starts; ``row`` numbers them 0, 1, 2, … in time order (by start,
  then id); every actor and theme is one the vocabulary declares;
- the excerpts (``query_excerpts.parquet``): each names a known event, with that event's row,
  and a known source with a text; its quote stands at its offsets in that text, up to
  typographic quotes and white space, as the loader locates quotes;
- a warning for each event no excerpt cites.

Problems are located as in any pack: the file, the row (1 is the first), the column and the
value; the first thousand are listed, the rest counted. What the pack's writer
checked when it wrote the tables is not checked again: the date text behind each period
(``timeline pack`` loads the folder first; ``timeline synth`` writes only valid parts).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import pandas as pd

from timeline.load.pack_files import AGAIN, check_pack_files
from timeline.load.packed import SMALL_TABLES, Catalogue, load_catalogue
from timeline.load.tables import Collector
from timeline.model.dataset import counted, span_label
from timeline.model.pack_format import (
    PACKED_EVENTS,
    PACKED_EXCERPTS,
    PACKED_SOURCES,
    PACKED_TEXTS,
    QUERY_FILES,
)
from timeline.model.problems import DatasetError, Problem, shorten
from timeline.model.quotes import DOUBLE_QUOTES, SINGLE_QUOTES, WHITE_SPACE
from timeline.query.ibis_engine import ENGINES, backend

EVENTS_FILE, EXCERPTS_FILE = QUERY_FILES["events"], QUERY_FILES["excerpts"]


@dataclass(frozen=True)
class PackSummary:
    """What ``timeline check`` says of a pack that passes: as a loaded dataset says it."""

    events: int
    sources: int
    excerpts: int
    actors: int
    themes: int
    first: str | None
    last: str | None

    def __str__(self) -> str:
        span = "no dates" if self.first is None else span_label(self.first, self.last or "")
        return (
            f"{counted(self.events, 'event')}, {counted(self.sources, 'source')}, "
            f"{counted(self.excerpts, 'excerpt')}, {counted(self.actors, 'actor')}, "
            f"{counted(self.themes, 'theme')}; {span}"
        )


def check_pack(root: Path, *, engine: str = "duckdb") -> tuple[PackSummary, list[Problem]]:
    """Check the pack in ``root`` on ``engine``: its summary and warnings, or
    :class:`DatasetError` with every problem found (the listed ones, the rest counted)."""
    out = Collector()
    if not (engine in ENGINES or engine.startswith("spark://")):
        expected = "expected duckdb, spark or spark://HOST:PORT"
        raise DatasetError([Problem("--engine", f"unknown engine {engine!r}; {expected}")])
    _, read = check_pack_files(root, out, read=SMALL_TABLES)
    if out.has_errors or len(read) < len(SMALL_TABLES):
        raise DatasetError(out.problems)
    catalogue = load_catalogue(root, read, out)
    if out.has_errors:
        raise DatasetError(out.problems)
    con = backend(engine)
    try:
        tables = _Tables(
            events=_with_lines(con, root / EVENTS_FILE),
            excerpts=_with_lines(con, root / EXCERPTS_FILE),
            texts=_with_lines(con, root / PACKED_TEXTS.file),
            main_events=_with_lines(con, root / PACKED_EVENTS.file),
            main_excerpts=_with_lines(con, root / PACKED_EXCERPTS.file),
            sources=ibis.memtable(
                {
                    "id": catalogue.sources["id"].astype("str").tolist(),
                    "line": list(range(1, len(catalogue.sources) + 1)),
                }
            ),
        )
        _check_nulls(tables, out)
        if not out.has_errors:  # the rules compare values: a null compares as nothing
            _check_events(tables, catalogue, out)
            _check_excerpts(tables, out)
            _check_in_step(tables, out)
            _check_texts(tables, out)
        if out.has_errors:
            raise DatasetError(out.problems)
        return _summary(tables, catalogue), out.problems
    except DatasetError:
        raise
    except Exception as exc:  # the engine's own failure (a file or a type it cannot read)
        reason = shorten(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc))
        problem = Problem(str(root), f"{engine} could not check the pack: {reason}")
        raise DatasetError([problem]) from None
    finally:
        if engine == "duckdb":  # a Spark session is the process's own, kept for the next
            con.disconnect()


@dataclass(frozen=True)
class _Tables:
    """The pack's tables on the engine, each with ``line``, each row's place in its file (1
    is the first)."""

    events: Any  # query_events: row, id, title, summary, start, end, actors, themes
    excerpts: Any  # query_excerpts: event, event_id, source_id, quote, quote_start, quote_end
    texts: Any  # texts.parquet: source_id, text
    main_events: Any  # events.parquet: what the loader reads, dates as written
    main_excerpts: Any  # excerpts.parquet
    sources: Any  # id


# the columns of the query tables that must hold a value in every row
_REQUIRED = {
    "events": ("row", "id", "title", "start", "end"),
    "excerpts": ("event", "event_id", "source_id", "quote", "quote_start", "quote_end"),
}


def _check_nulls(t: _Tables, out: Collector) -> None:
    """Every value the engines need is there (a null is no id, no period, no quote)."""
    message = f"empty (null); expected a value: {AGAIN}"
    e = t.events
    for column in _REQUIRED["events"]:
        _report(out, e.filter(e[column].isnull()), EVENTS_FILE, column, message, value="id")
    for column in ("actors", "themes"):
        named = e.select(e.line, name=e[column].unnest())
        _report(out, named.filter(named.name.isnull()), EVENTS_FILE, column, message, value="name")
    x = t.excerpts
    for column in _REQUIRED["excerpts"]:
        _report(out, x.filter(x[column].isnull()), EXCERPTS_FILE, column, message, value="event_id")


def _report(
    out: Collector,
    found: Any,
    file: str,
    column: str,
    message: str,
    *,
    value: str | None = None,
    severity: str = "error",
) -> None:
    """List the rows of ``found`` (by its ``line`` column, each with its ``value``, by
    default its ``column``), as many as there is room for, and count the rest: one query for
    the count, one for the rows listed."""
    found = found.select(line=found.line, value=found[value or column])
    total = int(found.count().execute())
    if not total:
        return
    listed = 0
    if out.room:
        shown = found.order_by("line").limit(out.room).execute()
        for line, shown_value in zip(shown["line"], shown["value"], strict=True):
            text = None if pd.isna(shown_value) else str(shown_value)
            where = {"line": int(line), "column": column, "value": text}
            out.add(Problem(file, message, severity=severity, **where))  # type: ignore[arg-type]
        listed = len(shown)
    out.skip(total - listed, severity)


def _check_events(t: _Tables, catalogue: Catalogue, out: Collector) -> None:
    e = t.events
    _report(out, e.filter(e.id.isnull() | (e.id == "")), EVENTS_FILE, "id", "the event has no id")
    counts = e.group_by("id").agg(n=ibis._.count()).filter(ibis._.n > 1)
    repeated = e.semi_join(counts, "id")
    first = repeated.group_by("id").agg(first=repeated.row.min())
    later = repeated.join(first, "id").filter(lambda r: r.row > r.first)
    message = "id appears more than once; expected each event once"
    _report(out, later, EVENTS_FILE, "id", message)
    untitled = e.filter(e.title.isnull() | (e.title == ""))
    _report(out, untitled, EVENTS_FILE, "title", "the event has no title")
    message = "the event's period ends before it starts; expected end after start"
    _report(out, e.filter(e.end <= e.start), EVENTS_FILE, "end", message, value="id")
    _check_order(e, out)
    for column, names in (("actors", catalogue.actors), ("themes", catalogue.themes)):
        named = e.select(e.line, name=e[column].unnest())
        unknown = named.filter(~named.name.isin(list(names)) if names else ibis.literal(True))
        message = f"not a declared {column[:-1]}; add it to the vocabulary (kind {column[:-1]})"
        _report(out, unknown, EVENTS_FILE, column, message, value="name")


def _check_order(e: Any, out: Collector) -> None:
    """``row`` is 0, 1, 2, … and follows time order (start, then id)."""
    n = int(e.count().execute())
    stats = e.aggregate(lo=e.row.min(), hi=e.row.max(), distinct=e.row.nunique()).execute()
    if n and not (stats["lo"][0] == 0 and stats["hi"][0] == n - 1 and stats["distinct"][0] == n):
        message = f"rows are not numbered 0 to {n - 1}, once each; pack the dataset again"
        out.add(Problem(EVENTS_FILE, message, column="row"))
        return
    w = ibis.window(order_by=e.row)
    paired = e.mutate(before_start=e.start.lag().over(w), before_id=e.id.lag().over(w))
    wrong = paired.filter(
        (paired.start < paired.before_start)
        | ((paired.start == paired.before_start) & (paired.id <= paired.before_id))
    )
    message = "out of time order; expected events by start, then id: pack the dataset again"
    _report(out, wrong, EVENTS_FILE, "row", message, value="id")


def _folded(text: Any) -> Any:
    """:func:`timeline.model.quotes.normalise` as an engine's string functions: quotes
    straightened, each run of white space one space, the ends trimmed."""
    straight = text.translate(SINGLE_QUOTES, "'" * len(SINGLE_QUOTES)).translate(
        DOUBLE_QUOTES, '"' * len(DOUBLE_QUOTES)
    )
    return straight.re_replace(_WHITE_RUN, " ").re_replace("^ +| +$", "")


# white space by code point (\x{…}, which RE2 and Java read alike): Spark's SQL strings know
# no \v or \f, and would take them for the letters v and f
_WHITE_RUN = "[" + "".join(f"\\x{{{ord(c):X}}}" for c in WHITE_SPACE) + "]+"


def _check_excerpts(t: _Tables, out: Collector) -> None:
    x = t.excerpts
    events = t.events.select(known_id=t.events.id, known_row=t.events.row)
    joined = x.left_join(events, x.event_id == events.known_id)
    unknown = joined.filter(joined.known_id.isnull())
    _report(out, unknown, EXCERPTS_FILE, "event_id", "no event has this id")
    moved = joined.filter(joined.known_id.notnull() & (joined.event != joined.known_row))
    message = "not the row of the event its event_id names; pack the dataset again"
    _report(out, moved, EXCERPTS_FILE, "event", message)
    no_source = x.anti_join(t.sources, x.source_id == t.sources.id)
    _report(out, no_source, EXCERPTS_FILE, "source_id", "no source has this id")
    texts = t.texts.select(text_id=t.texts.source_id, text=t.texts.text)
    quoted = x.semi_join(t.sources, x.source_id == t.sources.id).left_join(
        texts, x.source_id == texts.text_id
    )
    message = f"the source has no text in {PACKED_TEXTS.file}"
    _report(out, quoted.filter(quoted.text_id.isnull()), EXCERPTS_FILE, "source_id", message)
    placed = quoted.filter(quoted.text_id.notnull())
    start, end = placed.quote_start, placed.quote_end
    outside = (start < 0) | (end <= start) | (end > placed.text.length())
    message = "the quote is not in its article at its offsets (quote_start, quote_end)"
    _report(out, placed.filter(outside), EXCERPTS_FILE, "quote", message)
    inside = placed.filter(~outside)
    at = inside.text.substr(inside.quote_start, inside.quote_end - inside.quote_start)
    # most quotes are the article's words to the letter: only the others are folded
    differs = inside.filter((at != inside.quote) & (_folded(at) != _folded(inside.quote)))
    message = (
        "the article has other words at the quote's offsets; expected the quote verbatim "
        "(up to typographic quotes and white space)"
    )
    _report(out, differs, EXCERPTS_FILE, "quote", message)
    e = t.events
    uncited = e.anti_join(t.excerpts, e.row == t.excerpts.event)
    message = "no excerpt cites this event"
    _report(out, uncited, EVENTS_FILE, "id", message, severity="warning")


def _check_in_step(t: _Tables, out: Collector) -> None:
    """The engines' tables say what the tables the loader reads say: the same events (id,
    title, actors, themes) and the same excerpts (event, source, quote and its offsets)."""
    e = t.events
    q = e.select(q_id=e.id, q_title=e.title, q_actors=e.actors, q_themes=e.themes, q_line=e.line)
    m = t.main_events
    joined = m.outer_join(q, m.id == q.q_id)
    again = f"out of step with {{}}: {AGAIN}"
    missing = joined.filter(joined.q_id.isnull())
    _report(out, missing, PACKED_EVENTS.file, "id", again.format(f"{EVENTS_FILE}, which lacks it"))
    extra = joined.filter(joined.id.isnull()).mutate(line=joined.q_line)
    message = again.format(f"{PACKED_EVENTS.file}, which lacks it")
    _report(out, extra, EVENTS_FILE, "id", message, value="q_id")
    both = joined.filter(joined.id.notnull() & joined.q_id.notnull())
    for column in ("title", "actors", "themes"):
        theirs = both[f"q_{column}"]
        differs = both.filter(both[column].isnull() | (both[column] != theirs))
        message = again.format(f"{EVENTS_FILE}, which has another {column} for this event")
        _report(out, differs, PACKED_EVENTS.file, column, message, value="id")
    # each event's excerpts compared by count and two sums of hashes: a join on event ids
    # and integers, not on thirty million quotes
    mine, theirs = _fingerprints(t.main_excerpts), _fingerprints(t.excerpts)
    theirs = theirs.rename(q_event_id="event_id", q_n="n", q_a="a", q_b="b", q_line="line")
    pairs = mine.outer_join(theirs, mine.event_id == theirs.q_event_id)
    differs = (pairs.n != pairs.q_n) | (pairs.a != pairs.q_a) | (pairs.b != pairs.q_b)
    here = pairs.filter(pairs.event_id.notnull() & (pairs.q_event_id.isnull() | differs))
    message = again.format(f"{EXCERPTS_FILE}, which has other excerpts for this event")
    _report(out, here, PACKED_EXCERPTS.file, "event_id", message)
    there = pairs.filter(pairs.event_id.isnull()).mutate(line=pairs.q_line)
    message = again.format(f"{PACKED_EXCERPTS.file}, which has no excerpt of this event")
    _report(out, there, EXCERPTS_FILE, "event_id", message, value="q_event_id")


def _fingerprints(x: Any) -> Any:
    """Per event: how many excerpts, two sums of hashes of each one's source, quote and
    offsets (either table's order), and the line of its first."""
    cell = "\x1f"  # a separator no value holds (the loader refuses control characters)
    whole = x.source_id.concat(
        cell, x.quote, cell, x.quote_start.cast("string"), cell, x.quote_end.cast("string")
    )
    h = whole.hash()
    return x.group_by("event_id").agg(
        n=x.count(), a=(h % 2_147_483_629).sum(), b=(h % 2_147_483_587).sum(), line=x.line.min()
    )


def _check_texts(t: _Tables, out: Collector) -> None:
    """One text for each source, as the loader reads them."""
    x = t.texts
    first = x.group_by("source_id").agg(first=x.line.min())
    again = x.join(first, "source_id").filter(lambda r: r.line > r.first)
    message = "a second text for this source; expected one row per article"
    _report(out, again, PACKED_TEXTS.file, "source_id", message)
    sources = t.sources
    lacking = sources.anti_join(x, sources.id == x.source_id)
    message = f"no text for this source in {PACKED_TEXTS.file}"
    _report(out, lacking, PACKED_SOURCES.file, "id", message)


def _with_lines(con: Any, path: Path) -> Any:
    """A table with ``line``, each row's place in its file (1 is the first), for a problem
    to name. DuckDB reads it (``file_row_number``); on Spark, Spark's own row id grows with
    the place in the file, and numbering the rows in its order closes its gaps."""
    if con.name == "duckdb":
        table = con.read_parquet(str(path), file_row_number=True)
        return table.mutate(line=table.file_row_number + 1)
    from pyspark.sql import SparkSession, functions

    session = SparkSession.getActiveSession()  # the engine's own (query.ibis_engine)
    name = f"timeline_check_{abs(hash(str(path)))}"
    frame = session.read.parquet(str(path))
    ids = functions.monotonically_increasing_id()
    frame.withColumn("file_row_number", ids).createOrReplaceTempView(name)
    table = con.table(name)
    return table.mutate(
        line=ibis.row_number().over(ibis.window(order_by=table.file_row_number)) + 1
    )


def _summary(t: _Tables, catalogue: Catalogue) -> PackSummary:
    e = t.events
    n = int(e.count().execute())
    first = last = None
    if n:
        # the loader's: the first event in time order, and of the latest ends the first
        earliest = e.order_by(e.row).limit(1).select("id")
        latest = e.order_by([e.end.desc(), e.row]).limit(1).select("id")
        d = t.main_events
        first = str(d.semi_join(earliest, "id").select("date").execute()["date"].iloc[0])
        ends = [c for c in ("end_date", "date") if c in d.columns]
        row = d.semi_join(latest, "id").select(*ends).execute().iloc[0]
        last = next((str(row[c]) for c in ends if row[c]), None)
    return PackSummary(
        events=n,
        sources=len(catalogue.sources),
        excerpts=int(t.excerpts.count().execute()),
        actors=len(catalogue.actors),
        themes=len(catalogue.themes),
        first=first,
        last=last,
    )
