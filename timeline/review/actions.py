"""What each button of the review page asks the store to do: page values in, one operation
out. Kept apart from Dash so it is tested without a browser."""

from __future__ import annotations

from typing import Any

from timeline.model.schema import LIST_SEPARATOR
from timeline.review import ids
from timeline.review.state import GROUP, STATUS, Op, ReviewError, State, event_of, names_of
from timeline.review.store import ReviewStore

STATUS_OF = {ids.ACCEPT: "accepted", ids.REJECT: "rejected", ids.DEFER: "deferred"}


def targets(values: dict[str, Any]) -> list[str]:
    """The events an action is for: the checked ones, else the one under the cursor."""
    checked = [str(i) for i in values.get("selected") or []]
    if checked:
        return checked
    if values.get("current"):
        return [str(values["current"])]
    raise ReviewError("no event is chosen: move to one with j/k or check some")


def _names(chosen: object, new: object) -> tuple[str, list[str]]:
    """The names of a multi-choice plus the new ones typed beside it (``;``-separated)."""
    picked = [str(n) for n in chosen or []] if isinstance(chosen, list) else names_of(str(chosen))
    added = names_of(str(new or ""))
    return LIST_SEPARATOR.join(dict.fromkeys(picked + added)), added


def edit_op(values: dict[str, Any]) -> Op:
    """The edit form's fields as one edit of the current event (new terms declared)."""
    event_id = values.get("current")
    if not event_id:
        raise ReviewError("no event is chosen to edit")
    fields = {k: str(values.get(k) or "") for k in ids.FIELD if k not in ("actors", "themes")}
    fields["actors"], new_actors = _names(values.get("actors"), values.get("new_actors"))
    fields["themes"], new_themes = _names(values.get("themes"), values.get("new_themes"))
    terms = [{"kind": "actor", "name": n} for n in new_actors]
    terms += [{"kind": "theme", "name": n} for n in new_themes]
    return {"op": "edit", "id": str(event_id), "fields": fields, "terms": terms}


def unsaved_edit(values: dict[str, Any], state: State) -> Op | None:
    """The edit the form holds for its event (``values["current"]``) that was never saved,
    or None when the form says what the event says (or the event is gone): what moving the
    cursor away would otherwise lose."""
    try:
        event = event_of(state, str(values.get("current") or ""))
    except ReviewError:
        return None
    op = edit_op(values)
    stored = {k: str(event.get(k) or "") for k in op["fields"]}
    for kind in ("actors", "themes"):
        stored[kind] = LIST_SEPARATOR.join(names_of(stored[kind]))
    return op if op["terms"] or op["fields"] != stored else None


def group_members(state: State, event_id: str) -> list[str]:
    """The events proposed as one with ``event_id`` (itself first), not rejected."""
    group = event_of(state, event_id).get(GROUP, "")
    if not group:
        return [event_id]
    others = [
        e["id"]
        for e in state["events"]
        if e.get(GROUP) == group and e["id"] != event_id and e[STATUS] != "rejected"
    ]
    return [event_id, *others]


def operation(trigger: str, values: dict[str, Any], store: ReviewStore) -> Op:
    """The operation a click on ``trigger`` asks for (raises ReviewError when it cannot)."""
    if trigger in STATUS_OF:
        return {"op": "status", "ids": targets(values), "status": STATUS_OF[trigger]}
    if trigger == ids.UNDO:
        return {"op": "undo"}
    if trigger == ids.REDO:
        return {"op": "redo"}
    if trigger == ids.MERGE:
        chosen = targets(values)
        current = values.get("current")
        if current in chosen:  # the event under the cursor keeps its id and date
            chosen = [current, *[i for i in chosen if i != current]]
        if len(chosen) < 2:
            raise ReviewError("check two events or more to merge them")
        return {"op": "merge", "ids": chosen}
    if trigger == ids.MERGE_GROUP:
        members = group_members(store.state, str(values.get("current") or ""))
        if len(members) < 2:
            raise ReviewError("this event has no proposed group to merge")
        return {"op": "merge", "ids": members}
    if trigger == ids.SAVE:
        return edit_op(values)
    if trigger == ids.SPLIT:
        moved = values.get("excerpts") or []
        current = str(values.get("current") or "")
        if not current or not moved:
            raise ReviewError("check the excerpts to split off into a new event")
        return {
            "op": "split",
            "id": current,
            "new_id": store.new_id(current),
            "excerpts": [list(m) for m in _decoded(moved)],
        }
    if trigger == ids.ADD_EXCERPT:
        chosen = values.get("selection") or {}
        if not values.get("current") or not isinstance(chosen, dict) or not chosen.get("text"):
            raise ReviewError("select text in the article first, then press Add as excerpt")
        return {
            "op": "add_excerpt",
            "id": str(values["current"]),
            "source_id": str(chosen.get("source") or ""),
            "quote": str(chosen["text"]),
        }
    raise ReviewError(f"unknown action {trigger!r}")


def excerpt_value(source_id: str, quote: str) -> str:
    """An excerpt as one checklist value (source id, a tab, the quote)."""
    return f"{source_id}\t{quote}"


def _decoded(values: list[Any]) -> list[tuple[str, str]]:
    pairs = [str(v).split("\t", 1) for v in values]
    if any(len(p) != 2 for p in pairs):
        raise ReviewError("the excerpts to split are not excerpts of this event")
    return [(p[0], p[1]) for p in pairs]
