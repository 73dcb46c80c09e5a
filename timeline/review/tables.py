"""Reading and writing the review's tables as text: rows of strings in, CSV bytes out."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from timeline.model.schema import EVENTS, EXCERPTS, VOCABULARY
from timeline.review.state import ReviewError

TABLE_FILES = (EVENTS.file, EXCERPTS.file, VOCABULARY.file)  # the files a review rewrites


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV table's header and rows (cells trimmed, as the loader trims them)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReviewError(
            f"{path.name}: byte {exc.start}: not UTF-8; save the table as UTF-8 to review it"
        ) from None
    except OSError as exc:
        raise ReviewError(f"{path.name}: cannot be read ({exc.strerror})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    rows = [
        {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        for row in reader
        if any(cell.strip() for cell in row)
    ]
    return header, rows


def csv_bytes(header: Sequence[str], rows: Iterable[dict[str, str]]) -> bytes:
    """A table as UTF-8 CSV, columns in ``header`` order."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in header})
    return out.getvalue().encode("utf-8")


def digest(data: bytes) -> str:
    """The content hash the store compares to notice edits made outside the review."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """:func:`digest` of a file, or None when there is no such file."""
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None
