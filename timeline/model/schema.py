"""The dataset format: which files a dataset folder holds and what each column means.

The loader validates against these specs, and the README documents every column listed here
(a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass

DATE_BASES = ("stated", "relative", "external")
PUBLISHED_BASES = ("printed", "inferred")


def inferred_note(basis: object, *, see_note: bool = False) -> str:
    """What every output says beside a publication date that was inferred rather than
    printed in the article ("inferred: no dateline", pointing at the source's note when
    there is one and it is not shown next to it); "" for a printed date."""
    if str(basis or "").strip().lower() != "inferred":
        return ""
    return "inferred: no dateline" + (" — see note" if see_note else "")


VOCABULARY_KINDS = ("actor", "theme")
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str


@dataclass(frozen=True)
class TableSpec:
    file: str
    columns: tuple[Column, ...]
    derived: tuple[str, ...] = ()  # columns the loader adds: not a name for an extra column

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


EVENTS = TableSpec(
    "events.csv",
    (
        Column("id", True, "Stable unique slug of the event."),
        Column("date", True, "ISO 8601 date at its known precision: YYYY, YYYY-MM or YYYY-MM-DD."),
        Column("end_date", False, "End of a span, same format; empty for a point event."),
        Column("title", True, "Short title."),
        Column("summary", False, "One or two sentences in the dataset's own words."),
        Column("actors", True, "';'-separated actor names declared in vocabulary.csv."),
        Column("themes", True, "';'-separated theme names declared in vocabulary.csv."),
        Column("date_basis", True, "How the date was established: stated, relative or external."),
        Column("note", False, "How the date was resolved, and what it rests on."),
        Column("label", False, "Short label drawn on the chart; default: the title, shortened."),
        Column("importance", False, "A number; when labels are short of room, higher goes first."),
        Column("group", False, "A draft's proposal: rows with the same value are one event."),
        Column("group_reason", False, "Why the draft proposed the group, with its score."),
    ),
    derived=(
        "start",
        "end",
        "precision",
        "end_precision",
        "date_label",
        "n_sources",
        "n_excerpts",
    ),
)

EXCERPTS = TableSpec(
    "excerpts.csv",
    (
        Column("event_id", True, "The event the quote reports (an id in events.csv)."),
        Column("source_id", True, "The article quoted (an id in sources.csv)."),
        Column("quote", True, "A verbatim span of the article: a sentence or clause."),
    ),
    derived=("event", "quote_start", "quote_end"),
)

SOURCES = TableSpec(
    "sources.csv",
    (
        Column("id", True, "Stable unique id of the article."),
        Column("title", True, "The headline; a supplied title is written in [square brackets]."),
        Column("published", True, "Publication date at its known precision (ISO 8601)."),
        Column("file", True, "The article's text file, relative to the sources/ folder."),
        Column("note", False, "How the publication date was inferred."),
        Column("published_basis", False, "printed (a dateline) or inferred (see note)."),
        Column("outlet", False, "The publication or site that ran the article."),
        Column("author", False, "The byline, as printed."),
        Column("url", False, "The article's address: http:// or https://."),
        Column("accessed", False, "When the article was retrieved (ISO date, any precision)."),
    ),
    derived=("published_label", "published_start"),
)

VOCABULARY = TableSpec(
    "vocabulary.csv",
    (
        Column("kind", True, "actor or theme."),
        Column("name", True, "The name used in events.csv."),
        Column("description", False, "What the name covers."),
    ),
)

TABLES = (EVENTS, EXCERPTS, SOURCES, VOCABULARY)
SOURCES_DIR = "sources"
