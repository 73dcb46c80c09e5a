"""Output files: the format from the extension, atomic writes, and never over the dataset."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from timeline.model.dataset import Dataset
from timeline.model.metadata import METADATA_FILE
from timeline.model.pack_format import MANIFEST_FILE, PACKED_TABLES, QUERY_FILES
from timeline.model.schema import SOURCES_DIR, TABLES

STATIC_FORMATS = ("png", "svg", "pdf")
FORMATS = (*STATIC_FORMATS, "html", "csv", "timelinejs")
# extension -> the format it names (TimelineJS's file is JSON)
EXTENSIONS = {**{f: f for f in FORMATS if f != "timelinejs"}, "json": "timelinejs"}


class ExportError(Exception):
    """An export that cannot be made; the message says why in one sentence."""


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # an existing file keeps its mode; a new one gets the usual umask's
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        os.chmod(temp, mode)  # mkstemp makes it 0600
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def output_format(path: Path, fmt: str | None = None) -> str:
    """The format asked for (``fmt``), else the one the output file's extension names. An
    extension that names another format than ``fmt`` is refused: the file would lie."""
    named = EXTENSIONS.get(path.suffix.lower().lstrip("."))
    if fmt is None:
        if named is None:
            raise ExportError(
                f"cannot tell the format of {path.name!r}: use one of "
                + ", ".join(f".{e}" for e in EXTENSIONS)
                + " (TimelineJS), or say it with --format"
            )
        return named
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if named is not None and named != fmt:
        raise ExportError(
            f"{path.name!r} is named as {named} but the format asked for is {fmt}; "
            "name the file for its format"
        )
    return fmt


def guard_dataset(dataset: Dataset, path: Path) -> None:
    """Refuse to overwrite the dataset's own files: exports never touch the user's data.

    Real paths are compared, so neither the output nor a table being a link gets round it.
    """
    target = path.resolve()
    root = dataset.root.resolve()
    protected = {(root / spec.file).resolve() for spec in TABLES}
    # a pack's own files, and the metadata either kind may hold
    packed = (MANIFEST_FILE, METADATA_FILE, *(t.file for t in PACKED_TABLES), *QUERY_FILES.values())
    protected |= {(root / name).resolve() for name in packed}
    sources = (root / SOURCES_DIR).resolve()
    if target in protected or sources in target.parents:
        raise ExportError(f"{path} is part of the dataset; choose another output file")
