"""What a dataset says about itself: title, description, author, licence (``metadata.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from timeline.model.problems import Problem, shorten

METADATA_FILE = "metadata.json"
FIELDS = ("title", "description", "author", "license")
MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class Metadata:
    """Each field is text or None; all are optional, as is the file."""

    title: str | None = None
    description: str | None = None
    author: str | None = None
    license: str | None = None


def read_metadata(folder: Path) -> tuple[Metadata, list[Problem]]:
    """The folder's ``metadata.json`` (an object of text fields), or empty metadata and the
    problems found: a broken file is reported, never guessed at."""
    path = folder / METADATA_FILE
    if not path.is_file():
        return Metadata(), []
    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
        if len(raw) > MAX_BYTES:
            return Metadata(), [Problem(METADATA_FILE, "larger than 1 MB; expected a few fields")]
        data = json.loads(raw.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        return Metadata(), [Problem(METADATA_FILE, f"cannot be read as UTF-8 text: {exc}")]
    except json.JSONDecodeError as exc:
        problem = Problem(METADATA_FILE, f"not valid JSON: {exc.msg}", line=exc.lineno)
        return Metadata(), [problem]
    if not isinstance(data, dict):
        return Metadata(), [Problem(METADATA_FILE, "expected a JSON object of text fields")]
    problems, values = [], {}
    for key, value in data.items():
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
        elif value.strip():
            values[key] = " ".join(value.split()) if key != "description" else value.strip()
    return Metadata(**values), problems
