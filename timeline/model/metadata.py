"""What a dataset says about itself: title, description, author, licence, and whether it is a
draft (``metadata.json``); and who wrote its own words, as every chart, page and report says it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from json.decoder import scanstring
from pathlib import Path

from timeline.model.problems import Problem, shorten
from timeline.model.text import expected, first_bad

METADATA_FILE = "metadata.json"
FIELDS = ("title", "description", "author", "license", "status")
DRAFT = "draft"
# the values of ``status``: "draft" (written by `timeline draft`, dropped by `timeline review`'s
# Finish); a dataset that is not a draft has no status
STATUSES = (DRAFT,)
MAX_BYTES = 1 << 20
_NAME_END = re.compile(r"[ \t\n\r]*:")  # what follows a field's name in JSON


@dataclass(frozen=True)
class Voice:
    """Who wrote a dataset's own words (event titles and summaries, notes), as every chart,
    page and report says it: the one place that words it."""

    mark: str  # put before the title of a chart, and beside the title of a page or report
    notice: str  # the mark said in full, beside the title of a page or report
    summary: str  # the heading of an event's summary
    note: str  # the label of a note on a date or a source
    wrote: str  # who wrote them: "Event titles … were <wrote>"

    def marked(self, title: str) -> str:
        """A chart's title with the mark before it, when there is one."""
        return f"[{self.mark}] {title}" if self.mark else title


EDITED = Voice(
    mark="",
    notice="",
    summary="Editor’s summary",
    note="Editor’s note",
    wrote="written by the dataset’s editor",
)
DRAFTED = Voice(
    mark="DRAFT",
    notice="DRAFT — machine-made by timeline draft, not yet reviewed",
    summary="Draft summary",
    note="Draft note",
    wrote="machine-made by timeline draft and not yet reviewed",
)


def voice_of(draft: bool) -> Voice:
    """How the words of a draft (``draft``), or of a finished dataset, are credited."""
    return DRAFTED if draft else EDITED


@dataclass(frozen=True)
class Metadata:
    """Each field is text or None; all are optional, as is the file. ``status`` is one of
    :data:`STATUSES` or None."""

    title: str | None = None
    description: str | None = None
    author: str | None = None
    license: str | None = None
    status: str | None = None

    @property
    def is_draft(self) -> bool:
        """Made by `timeline draft` and not yet finished in `timeline review`."""
        return self.status == DRAFT

    @property
    def voice(self) -> Voice:
        """Who wrote the dataset's own words, as its outputs say it."""
        return voice_of(self.is_draft)


def read_metadata(folder: Path) -> tuple[Metadata, list[Problem]]:
    """The folder's ``metadata.json`` (an object of text fields), or empty metadata and the
    problems found: a broken file is reported, never guessed at.

    At most ``MAX_BYTES`` + 1 bytes are read, so a huge file costs no more than a small one.
    (Whether the file is a link out of the folder is the loader's check, made before this.)
    """
    path = folder / METADATA_FILE
    if not path.is_file():
        return Metadata(), []
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return Metadata(), [Problem(METADATA_FILE, "larger than 1 MB; expected a few fields")]
        text = raw.decode("utf-8-sig")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return Metadata(), [Problem(METADATA_FILE, f"cannot be read as UTF-8 text: {exc}")]
    except json.JSONDecodeError as exc:
        problem = Problem(METADATA_FILE, f"not valid JSON: {exc.msg}", line=exc.lineno)
        return Metadata(), [problem]
    except RecursionError:  # a few hundred thousand nested brackets
        return Metadata(), [Problem(METADATA_FILE, "nested too deeply; expected a few fields")]
    if not isinstance(data, dict):
        return Metadata(), [Problem(METADATA_FILE, "expected a JSON object of text fields")]
    problems = string_problems(text)
    refused = {p.column for p in problems}  # reported already, and not used
    values = {}
    for key, value in data.items():
        if key in refused or first_bad(key) is not None:
            continue
        if key not in FIELDS:
            problems.append(
                Problem(
                    METADATA_FILE,
                    f"unknown field; expected {', '.join(FIELDS)}",
                    column=str(key),
                    severity="warning",
                )
            )
        elif not isinstance(value, str):
            problems.append(
                Problem(METADATA_FILE, "expected text", column=key, value=shorten(repr(value)))
            )
        elif key == "status" and value.strip() and value.strip() not in STATUSES:
            problems.append(
                Problem(
                    METADATA_FILE,
                    f"unknown status; expected {' or '.join(map(repr, STATUSES))}, or no status "
                    "for a dataset that is not a draft",
                    column=key,
                    value=value,
                )
            )
        elif value.strip():
            values[key] = " ".join(value.split()) if key != "description" else value.strip()
    return Metadata(**values), problems


def string_problems(text: str) -> list[Problem]:
    """Every string of a JSON document (names and values, at any depth) that breaks the text
    rule, located by line and by the top-level field it belongs to."""
    problems = []
    for start, value, is_name, field in _strings(text):
        bad = first_bad(value, prose=not is_name)
        if bad is None:
            continue
        what = "field name" if is_name else "text"
        problems.append(
            Problem(
                METADATA_FILE,
                f"{bad.describe()} of the {what}; {expected(prose=not is_name)}",
                line=text.count("\n", 0, start) + 1,
                column=None if is_name else field,
                value=value,
            )
        )
    return problems


def _strings(text: str) -> Iterator[tuple[int, str, bool, str | None]]:
    """(offset, value, whether it is a name, the top-level field it is in) of every string
    in a JSON document already known to be valid, in order."""
    depth, field, at = 0, None, 0
    while (quote := text.find('"', at)) >= 0:
        between = text[at:quote]
        depth += between.count("{") + between.count("[") - between.count("}") - between.count("]")
        value, at = scanstring(text, quote + 1)
        is_name = _NAME_END.match(text, at) is not None
        if is_name and depth == 1:
            field = value
        yield quote, value, is_name, None if is_name else field
