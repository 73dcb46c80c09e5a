"""Output files: the format from the extension, atomic writes, and never over the dataset."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from timeline.model.dataset import Dataset
from timeline.model.schema import SOURCES_DIR, TABLES

STATIC_FORMATS = ("png", "svg", "pdf")
FORMATS = (*STATIC_FORMATS, "html", "csv")


class ExportError(Exception):
    """An export that cannot be made; the message says why in one sentence."""


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def output_format(path: Path) -> str:
    """The format named by the output file's extension."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(
            f"cannot tell the format of {path.name!r}: use one of "
            + ", ".join(f".{f}" for f in FORMATS)
        )
    return fmt


def guard_dataset(dataset: Dataset, path: Path) -> None:
    """Refuse to overwrite the dataset's own files: exports never touch the user's data."""
    target = path.resolve()
    root = dataset.root.resolve()
    protected = {root / spec.file for spec in TABLES}
    if target in protected or (root / SOURCES_DIR) in target.parents:
        raise ExportError(f"{path} is part of the dataset; choose another output file")
