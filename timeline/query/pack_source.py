"""A pack opened where it lies: its questions answered by an engine, its events read a few
thousand at a time, nothing loaded whole.

This is what ``timeline serve``, ``export`` and ``report`` work from for a pack (unless
``--engine memory`` loads it whole): counts, choices, densities and spans are the engine's
(:mod:`timeline.query.ibis_engine`), and the events a view shows in detail, or one event's
sources, are read as a small :class:`~timeline.model.dataset.Dataset` by the loader's own
code (:mod:`timeline.load.pack_slice`), so every figure, list and panel is drawn by the same
functions as for a dataset in memory.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from timeline.load.pack_files import check_pack_files
from timeline.load.pack_slice import PackSlices
from timeline.load.packed import SMALL_TABLES, Catalogue, _located, load_catalogue
from timeline.load.tables import Collector
from timeline.model.dataset import Dataset, Whole, counted, date_span
from timeline.model.pack_format import QUERY_FILES
from timeline.model.problems import DatasetError, Problem
from timeline.model.quotes import Article
from timeline.query.engine import EngineFailed, Kind, Span
from timeline.query.ibis_engine import IbisEngine, parquet_engine
from timeline.query.view import ViewState

T = TypeVar("T")
log = logging.getLogger(__name__)
SLICES_KEPT = 16  # recent slices, by view: a click or a details panel re-reads none
QUERY_TIMEOUT_S = 120.0  # the slowest question at 20 million events takes seconds
ANSWERS_KEPT = 256  # counts and extents, by view: a few bytes each
ROWS_KEPT = 10_000  # event ids looked up (each a scan of the ids), forgotten all at once


@dataclass
class OpenPack:
    """A pack's catalogue (sources, names, metadata), an engine over its query tables and
    a reader of its rows. Safe to share between the server's threads: the engine's
    questions are asked one at a time (one slow question holds the others; each has
    :attr:`timeout` seconds once asked)."""

    root: Path
    catalogue: Catalogue
    engine: IbisEngine
    slices: PackSlices
    total: int
    timeout: float = QUERY_TIMEOUT_S
    warnings: tuple[Problem, ...] = ()  # the small tables' (the rest are `check`'s)
    base: Dataset = field(init=False)
    span_label: str = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _kept: OrderedDict = field(default_factory=OrderedDict, init=False)
    _answers: OrderedDict = field(default_factory=OrderedDict, init=False)
    _slicing: threading.RLock = field(default_factory=threading.RLock, init=False)
    _rows: dict[str, int | None] = field(default_factory=dict, init=False)
    _whole: Whole = field(init=False)

    def __post_init__(self) -> None:
        """The whole's numbers and its names, read once (a bad pack raises here, where the
        command that opens it reports it)."""
        _, bounds = self.extent(ViewState())
        self._whole = Whole(self.total, bounds)
        none = np.zeros(0, dtype="int64")
        self.base = replace(self._read(none, none), warnings=self.warnings)
        ends = self._ask(self.slices.first_and_last)
        self.span_label = date_span(self._read(ends, ends[:0]).events)

    def _ask(self, question: Callable[[], T]) -> T:
        """An engine's answer, or :class:`EngineFailed` saying why in one line; a question
        of the engine not answered in :attr:`timeout` seconds is cancelled (a cluster whose
        workers are gone waits for new ones for ever). A pack whose rows are not as its
        writer left them raises :class:`DatasetError`, its problems located."""
        with self._lock:
            fired = threading.Event()

            def cancel() -> None:
                fired.set()
                self.engine.cancel()

            watchdog = threading.Timer(self.timeout, cancel)
            watchdog.daemon = True
            watchdog.start()
            try:
                return question()
            except DatasetError:
                raise
            except Exception as exc:  # any backend's failure: Py4J, DuckDB, a lost worker
                if fired.is_set():
                    why = f"no answer in {self.timeout:g} s"
                else:
                    why = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
                raise EngineFailed(f"the {self.engine.name} engine failed: {why}") from exc
            finally:
                watchdog.cancel()
                watchdog.join()  # the timer holds the engine: it must not outlive the call

    # ---- the engine's answers ----

    def _kept_answer(self, key: tuple, question: Callable[[], T]) -> T:
        """An answer asked for lately (the page's callbacks of one view ask alike: the view,
        its presets, the next sync, other lanes or axis), else the engine's, kept."""
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        found = self._ask(question)
        with self._lock:
            self._answers[key] = found
            while len(self._answers) > ANSWERS_KEPT:
                self._answers.popitem(last=False)
        return found

    def count(self, view: ViewState) -> int:
        return self._kept_answer(("count", _events_of(view)), lambda: self.engine.count(view))

    def extent(self, view: ViewState) -> tuple[int, Span | None]:
        """How many events are in view, and their span, in one pass."""
        return self._kept_answer(("extent", _events_of(view)), lambda: self.engine.extent(view))

    def density(self, view: ViewState, *, kind: Kind, bins: int, span: Span) -> pd.DataFrame:
        return self._ask(lambda: self.engine.density(view, kind=kind, bins=bins, span=span))

    # ---- events read whole, a few at a time ----

    def engine_events(self, view: ViewState, *, limit: int) -> np.ndarray:
        """The rows of the first ``limit`` events in view, in time order."""
        return self._ask(lambda: self.engine.events(view, limit=limit))["row"].to_numpy()

    def slice(self, view: ViewState, *, limit: int, articles: bool = False) -> Dataset | None:
        """The events in ``view`` as a dataset, when there are at most ``limit`` (else None),
        with its open event and the articles that one quotes (every event's, with
        ``articles``: a report's, not kept). Recent slices are kept, and so is a view's
        having too many: the callbacks of one view ask alike."""
        key = (_events_of(view), view.event, limit)
        with self._slicing:  # one reader at a time: a second asker of a view finds it kept
            if key in self._kept and not articles:
                self._kept.move_to_end(key)
                return self._kept[key]
            rows = self.engine_events(replace(view, event=None), limit=limit + 1)
            data = None
            if len(rows) <= limit:
                opened = self._row_of(view.event)
                chosen = np.zeros(0, dtype="int64") if opened is None else np.array([opened])
                data = self._read(np.concatenate([rows, chosen]), rows if articles else chosen)
                kept = self.count(replace(view, window=None, event=None))
                data = replace(data, whole=replace(data.whole, kept=kept))
            if not articles:
                self._kept[key] = data
                while len(self._kept) > SLICES_KEPT:
                    self._kept.popitem(last=False)
            return data

    def event(self, event_id: str | None) -> Dataset:
        """One event, its excerpts and the articles they quote (no such event: none)."""
        row = self._row_of(event_id)
        if row is None:
            return self.base
        rows = np.array([row])
        return self._read(rows, rows)

    def events(self, rows: np.ndarray, *, articles: bool = True) -> Dataset:
        """The events at these rows, with the articles they quote (``articles``)."""
        return self._read(rows, rows if articles else rows[:0])

    def id_of_row(self, row: int) -> str | None:
        """The id of the event at ``row``, or None when there is none."""
        if not 0 <= row < self.total:
            return None
        return self._ask(lambda: self.slices.id_of(row))

    def article(self, source_id: str) -> Article | None:
        """One source's article, read from the pack's texts."""
        return self._ask(lambda: self.slices.articles([source_id])).get(source_id)

    def _row_of(self, event_id: str | None) -> int | None:
        if event_id is None:
            return None
        if event_id in self._rows:
            return self._rows[event_id]
        row = self._ask(lambda: self.slices.row_of(event_id))
        if len(self._rows) >= ROWS_KEPT:
            self._rows.clear()
        self._rows[event_id] = row
        return row

    def _read(self, rows: np.ndarray, articles_of: np.ndarray) -> Dataset:
        """A slice, knowing the whole: its size, its bounds and each event's row in it."""
        data = self._ask(lambda: self.slices.dataset(rows, articles_of=articles_of))
        return replace(data, whole=replace(self._whole, rows=np.unique(rows)))

    def summary(self) -> str:
        """One line, as ``timeline check`` prints a dataset's."""
        c = self.catalogue
        return (
            f"{counted(self.total, 'event')}, {counted(len(c.sources), 'source')}, "
            f"{counted(len(c.actors), 'actor')}, {counted(len(c.themes), 'theme')}; "
            f"{self.span_label}"
        )


