"""Writing the draft: the dataset's four tables, the article texts, ``metadata.json`` saying it
is a draft, and the side report, into a folder beside OUT that is renamed into place only once it
passes the dataset check."""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from timeline.draft.base import (
    DRAFT,
    METADATA_FILE,
    SOURCES_DIR,
    DatasetError,
    load_dataset,
)
from timeline.draft.inputs import DraftError
from timeline.model.folders import folder_problem, place_problem

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
    if problem := folder_problem(out):
        raise DraftError(problem)


class OutputPlaceError(DraftError):
    """OUT names a place the draft must not write to: a mistake in the command line."""


def check_output_place(source: Path, out: Path) -> None:
    """OUT must lie outside IN, which a draft never changes (see timeline.model.folders)."""
    if problem := place_problem(source, out, source_is="the input folder", writer="a draft"):
        raise OutputPlaceError(problem)


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

    def metadata(self) -> None:
        """``metadata.json`` with ``status: "draft"``: every chart, page and report of the
        folder says it is a draft until `timeline review`'s Finish writes it without."""
        text = json.dumps({"status": DRAFT}, indent=2) + "\n"
        (self.root / METADATA_FILE).write_text(text, encoding="utf-8")

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
