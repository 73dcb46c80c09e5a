"""Writing a dataset folder as one step: the rules every command that writes one (draft,
import, pack, review's Finish) keeps, said once.

- The output is a new or an empty folder: never mixed with other files.
- It lies outside the input, which is never changed, does not hold it, and is not a link
  (nor passes through one that leads nowhere: making it would make folders elsewhere).
- It is built in a hidden folder beside it and renamed into place only when whole, so a
  failure at any point leaves nothing half-written.

Each command raises its own error with these sentences, and chooses its exit code.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def folder_problem(out: Path) -> str | None:
    """Why ``out`` cannot receive a new folder (it exists and is not an empty folder)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        return f"{out} is not empty; choose a new or empty output folder"
    return None


def place_problem(source: Path, out: Path, *, source_is: str, writer: str) -> str | None:
    """Why ``out`` is no place to write from ``source`` (``source_is``: "the input folder",
    "the dataset folder"; ``writer``: "a draft", "packing"), or None."""
    link = _dangling_link(out)
    if link is not None:
        where = "is" if link == out else f"passes through {link}, which is"
        return f"{out} {where} a link to nothing; name a new folder, not a link"
    if out.is_symlink():
        return f"{out} is a link; name a new or empty folder, not a link"
    real_in, real_out = source.resolve(), out.resolve()
    if real_out == real_in:
        return f"{out} is {source_is}; the output needs a folder of its own"
    if real_in in real_out.parents:
        return (
            f"{out} is inside {source_is} {source}, which {writer} never changes; "
            "choose a folder outside it"
        )
    if real_out in real_in.parents:
        return f"{out} holds {source_is} {source}; choose another folder"
    return None


def _dangling_link(path: Path) -> Path | None:
    """The first link, from ``path`` up to its first existing folder, that leads nowhere."""
    for part in (path, *path.parents):
        if part.is_symlink() and not part.exists():
            return part
        if part.exists():
            return None
    return None


@contextmanager
def staged_folder(out: Path) -> Iterator[Path]:
    """A hidden folder beside ``out`` to build it in; renamed to ``out`` when the block ends
    without an error (``out`` is checked again first: something may have appeared there),
    removed when it raises. Raises :class:`FileExistsError` if ``out`` filled up meanwhile."""
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=parent))
    try:
        yield staged
        problem = folder_problem(out)
        if problem:
            raise FileExistsError(problem)
        if out.exists():
            out.rmdir()
        os.replace(staged, out)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