def _events_of(view: ViewState) -> ViewState:
    """What decides which events are in a view: its filters and window, not its lanes, its
    axis or its open event (the key of a kept answer)."""
    return ViewState(filters=view.filters, window=view.window)


def open_pack(
    root: Path, *, engine: str = "duckdb", timeout: float = QUERY_TIMEOUT_S, masks: bool = False
) -> OpenPack:
    """The pack in ``root``, its files checked against the manifest and its small tables
    as the loader checks them, opened on ``engine`` (see
    :func:`~timeline.query.ibis_engine.backend`). With ``masks`` (DuckDB; for a server,
    which asks many views), each event's lanes are then held as bits in memory
    (:mod:`timeline.query.lane_masks`: seconds at 20 million events). Raises
    :class:`DatasetError` listing every problem, or the engine's
    :class:`~timeline.query.ibis_engine.EngineUnreachable`."""
    out = Collector()
    manifest, read = check_pack_files(root, out, read=SMALL_TABLES)
    if manifest is None or out.has_errors or len(read) < len(SMALL_TABLES):
        raise DatasetError(_located(out.problems))
    catalogue = load_catalogue(root, read, out)
    if out.has_errors:
        raise DatasetError(out.problems)
    queried = parquet_engine(
        root / QUERY_FILES["events"], root / QUERY_FILES["excerpts"], engine=engine
    )
    total = int(manifest["tables"]["events"]["rows"])
    slices = PackSlices.open(root, catalogue)
    warnings = tuple(p for p in out.problems if p.severity == "warning")
    opened = OpenPack(root, catalogue, queried, slices, total, timeout=timeout, warnings=warnings)
    if masks:
        try:
            opened._ask(queried.build_lane_masks)
        except EngineFailed as exc:  # say, memory: the files answer, slower
            log.warning("Each event's lanes are not held as bits (%s); the files answer", exc)
    return opened
