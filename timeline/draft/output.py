"""Writing the draft: the dataset's four tables, the article texts and the side report, into a
folder beside OUT that is renamed into place only once it passes the dataset check."""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from timeline.draft.base import (
    EVENTS,
    EXCERPTS,
    SOURCES_DIR,
    VOCABULARY,
    DatasetError,
    load_dataset,
)
from timeline.draft.inputs import DraftError

REPORT = "draft-report.csv"
REPORT_COLUMNS = (
    "source_id",
    "sentence_start",
    "mention_start",
    "mention",
    "reason",
    "sentence",
)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})


def check_output_folder(out: Path) -> None:
    """OUT must not exist, or be an empty folder."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DraftError(f"{out} is not empty; choose a new or empty output folder")


class Staging:
    """A temporary folder beside OUT; ``publish`` validates it and moves it into place."""

    def __init__(self, out: Path):
        self.out = out
        parent = out.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=parent))
        (self.root / SOURCES_DIR).mkdir()

    def tables(self, tables: dict[str, tuple[Sequence[str], list[dict[str, str]]]]) -> None:
        for name, (header, rows) in tables.items():
            write_csv(self.root / name, header, rows)

    def publish(self) -> None:
        try:
            load_dataset(self.root)
        except DatasetError as exc:  # a bug in the draft, not in the input: say what failed
            first = exc.problems[0] if exc.problems else exc
            raise DraftError(f"the draft does not pass the dataset check: {first}") from None
        check_output_folder(self.out)
        if self.out.exists():
            self.out.rmdir()
        self.root.rename(self.out)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


TABLE_HEADERS = {
    EVENTS.file: EVENTS.names,
    EXCERPTS.file: EXCERPTS.names,
    VOCABULARY.file: VOCABULARY.names,
}
