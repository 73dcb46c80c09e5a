"""The change log: one JSON object a line, appended, flushed and synced before any table is
rewritten, so whatever the folder shows can always be rebuilt from the draft and the log.

A line cut short by a crash (no closing newline) was never acknowledged: it is dropped when
the log is read and cut off before the next entry is appended.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from timeline.review.state import Op, ReviewError

LOG_FILE = "review-log.jsonl"
VERSION = 1


def read_log(path: Path) -> list[tuple[int, Op]]:
    """The operations in the log with their line numbers, oldest first ([] when none)."""
    if not path.exists():
        return []
    data = path.read_bytes()
    complete = data[: data.rfind(b"\n") + 1]
    ops: list[tuple[int, Op]] = []
    for number, line in enumerate(complete.decode("utf-8", "replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError as exc:
            raise ReviewError(f"{path.name}:{number}: not a JSON object ({exc})") from None
        if not isinstance(entry, dict) or not isinstance(entry.get("op"), dict):
            raise ReviewError(f"{path.name}:{number}: expected an object with an 'op' object")
        ops.append((number, entry["op"]))
    return ops


def append(path: Path, op: Op) -> None:
    """Add ``op`` as one line and make it durable before returning."""
    line = json.dumps(
        {"v": VERSION, "at": datetime.now(UTC).isoformat(timespec="seconds"), "op": op},
        ensure_ascii=False,
    )
    data = path.read_bytes() if path.exists() else b""
    with open(path, "ab") as handle:
        if data and not data.endswith(b"\n"):  # drop a torn last line left by a crash
            handle.truncate(data.rfind(b"\n") + 1)
        handle.write(line.encode("utf-8") + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
