"""The review folder: the draft kept as opened, the change log, and the tables rewritten from
them in an order that passes the dataset check at every moment.

Every change is written to the log (and synced) before any table is touched. The tables are
then replaced one at a time, each through a temporary file and a rename, in this order:
the vocabulary as the union of old and new terms, the events as the union of old and new
events, the new excerpts, the new events, the new vocabulary. An event without excerpts is
only a warning to the loader and an excerpt of an unknown event is an error, so each moment
between two renames is a valid dataset. Opening the folder replays the log and rewrites the
tables, so a kill at any moment reloads as the state before the change or after it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from timeline.export.files import atomic_write
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.schema import EVENTS, EXCERPTS, SOURCES, VOCABULARY
from timeline.review import log
from timeline.review.state import STATUS, Op, ReviewError, State, apply, base_state, replay
from timeline.review.tables import TABLE_FILES, csv_bytes, digest, file_digest, read_table

REVIEW_DIR = ".review"
BASE_DIR = "base"
KNOWN = "written.json"  # the hashes of every table content the review may have left on disk
BASE_FILES = (*TABLE_FILES, SOURCES.file, "metadata.json")
PAUSE_ENV = "TIMELINE_REVIEW_PAUSE"  # tests only: a folder of two fifos to stop a save at


class ExternalChange(ReviewError):
    """A table on disk is not what the review last wrote: someone else edited it."""


def visible(state: State) -> State:
    """What the folder's tables show: every event that is not rejected, and its excerpts."""
    events = [e for e in state["events"] if e[STATUS] != "rejected"]
    shown = {e["id"] for e in events}
    excerpts = [x for x in state["excerpts"] if x["event_id"] in shown]
    return dict(state, events=events, excerpts=excerpts)


def save_steps(
    old: dict[str, tuple[list[str], list[dict[str, str]]]], state: State
) -> list[tuple[str, bytes]]:
    """The five table contents to write, in order, to go from the tables ``old`` (file name
    -> header and rows; missing files absent) to ``state``; each step keeps the folder valid."""
    new = visible(state)
    columns = new["columns"]
    vocab_header = list(VOCABULARY.names)
    old_vocab = old.get(VOCABULARY.file, (vocab_header, []))[1]
    declared = {(v["kind"], v["name"]) for v in new["vocabulary"]}
    vocab_union = new["vocabulary"] + [
        v for v in old_vocab if (v.get("kind"), v.get("name")) not in declared
    ]
    old_header, old_events = old.get(EVENTS.file, (columns, []))
    ids = {e["id"] for e in new["events"]}
    union_header = columns + [c for c in old_header if c not in columns]
    events_union = new["events"] + [e for e in old_events if e.get("id") not in ids]
    return [
        (VOCABULARY.file, csv_bytes(vocab_header, vocab_union)),
        (EVENTS.file, csv_bytes(union_header, events_union)),
        (EXCERPTS.file, csv_bytes(EXCERPTS.names, new["excerpts"])),
        (EVENTS.file, csv_bytes(columns, new["events"])),
        (VOCABULARY.file, csv_bytes(vocab_header, new["vocabulary"])),
    ]


def _pause(point: int) -> None:
    """A test seam: with ``TIMELINE_REVIEW_PAUSE`` set, say which point of a save has been
    reached (fifo ``out``) and wait for a line on fifo ``in`` before going on."""
    folder = os.environ.get(PAUSE_ENV)
    if not folder:
        return
    with open(Path(folder) / "out", "w") as out:
        out.write(f"{point}\n")
    with open(Path(folder) / "in") as go:
        go.readline()


