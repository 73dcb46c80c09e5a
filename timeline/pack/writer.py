"""A loaded dataset written as a pack, all at once or not at all.

The pack is built in a folder beside OUT, read back by the loader, and only then renamed into
place, so a failed or interrupted pack never leaves a folder that looks complete. The tables
hold what the dataset holds (see :mod:`timeline.model.pack_format`): the columns each CSV
file has, in its order, the names of ``actors`` and ``themes`` as lists, the quotes' offsets
as the loader located them, and each article's text as it was read. The same dataset always
gives the same bytes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from timeline.load.loader import load_dataset
from timeline.load.tables import Collector, read_table
from timeline.model.columns import arrow_chunks
from timeline.model.dataset import Dataset
from timeline.model.folders import folder_problem, place_problem, staged_folder
from timeline.model.metadata import METADATA_FILE
from timeline.model.pack_format import (
    LIST_COLUMNS,
    MANIFEST_FILE,
    OFFSET_COLUMNS,
    PACK_FORMAT,
    PACK_VERSION,
    PACKED_EVENTS,
    PACKED_EXCERPTS,
    PACKED_SOURCES,
    PACKED_TABLES,
    PACKED_TEXTS,
    PACKED_VOCABULARY,
    QUERY_FILES,
    PackedTable,
    file_sha256,
    is_packed,
)
from timeline.model.problems import DatasetError
from timeline.query.engine import engine_tables

COMPRESSION = "zstd"


class PackError(Exception):
    """The pack cannot be written; the message says why in one sentence."""


class OutputPlaceError(PackError):
    """OUT names a place a pack must not be written to: a mistake in the command line."""


def check_output_place(source: Path, out: Path) -> None:
    """OUT must lie outside DIR, which packing never changes (see timeline.model.folders)."""
    if problem := place_problem(source, out, source_is="the dataset folder", writer="packing"):
        raise OutputPlaceError(problem)


def check_output_folder(out: Path) -> None:
    """OUT must not exist, or be an empty folder: a pack never mixes with other files."""
    if problem := folder_problem(out):
        raise PackError(problem)


def pack_folder(folder: Path, out: Path) -> dict:
    """Load the dataset folder ``folder`` (raising :class:`DatasetError` when it does not
    pass the check) and pack it into ``out``; the manifest written."""
    return pack_dataset(load_dataset(folder), out)


def pack_dataset(dataset: Dataset, out: Path) -> dict:
    """Write ``dataset`` (loaded from its CSV folder) as the pack ``out``: built beside it,
    read back by the loader, then renamed into place. Returns the manifest written."""
    source = dataset.root
    if is_packed(source):
        raise PackError(f"{source} is a packed dataset already; pack its CSV folder instead")
    check_output_place(source, out)
    check_output_folder(out)
    try:
        with staged_folder(out) as staged:
            manifest = _write(dataset, staged)
            try:
                load_dataset(staged)
            except DatasetError as exc:  # a bug in the writer, not in the data: say what failed
                first = exc.problems[0] if exc.problems else exc
                raise PackError(f"the pack does not read back: {first}") from None
    except FileExistsError as exc:  # OUT filled up while the pack was being built
        raise PackError(str(exc)) from None
    return manifest


def _write(dataset: Dataset, root: Path) -> dict:
    present = _present_columns(dataset.root)
    events, excerpts = dataset.events, dataset.excerpts
    tables = {
        PACKED_EVENTS: _arrow(events, present[PACKED_EVENTS], lists=_lists(dataset, len(events))),
        PACKED_EXCERPTS: _arrow(excerpts, [*present[PACKED_EXCERPTS], *OFFSET_COLUMNS]),
        PACKED_SOURCES: _arrow(dataset.sources, present[PACKED_SOURCES]),
        PACKED_VOCABULARY: _arrow(dataset.vocabulary, present[PACKED_VOCABULARY]),
        PACKED_TEXTS: pa.table(
            {
                "source_id": pa.array(list(dataset.articles), type=pa.large_string()),
                "text": pa.array(
                    [article.text for article in dataset.articles.values()],
                    type=pa.large_string(),
                ),
            }
        ),
    }
    listed = {}
    for packed in PACKED_TABLES:
        path = root / packed.file
        pq.write_table(tables[packed], path, compression=COMPRESSION)
        listed[packed.name] = listed_file(path, tables[packed].num_rows)
    query = {}
    for name, table in zip(QUERY_FILES, engine_tables(dataset), strict=True):
        path = root / QUERY_FILES[name]
        pq.write_table(table, path, compression=COMPRESSION)
        query[name] = listed_file(path, table.num_rows)
    return write_manifest(root, listed, query, metadata=dataset.root / METADATA_FILE)


def listed_file(path: Path, rows: int) -> dict:
    """A file as the manifest lists it: name, rows and SHA-256."""
    return {"file": path.name, "rows": rows, "sha256": file_sha256(path)}


def write_manifest(root: Path, listed: dict, query: dict, *, metadata: Path | None) -> dict:
    """The pack's ``manifest.json``, written last, with ``metadata`` (a dataset's
    ``metadata.json``, copied as it is) when there is one. Returns the manifest."""
    manifest: dict = {
        "format": PACK_FORMAT,
        "version": PACK_VERSION,
        "tables": listed,
        "query": query,
    }
    if metadata is not None and metadata.is_file():  # the loader read it, and reads it again
        shutil.copyfile(metadata, root / METADATA_FILE)
        manifest["metadata"] = {"file": METADATA_FILE, "sha256": file_sha256(root / METADATA_FILE)}
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (root / MANIFEST_FILE).write_text(text, encoding="utf-8")
    return manifest


def _present_columns(folder: Path) -> dict[PackedTable, set[str]]:
    """The columns each CSV file of ``folder`` has: a column it lacks is left out of the
    pack, as it is of the file, so the pack loads as the folder does (a ``sources.csv``
    without citation columns is not warned of, row by row)."""
    present = {}
    for packed in PACKED_TABLES:
        if packed.spec is None:
            continue
        table = read_table(folder, packed.spec, Collector())
        if table is None:
            raise PackError(f"{folder / packed.spec.file} cannot be read again; nothing written")
        present[packed] = {c for c in table.frame.columns if c not in table.absent}
    return present


def _arrow(
    frame: pd.DataFrame, present: set[str] | list[str], lists: dict | None = None
) -> pa.Table:
    """The columns of ``frame`` that are ``present``, in its order: text, lists of names
    (given whole in ``lists``) or integers (the quotes' offsets)."""
    columns = {}
    for name in frame.columns:
        if name not in present:
            continue
        if lists and name in lists:
            columns[name] = lists[name]
        elif name in OFFSET_COLUMNS:
            columns[name] = pa.array(frame[name].to_numpy(dtype="int64"), type=pa.int64())
        else:
            columns[name] = arrow_chunks(frame[name])
    return pa.table(columns)


def _lists(dataset: Dataset, n: int) -> dict[str, pa.ListArray]:
    """Each event's actors and themes as lists, from the long form (in event order, each
    event's names in the order its list gives them), without a Python list per event."""
    lists = {}
    for name, long, column in zip(
        LIST_COLUMNS, (dataset.event_actors, dataset.event_themes), ("actor", "theme"), strict=True
    ):
        counts = np.bincount(long["event"].to_numpy(dtype="int64"), minlength=n)
        offsets = pa.array(np.r_[0, np.cumsum(counts)].astype("int32"), type=pa.int32())
        names = arrow_chunks(long[column].astype("str")).combine_chunks()
        lists[name] = pa.ListArray.from_arrays(offsets, names)
    return lists
