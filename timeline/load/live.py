"""A dataset folder kept live: edits are picked up, broken edits never replace good data.

Analysts edit ``events.csv`` in a spreadsheet while the app is open. The app asks
:meth:`LiveDataset.current` for its data on every page load and callback; when the files have
changed since the last look, they are loaded again. If the new files are invalid, the last
good dataset keeps being served and the problems are kept for the page to show, until the
files are fixed. Nothing here writes to the folder.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.pack_format import MANIFEST_FILE
from timeline.model.problems import DatasetError, Problem
from timeline.model.schema import SOURCES_DIR, TABLES

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(folder: Path) -> Fingerprint:
    """Name, size and modification time of every file the dataset is read from.

    Plain strings and ``os.scandir``: a folder of ten thousand articles is looked at on every
    page load, and ``Path`` objects cost more to sort and stat than the system calls do.
    """
    paths = [str(folder / spec.file) for spec in TABLES]
    paths.append(str(folder / MANIFEST_FILE))  # a pack is rewritten whole, manifest and all
    sources = folder / SOURCES_DIR
    if sources.is_dir():
        try:
            with os.scandir(sources) as entries:
                names = sorted(e.name for e in entries if e.is_file())
        except OSError:
            names = []
        base = str(sources)
        paths += [os.path.join(base, name) for name in names]
    entries = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            entries.append((path, -1, -1))
            continue
        entries.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class LiveDataset:
    """The last good dataset of a folder, reloaded when its files change.

    Checks at most once per ``interval`` seconds (a few ``stat`` calls); files that changed
    are loaded only once they have stopped changing (unchanged over ``settle`` seconds).
    One thread reloads at a time; others keep answering from the current dataset meanwhile,
    so a slow reload never stalls the server.
    """

    def __init__(
        self,
        folder: Path,
        *,
        initial: Dataset | None = None,
        interval: float = 1.0,
        settle: float = 0.3,
        loader: Callable[[Path], Dataset] = load_dataset,
    ) -> None:
        self.folder = Path(folder)
        self.interval = interval
        self.settle = settle
        self._loader = loader
        self._lock = threading.Lock()
        self._seen = fingerprint(self.folder)
        self._dataset = initial if initial is not None else loader(self.folder)
        self._problems: tuple[Problem, ...] = ()
        self._loaded_at = datetime.now()
        self._checked = time.monotonic()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Errors of the newest version of the files, when it could not be loaded."""
        return self._problems

    @property
    def loaded_at(self) -> datetime:
        """When the dataset being served was loaded."""
        return self._loaded_at

    def last_good(self) -> Dataset:
        """The dataset being served, without looking at the files."""
        return self._dataset

    def current(self, *, check: bool = False) -> Dataset:
        """The dataset to serve now, reloading first if the files changed.

        ``check`` looks at the files whatever the interval: a page load does, so the page's
        problem banner and the callbacks that follow it describe the same version.
        """
        now = time.monotonic()
        due = check or now - self._checked >= self.interval
        if due and self._lock.acquire(blocking=False):
            try:
                self._checked = now
                self._reload_if_changed()
            finally:
                self._lock.release()
        return self._dataset

    def _reload_if_changed(self) -> None:
        seen = fingerprint(self.folder)
        if seen == self._seen:
            return
        # a file still being written (a spreadsheet saving in chunks) can stop at a row
        # boundary and read as good data: load only once nothing changed for ``settle`` s
        time.sleep(self.settle)
        if fingerprint(self.folder) != seen:
            return  # still changing: looked at again on the next check
        try:
            dataset = self._loader(self.folder)
        except DatasetError as exc:
            self._problems = tuple(exc.problems)
        except OSError as exc:  # e.g. the folder vanished mid-save
            self._problems = (Problem(str(self.folder), f"cannot be read: {exc}"),)
        else:
            self._dataset = dataset
            self._problems = ()
            self._loaded_at = datetime.now()
        self._seen = seen
