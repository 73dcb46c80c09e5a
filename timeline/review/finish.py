"""Finishing a review: the accepted events, their excerpts, the sources they cite and the
vocabulary they use, written as a dataset folder that passes the dataset check."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from timeline.load.loader import load_dataset
from timeline.model.folders import folder_problem
from timeline.model.metadata import METADATA_FILE
from timeline.model.problems import DatasetError
from timeline.model.schema import EVENTS, EXCERPTS, SOURCES, SOURCES_DIR, VOCABULARY
from timeline.review.state import GROUP, GROUP_REASON, STATUS, ReviewError, State, names_of
from timeline.review.tables import csv_bytes, read_table

REVIEW_ONLY = (STATUS, GROUP, GROUP_REASON)  # columns that mean something only in a review


def default_output(folder: Path) -> Path:
    """Where *Finish* writes when not told: ``DIR-reviewed`` beside the draft."""
    return folder.resolve().parent / f"{folder.resolve().name}-reviewed"


def _check_place(folder: Path, out: Path) -> None:
    real_in, real_out = folder.resolve(), out.resolve()
    if real_out == real_in or real_in in real_out.parents or real_out in real_in.parents:
        raise ReviewError(f"{out}: the finished dataset needs a folder outside the draft")
    if problem := folder_problem(out):
        raise ReviewError(problem)


def finish(folder: Path, state: State, out: Path) -> str:
    """Write the accepted events of ``state`` as a dataset at ``out``; return its summary."""
    _check_place(folder, out)
    events = [e for e in state["events"] if e[STATUS] == "accepted"]
    if not events:
        raise ReviewError("no event is accepted yet; accept events before finishing")
    ids = {e["id"] for e in events}
    excerpts = [x for x in state["excerpts"] if x["event_id"] in ids]
    cited = {x["source_id"] for x in excerpts}
    used = {("actor", n) for e in events for n in names_of(e["actors"])}
    used |= {("theme", n) for e in events for n in names_of(e["themes"])}
    header, sources = read_table(folder / SOURCES.file)
    sources = [s for s in sources if s.get("id") in cited]
    columns = [c for c in state["columns"] if c not in REVIEW_ONLY]
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=parent))
    try:
        (staging / SOURCES_DIR).mkdir()
        for source in sources:
            target = staging / SOURCES_DIR / source["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / SOURCES_DIR / source["file"], target)
        tables = {
            EVENTS.file: csv_bytes(columns, events),
            EXCERPTS.file: csv_bytes(EXCERPTS.names, excerpts),
            SOURCES.file: csv_bytes(header, sources),
            VOCABULARY.file: csv_bytes(
                VOCABULARY.names,
                [v for v in state["vocabulary"] if (v["kind"], v["name"]) in used],
            ),
        }
        for name, data in tables.items():
            (staging / name).write_bytes(data)
        _finish_metadata(folder, staging)
        try:
            summary = load_dataset(staging).summary()
        except DatasetError as exc:
            first = exc.problems[0] if exc.problems else exc
            raise ReviewError(f"the finished dataset does not pass the check: {first}") from None
        if out.exists():
            out.rmdir()
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return summary


def _finish_metadata(folder: Path, staging: Path) -> None:
    """Copy ``metadata.json`` without its ``status``: a finished review is not a draft (and
    "draft" is the only status). Written into the staging folder, renamed into place whole."""
    path = folder / METADATA_FILE
    if not path.is_file():
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # as the loader reads it
    except ValueError:
        shutil.copyfile(path, staging / path.name)  # the check reports it as it would anyway
        return
    if isinstance(data, dict):
        data.pop("status", None)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    (staging / path.name).write_text(text, encoding="utf-8")
