"""The packed form of a dataset: its tables as Parquet files, described by ``manifest.json``.

``timeline pack`` writes it and the loader reads it (a folder holding ``manifest.json`` is a
pack). What each table holds:

- ``events``, ``sources``, ``vocabulary``: the columns of the CSV file of the same name that
  the dataset has (a column the CSV file lacks is left out, as it is in the file), as text,
  except ``actors`` and ``themes``, which are lists of names (``list<string>``), not
  ';'-joined text;
- ``excerpts``: its CSV columns and ``quote_start``/``quote_end``, where each quote stands in
  its article (character offsets, end exclusive), as the loader located them;
- ``texts``: one row per article, ``source_id`` and ``text``, the article as it was read.

The manifest names the format and its version and, for each table, its file, its number of
rows and the SHA-256 of the file's bytes; ``metadata.json`` is copied as it is, and listed
with its SHA-256 when there is one.

Under ``query`` it lists two more tables, the ones a query engine reads in place of the
others (see :mod:`timeline.query.ibis_engine`): ``query_events.parquet`` (each event's row in
time order, id, title, summary, start and end as integer microseconds, actors and themes)
and ``query_excerpts.parquet`` (each excerpt's event row and id, source, quote and offsets).
They hold what the loader derives (order, periods), so an engine never parses a date.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from timeline.model.schema import EVENTS, EXCERPTS, SOURCES, VOCABULARY, TableSpec

MANIFEST_FILE = "manifest.json"
PACK_FORMAT = "timeline-pack"
PACK_VERSION = 1
MAX_MANIFEST_BYTES = 1 << 20
OFFSET_COLUMNS = ("quote_start", "quote_end")
LIST_COLUMNS = ("actors", "themes")


@dataclass(frozen=True)
class PackedTable:
    """One Parquet file of a pack: its name in the manifest, its file, the CSV table it holds
    (None for the articles' texts) and the columns it must have."""

    name: str
    file: str
    spec: TableSpec | None
    required: tuple[str, ...]


PACKED_EVENTS = PackedTable("events", "events.parquet", EVENTS, EVENTS.required)
PACKED_EXCERPTS = PackedTable(
    "excerpts", "excerpts.parquet", EXCERPTS, (*EXCERPTS.required, *OFFSET_COLUMNS)
)
PACKED_SOURCES = PackedTable("sources", "sources.parquet", SOURCES, SOURCES.required)
PACKED_VOCABULARY = PackedTable("vocabulary", "vocabulary.parquet", VOCABULARY, VOCABULARY.required)
PACKED_TEXTS = PackedTable("texts", "texts.parquet", None, ("source_id", "text"))
PACKED_TABLES = (PACKED_EVENTS, PACKED_EXCERPTS, PACKED_SOURCES, PACKED_VOCABULARY, PACKED_TEXTS)


@dataclass(frozen=True)
class DatasetPart:
    """A part of a dataset too large to hold at once, in its CSV form: events (the columns
    of ``events.csv``, as text), the excerpts quoting them, and the articles those quote
    (the rows of ``sources.csv`` and, in the same order, their texts). A part's excerpts
    quote its own articles only, so a pack can be written a part at a time."""

    events: pd.DataFrame
    excerpts: pd.DataFrame
    sources: pd.DataFrame
    texts: list[str]


# The query engines' tables: name in the manifest's "query" object -> file
QUERY_FILES = {"events": "query_events.parquet", "excerpts": "query_excerpts.parquet"}


def is_packed(folder: Path) -> bool:
    """Whether ``folder`` holds a packed dataset: it has a ``manifest.json`` (even a broken
    one, or a link, which the pack's reader then reports), not CSV tables."""
    manifest = folder / MANIFEST_FILE
    return manifest.exists() or manifest.is_symlink()


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex, read a block at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def changed_file(found: str, expected: object) -> str:
    """What a pack's file whose bytes are not the manifest's says, wherever it is read."""
    return (
        f"its SHA-256 is {found}, expected {expected} as the manifest gives: the file "
        "was cut short, damaged or changed after it was packed; pack the dataset again"
    )
