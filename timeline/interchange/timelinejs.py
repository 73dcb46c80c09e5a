"""``timeline import timelinejs``: a TimelineJS file (its JSON, or its Google-Sheets template
saved as CSV) into a dataset folder that passes ``timeline check``.

Nothing is written unless the whole file reads cleanly: every problem is reported at once,
and the folder appears complete or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from timeline.interchange.folder import ImportFailed, check_output_folder, write_folder
from timeline.interchange.slides import Timeline
from timeline.interchange.timelinejs_json import read_json
from timeline.interchange.timelinejs_sheet import read_sheet
from timeline.model.dataset import Dataset
from timeline.model.problems import Problem


@dataclass(frozen=True)
class Imported:
    """The dataset written, and the reader's warnings (left-out eras and columns)."""

    dataset: Dataset
    warnings: tuple[Problem, ...]
    kind: str  # "JSON" or "sheet (CSV)"


class BadTimeline(Exception):
    """The file cannot be imported; ``problems`` locates each reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} problem{'s' if len(errors) != 1 else ''}")


def is_sheet(path: Path, head: bytes) -> bool:
    """A .csv file is the sheet, a .json file the JSON; otherwise a file whose text begins
    with ``{`` or ``[`` is JSON."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".json"):
        return suffix == ".csv"
    return not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"["))


def read_timelinejs(path: Path) -> tuple[Timeline, str]:
    """The timeline in ``path`` and which of the two formats it was read as."""
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "no such file"
        return Timeline(problems=[Problem(str(path), what)]), ""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Timeline(problems=[Problem(str(path), f"cannot be read: {exc.strerror}")]), ""
    if is_sheet(path, raw[:64]):
        return read_sheet(path), "sheet (CSV)"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(path.name, "is not UTF-8 text; save it as UTF-8", line=line)
        return Timeline(problems=[problem]), "JSON"
    return read_json(text, path.name), "JSON"


def import_timelinejs(path: Path, out: Path) -> Imported:
    """Read ``path`` and write it as the dataset folder ``out`` (which must not exist, or be
    empty). Raises :class:`BadTimeline` (nothing written) for a file with errors and
    :class:`~timeline.interchange.folder.ImportFailed` for an output that cannot be made."""
    check_output_folder(out)  # said before the file is read: a quick answer
    timeline, kind = read_timelinejs(path)
    if timeline.errors:
        raise BadTimeline(timeline.problems)
    dataset = write_folder(timeline, path.name, out)
    return Imported(dataset, tuple(timeline.problems), kind)


__all__ = ["BadTimeline", "ImportFailed", "Imported", "import_timelinejs", "read_timelinejs"]
