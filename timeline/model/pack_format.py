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
"""

from __future__ import annotations

from dataclasses import dataclass

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
