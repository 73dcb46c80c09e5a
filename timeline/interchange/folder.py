"""An imported timeline written as a dataset folder, all at once or not at all.

What a TimelineJS file cannot say is said in each event's note, never guessed:

- it holds no article text, so no event can quote one: every event is kept *uncited* (the
  check warns of it) until its article is added to ``sources/`` and its quote to
  ``excerpts.csv``; a slide's text becomes the event's summary;
- how a date was established is unknown, so ``date_basis`` is ``external`` (from outside
  the sources) and the note says the date is the TimelineJS file's;
- a time of day, a display date that differs from the date and the slide's media are noted;
- a slide's group becomes its one actor (the lane it is drawn in); there are no themes.

Ids are the slides' ``unique_id``; a slide without one gets ``<date>-<words of its title>``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd

from timeline.interchange.slides import Slide, Timeline
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.dates import date_labels, parse_dates
from timeline.model.folders import folder_problem, staged_folder
from timeline.model.metadata import METADATA_FILE
from timeline.model.problems import DatasetError
from timeline.model.schema import EVENTS, EXCERPTS, SOURCES, SOURCES_DIR, VOCABULARY

BASIS = "external"


class ImportFailed(Exception):
    """The folder cannot be written; the message says why in one sentence."""


def check_output_folder(out: Path) -> None:
    """OUT must not exist, or be an empty folder: an import never mixes with other files."""
    if problem := folder_problem(out):
        raise ImportFailed(problem)


def write_folder(timeline: Timeline, file_name: str, out: Path) -> Dataset:
    """Write ``timeline`` (read from ``file_name``) as the dataset folder ``out``: built
    beside it, loaded by the loader, then renamed into place. Returns the loaded dataset."""
    check_output_folder(out)
    try:
        with staged_folder(out) as staged:
            _write_tables(staged, timeline, file_name)
            try:
                dataset = load_dataset(staged)
            except DatasetError as exc:  # a slide the reader let through: say which check
                first = exc.problems[0] if exc.problems else exc
                raise ImportFailed(
                    f"the imported dataset does not pass the check: {first}"
                ) from None
    except FileExistsError as exc:  # OUT filled up while the folder was being built
        raise ImportFailed(str(exc)) from None
    return dataset


def _write_tables(root: Path, timeline: Timeline, file_name: str) -> None:
    (root / SOURCES_DIR).mkdir()
    slides = timeline.slides
    ids = event_ids(slides)
    labels = date_labels(  # the dataset's own wording of each date, all at once
        parse_dates(pd.Series([s.start for s in slides], dtype="str")),
        parse_dates(pd.Series([s.end for s in slides], dtype="str")),
    )
    events = pd.DataFrame(
        [
            _event(slide, event_id, note(slide, file_name, label))
            for slide, event_id, label in zip(slides, ids, labels, strict=True)
        ],
        columns=list(EVENTS.names),
    )
    groups = list(dict.fromkeys(s.group for s in timeline.slides if s.group))
    vocabulary = pd.DataFrame(
        {
            "kind": ["actor"] * len(groups),
            "name": groups,
            "description": [f"A group of the TimelineJS file {file_name}"] * len(groups),
        },
        columns=list(VOCABULARY.names),
    )
    for frame, spec in (
        (events, EVENTS),
        (vocabulary, VOCABULARY),
        (pd.DataFrame(columns=list(SOURCES.names)), SOURCES),
        (pd.DataFrame(columns=list(EXCERPTS.names)), EXCERPTS),
    ):
        frame.to_csv(root / spec.file, index=False, lineterminator="\n")
    meta = {"title": timeline.title, "description": timeline.description}
    meta = {k: v for k, v in meta.items() if v}
    if meta:
        text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
        (root / METADATA_FILE).write_text(text, encoding="utf-8")


def _event(slide: Slide, event_id: str, note: str) -> dict[str, str]:
    return {
        "id": event_id,
        "date": slide.start,
        "end_date": slide.end,
        "title": slide.headline,
        "summary": slide.text,
        "actors": slide.group,
        "themes": "",
        "date_basis": BASIS,
        "note": note,
    }


def note(slide: Slide, file_name: str, label: str) -> str:
    """Where the event came from, and what of its slide the dataset cannot hold (``label``:
    the date as the dataset writes it, which a display date is compared with)."""
    said = [
        f"From the TimelineJS file {file_name} ({slide.where}), with its date as given there; "
        "no article quoted yet."
    ]
    if slide.display_date and slide.display_date != label:
        said.append(f"Its display date there: ‘{slide.display_date}’.")
    if slide.time:
        said.append(f"Its time of day there: {slide.time}.")
    if slide.media:
        said.append(f"Its media there: {slide.media}.")
    return " ".join(said)


def event_ids(slides: list[Slide]) -> list[str]:
    """Each slide's id: its ``unique_id``, else its date and the first words of its title,
    numbered when two would be the same."""
    taken = {s.unique_id for s in slides if s.unique_id}
    ids = []
    for slide in slides:
        if slide.unique_id:
            ids.append(slide.unique_id)
            continue
        base = f"{slide.start}-{_slug(slide.headline) or 'event'}"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        ids.append(candidate)
    return ids


def _slug(text: str, limit: int = 48) -> str:
    """'Soviet Union and North Korea sign…' as 'soviet-union-and-north-korea-sign'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = "-".join(re.findall(r"[a-z0-9]+", plain.lower()))
    return slug[:limit].rsplit("-", 1)[0] if len(slug) > limit else slug
