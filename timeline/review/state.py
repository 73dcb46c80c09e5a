"""The review's state as a pure function of the draft and the operations applied to it.

A state is plain data (lists of dicts of strings), so two states compare with ``==`` and a
replay from the same base and log always gives the same result. Operations that make no sense
in a state (an unknown event, a bad date) raise :class:`ReviewError` with a one-line reason;
the store checks an operation this way before it is written to the log.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import pandas as pd

from timeline.model.dates import DATE_FORMAT_HINT, parse_dates
from timeline.model.schema import DATE_BASES, LIST_SEPARATOR, VOCABULARY_KINDS
from timeline.model.text import text_problem

State = dict[
    str, Any
]  # {"columns": [...], "events": [...], "excerpts": [...], "vocabulary": [...]}
Op = dict[str, Any]

STATUS = "status"
STATUSES = ("candidate", "accepted", "deferred", "rejected")
GROUP, GROUP_REASON = "group", "group_reason"
EDITABLE = (
    "date",
    "end_date",
    "note",
    "date_basis",
    "title",
    "label",
    "summary",
    "actors",
    "themes",
)
PROSE = ("summary", "note", "actors", "themes")  # may hold line breaks (timeline.model.text)
PLACEHOLDERS = ("unassigned", "unreviewed")  # the draft's stand-ins, dropped when merged away


class ReviewError(ValueError):
    """An operation or a log entry that cannot be applied; the message says why. ``index``
    is the position of the failing operation when a replay fails."""

    index: int | None = None


def base_state(
    columns: Iterable[str],
    events: Iterable[dict[str, str]],
    excerpts: Iterable[dict[str, str]],
    vocabulary: Iterable[dict[str, str]],
) -> State:
    """The state of a draft as read from its tables: every event a candidate unless the
    tables already say otherwise."""
    names = [c for c in columns if c != STATUS] + [STATUS]
    rows = []
    for event in events:
        row = {name: str(event.get(name) or "") for name in names}
        row[STATUS] = row[STATUS] if row[STATUS] in STATUSES else "candidate"
        rows.append(row)
    return {
        "columns": names,
        "events": rows,
        "excerpts": [_excerpt(e["event_id"], e["source_id"], e["quote"]) for e in excerpts],
        "vocabulary": [
            {"kind": v["kind"], "name": v["name"], "description": v.get("description") or ""}
            for v in vocabulary
        ],
    }


def _excerpt(event_id: str, source_id: str, quote: str) -> dict[str, str]:
    return {"event_id": event_id, "source_id": source_id, "quote": quote}


def event_of(state: State, event_id: object) -> dict[str, str]:
    """The event with this id (the live dict inside ``state``)."""
    for event in state["events"]:
        if event["id"] == event_id:
            return event
    raise ReviewError(f"no event {event_id!r}")


def names_of(value: str) -> list[str]:
    """A ``;``-separated cell as a list of names."""
    return [n.strip() for n in value.split(LIST_SEPARATOR) if n.strip()]


def _ids(op: Op, key: str = "ids") -> list[str]:
    ids = op.get(key)
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise ReviewError(f"'{key}' must be a list of event ids")
    if len(set(ids)) != len(ids):
        raise ReviewError(f"'{key}' names an event twice")
    return ids


def _set_status(state: State, op: Op) -> None:
    status = op.get("status")
    if status not in STATUSES:
        raise ReviewError(f"status {status!r}: expected one of {', '.join(STATUSES)}")
    for event_id in _ids(op):
        event_of(state, event_id)[STATUS] = status


def _union(values: Iterable[str]) -> str:
    names = list(dict.fromkeys(n for v in values for n in names_of(v)))
    real = [n for n in names if n not in PLACEHOLDERS]
    return LIST_SEPARATOR.join(real or names)


def _merge(state: State, op: Op) -> None:
    ids = _ids(op)
    if len(ids) < 2:
        raise ReviewError("a merge needs two events or more")
    events = [event_of(state, i) for i in ids]
    keep, others = events[0], events[1:]
    for column in ("actors", "themes"):
        keep[column] = _union(e[column] for e in events)
    for column in ("summary", "label"):  # never an end date: it may lie before keep's date
        keep[column] = keep[column] or next((e[column] for e in others if e[column]), "")
    notes = dict.fromkeys(e["note"] for e in events if e["note"])
    keep["note"] = " | ".join(notes)
    if any(e[STATUS] == "accepted" for e in events):
        keep[STATUS] = "accepted"
    gone = set(ids[1:])
    state["events"] = [e for e in state["events"] if e["id"] not in gone]
    seen: set[tuple[str, str]] = set()
    kept = []
    for excerpt in state["excerpts"]:
        if excerpt["event_id"] in gone:
            excerpt = _excerpt(keep["id"], excerpt["source_id"], excerpt["quote"])
        key = (
            (excerpt["source_id"], excerpt["quote"]) if excerpt["event_id"] == keep["id"] else None
        )
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        kept.append(excerpt)
    state["excerpts"] = kept


def _split(state: State, op: Op) -> None:
    source = event_of(state, op.get("id"))
    new_id = op.get("new_id")
    if not isinstance(new_id, str) or not new_id.strip():
        raise ReviewError("a split needs the new event's id")
    if any(e["id"] == new_id for e in state["events"]):
        raise ReviewError(f"event {new_id!r} exists already")
    moved = op.get("excerpts")
    if not isinstance(moved, list) or not moved:
        raise ReviewError("a split needs the excerpts to move: a list of [source id, quote]")
    wanted = {tuple(m) for m in moved if isinstance(m, list) and len(m) == 2}
    own = [x for x in state["excerpts"] if x["event_id"] == source["id"]]
    if len(wanted) != len(moved) or not wanted <= {(x["source_id"], x["quote"]) for x in own}:
        raise ReviewError(f"the excerpts to move are not all excerpts of {source['id']!r}")
    if len(wanted) == len(own):
        raise ReviewError("a split must leave the event at least one excerpt")
    new = dict(source, id=new_id, **{STATUS: "candidate", GROUP: "", GROUP_REASON: ""})
    new = {k: v for k, v in new.items() if k in state["columns"]}
    state["events"].insert(state["events"].index(source) + 1, new)
    for excerpt in state["excerpts"]:
        if (
            excerpt["event_id"] == source["id"]
            and (excerpt["source_id"], excerpt["quote"]) in wanted
        ):
            excerpt["event_id"] = new_id


def _check_date(value: str, column: str, required: bool) -> None:
    if not value:
        if required:
            raise ReviewError(f"{column} is empty: expected {DATE_FORMAT_HINT}")
        return
    parsed = parse_dates(pd.Series([value], dtype="str"))
    if not bool(parsed["valid"].iloc[0]):
        raise ReviewError(f"{column} {value!r}: {parsed['error'].iloc[0] or DATE_FORMAT_HINT}")


def _add_terms(state: State, terms: object) -> None:
    if not isinstance(terms, list):
        raise ReviewError("'terms' must be a list of {kind, name}")
    declared = {(v["kind"], v["name"]) for v in state["vocabulary"]}
    for term in terms:
        kind, name = (term.get("kind"), term.get("name")) if isinstance(term, dict) else (0, 0)
        if kind not in VOCABULARY_KINDS or not isinstance(name, str) or not name.strip():
            raise ReviewError(f"new term {term!r}: expected a kind (actor or theme) and a name")
        problem = text_problem(name)
        if problem:
            raise ReviewError(f"new {kind} {name!r}: {problem}")
        if LIST_SEPARATOR in name:
            raise ReviewError(f"new {kind} {name!r}: a name cannot contain '{LIST_SEPARATOR}'")
        if (kind, name.strip()) not in declared:
            declared.add((kind, name.strip()))
            description = str(term.get("description") or "")
            state["vocabulary"].append(
                {"kind": kind, "name": name.strip(), "description": description}
            )


def _edit(state: State, op: Op) -> None:
    event = event_of(state, op.get("id"))
    fields = op.get("fields")
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        raise ReviewError("'fields' must map column names to text")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ReviewError(f"cannot edit {sorted(unknown)}: editable are {', '.join(EDITABLE)}")
    for column, value in fields.items():
        problem = text_problem(value, prose=column in PROSE)
        if problem:
            raise ReviewError(f"{column}: {problem}")
    _add_terms(state, op.get("terms", []))
    new = dict(event, **{k: v.strip() for k, v in fields.items()})
    _check_date(new["date"], "date", required=True)
    _check_date(new["end_date"], "end_date", required=False)
    if (
        new["end_date"]
        and parse_dates(pd.Series([new["end_date"]]))["end"].iloc[0]
        <= (parse_dates(pd.Series([new["date"]]))["start"].iloc[0])
    ):
        raise ReviewError(f"end_date {new['end_date']!r} is before date {new['date']!r}")
    if new["date_basis"] not in DATE_BASES:
        raise ReviewError(f"date_basis {new['date_basis']!r}: expected {', '.join(DATE_BASES)}")
    if not new["title"]:
        raise ReviewError("title is empty: every event needs a short title")
    for column, kind in (("actors", "actor"), ("themes", "theme")):
        declared = {v["name"] for v in state["vocabulary"] if v["kind"] == kind}
        names = names_of(new[column])
        if not names:
            raise ReviewError(f"{column} is empty: name at least one {kind}")
        missing = [n for n in names if n not in declared]
        if missing:
            raise ReviewError(f"{column}: {missing[0]!r} is not a declared {kind}; add it as new")
        new[column] = LIST_SEPARATOR.join(names)
    event.update(new)


def _add_excerpt(state: State, op: Op) -> None:
    event = event_of(state, op.get("id"))
    source_id, quote = op.get("source_id"), op.get("quote")
    if not isinstance(source_id, str) or not isinstance(quote, str) or not quote.strip():
        raise ReviewError("an excerpt needs a source id and a quote")
    if any(
        x["event_id"] == event["id"] and x["source_id"] == source_id and x["quote"] == quote.strip()
        for x in state["excerpts"]
    ):
        raise ReviewError("the event already cites this quote")
    state["excerpts"].append(_excerpt(event["id"], source_id, quote.strip()))


APPLY = {
    "status": _set_status,
    "merge": _merge,
    "split": _split,
    "edit": _edit,
    "add_excerpt": _add_excerpt,
}


def apply(state: State, op: Op) -> State:
    """``state`` after ``op`` (a new state; ``state`` itself is not changed)."""
    kind = op.get("op") if isinstance(op, dict) else None
    if kind not in APPLY:
        raise ReviewError(f"unknown operation {kind!r}: expected one of {', '.join(APPLY)}")
    new = copy.deepcopy(state)
    APPLY[kind](new, op)
    return new


def replay(base: State, ops: Iterable[Op]) -> tuple[State, list[Op], list[Op]]:
    """The state after a log's operations, with undo and redo as a stack over them; also the
    operations done (undo takes back the last) and undone (redo applies the last)."""
    done: list[Op] = []
    undone: list[Op] = []
    states = [base]
    for index, op in enumerate(ops):
        try:
            states = _step(states, done, undone, op)
        except ReviewError as exc:
            exc.index = index
            raise
    return states[-1], done, undone


def _step(states: list[State], done: list[Op], undone: list[Op], op: Op) -> list[State]:
    """One operation of :func:`replay` (the stacks are updated in place)."""
    if isinstance(op, dict) and op.get("op") == "undo":
        if not done:
            raise ReviewError("nothing to undo")
        undone.append(done.pop())
        states.pop()
    elif isinstance(op, dict) and op.get("op") == "redo":
        if not undone:
            raise ReviewError("nothing to redo")
        done.append(undone.pop())
        states.append(apply(states[-1], done[-1]))
    else:
        states.append(apply(states[-1], op))
        done.append(op)
        undone.clear()
    return states