def sync_folder(folder: Path) -> None:
    """Make a folder's entries (a rename, a new file) durable."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


class ReviewStore:
    """One review folder, opened: its state, its log, and the one way to change them."""

    def __init__(self, folder: Path, *, pause: Callable[[int], None] = _pause) -> None:
        self.folder = folder
        self.review = folder / REVIEW_DIR
        self.log_path = folder / log.LOG_FILE
        self._pause = pause
        self._lock = threading.Lock()
        if not (self.review / BASE_DIR).is_dir():
            load_dataset(folder)  # a clear error for a broken draft, before anything is kept
        self.dataset: Dataset
        self.base = self._open_base()
        self.ops = [op for _line, op in log.read_log(self.log_path)]
        self.state, self.done, self.undone = self._replay(self.ops)
        self._check_unchanged()
        self._write(self.state, pause=False)

    def _open_base(self) -> State:
        base = self.review / BASE_DIR
        if not base.is_dir():
            self.review.mkdir(exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix="base.", suffix=".partial", dir=self.review))
            for name in BASE_FILES:
                if (self.folder / name).is_file():
                    shutil.copyfile(self.folder / name, staging / name)
            known = {f: [file_digest(self.folder / f)] for f in TABLE_FILES}
            (staging / KNOWN).write_text(json.dumps(known))
            staging.rename(base)
        columns, events = read_table(base / EVENTS.file)
        return base_state(
            columns,
            events,
            read_table(base / EXCERPTS.file)[1],
            read_table(base / VOCABULARY.file)[1],
        )

    def _replay(self, ops: list[Op]) -> tuple[State, list[Op], list[Op]]:
        try:
            return replay(self.base, ops)
        except ReviewError as exc:
            line = (exc.index or 0) + 1
            raise ReviewError(f"{log.LOG_FILE}: operation {line}: {exc}") from None

    # -- what may be on disk ---------------------------------------------------------------
    def _known(self) -> dict[str, list[str | None]]:
        path = self.review / KNOWN
        if not path.exists():
            path = self.review / BASE_DIR / KNOWN
        return json.loads(path.read_text())

    def _set_known(self, known: dict[str, list[str | None]]) -> None:
        atomic_write(self.review / KNOWN, json.dumps(known).encode("utf-8"))

    def _check_unchanged(self) -> None:
        """Refuse to go on when a table is not one the review wrote (a missing one is fine:
        the review rewrites it from its log)."""
        known = self._known()
        for name in TABLE_FILES:
            found = file_digest(self.folder / name)
            if found is not None and found not in known.get(name, []):
                raise ExternalChange(
                    f"{name} was changed outside the review; nothing was written. Move that "
                    "file aside (the review rewrites it from its log) and reload to continue"
                )

    # -- writing ---------------------------------------------------------------------------
    def _write(self, state: State, *, pause: bool) -> None:
        old = {n: read_table(self.folder / n) for n in TABLE_FILES if (self.folder / n).exists()}
        steps = save_steps(old, state)
        known = self._known()
        for name, data in steps:
            known.setdefault(name, []).append(digest(data))
        self._set_known(known)  # every moment of this save is one the review made
        for point, (name, data) in enumerate(steps, 1):
            atomic_write(self.folder / name, data)
            sync_folder(self.folder)  # the rename itself survives a power cut
            if pause:
                self._pause(point)
        self._set_known({name: [digest(data)] for name, data in steps[2:]})
        self.dataset = load_dataset(self.folder)

    def commit(self, op: Op) -> None:
        """Check ``op``, log it durably, then rewrite the tables (raises ReviewError, or
        ExternalChange when the tables were edited outside the review)."""
        with self._lock:
            self._check_unchanged()
            if op.get("op") == "add_excerpt":
                self._check_quote(op)
            kind = op.get("op")
            if (kind == "undo" and not self.done) or (kind == "redo" and not self.undone):
                raise ReviewError(f"nothing to {kind}")
            if kind in ("undo", "redo"):
                state, done, undone = self._replay([*self.ops, op])
            else:
                state, done, undone = apply(self.state, op), [*self.done, op], []
            log.append(self.log_path, op)
            sync_folder(self.folder)  # a new log file's entry too
            self.ops.append(op)
            self._pause(0)
            self.state, self.done, self.undone = state, done, undone
            self._write(state, pause=True)

    def _check_quote(self, op: Op) -> None:
        article = self.dataset.articles.get(str(op.get("source_id")))
        if article is None:
            raise ReviewError(f"no article {op.get('source_id')!r} in {SOURCES.file}")
        quote = str(op.get("quote") or "").strip()
        if not quote or article.locate(quote) is None:
            raise ReviewError(
                f"the quote {quote[:60]!r} is not in article {op.get('source_id')!r}: select "
                "text inside one article"
            )

    def new_id(self, event_id: str) -> str:
        """An unused event id derived from ``event_id`` (for the event a split makes)."""
        taken = {e["id"] for e in self.base["events"]} | {e["id"] for e in self.state["events"]}
        for op in self.ops:
            taken.add(str(op.get("new_id", "")))
        n = 2
        while f"{event_id}-{n}" in taken:
            n += 1
        return f"{event_id}-{n}"
