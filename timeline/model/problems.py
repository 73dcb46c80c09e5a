"""Located problems found in a dataset, and the error that carries all of them at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from timeline.model.text import escape_refused

Severity = Literal["error", "warning"]

_MAX_VALUE = 80


def shorten(value: str, limit: int = _MAX_VALUE) -> str:
    """Keep messages to one readable line, however long or multi-line the bad value is."""
    flat = " ".join(str(value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, located as precisely as it can be.

    ``line`` is the 1-based line of the file where the record starts (1 is the header);
    ``column`` is the CSV column name.
    """

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.column:
            parts.append(f"column '{shorten(self.column)}'")
        if self.value is not None:
            parts.append(f"value {shorten(self.value)!r}")
        # one line, always: a message may quote a user's name that holds a line break; and
        # plain text, always: a name may hold a control character (a terminal escape)
        return escape_refused(f"{': '.join(parts)}: {shorten(self.message, 400)}")


class DatasetError(Exception):
    """Raised by the loader with every error it found, never just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"]
        self.warnings = [p for p in problems if p.severity == "warning"]
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in dataset")

    def report(self) -> str:
        """All problems, one per line, errors first."""
        return "\n".join(
            [f"error: {p}" for p in self.problems] + [f"warning: {p}" for p in self.warnings]
        )
