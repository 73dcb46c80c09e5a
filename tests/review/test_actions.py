"""What each button asks for: page values in, one operation out."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.review import ids
from timeline.review.actions import excerpt_value, operation
from timeline.review.state import ReviewError
from timeline.review.store import ReviewStore


@pytest.fixture
def store(draft: Path) -> ReviewStore:
    return ReviewStore(draft)


def test_actions_apply_to_the_checked_events_else_the_current(store: ReviewStore) -> None:
    op = operation(ids.ACCEPT, {"current": "e1", "selected": ["e3", "e4"]}, store)
    assert op == {"op": "status", "ids": ["e3", "e4"], "status": "accepted"}
    op = operation(ids.DEFER, {"current": "e1", "selected": []}, store)
    assert op == {"op": "status", "ids": ["e1"], "status": "deferred"}
    with pytest.raises(ReviewError, match="no event is chosen"):
        operation(ids.REJECT, {}, store)


def test_merge_keeps_the_current_event_first(store: ReviewStore) -> None:
    op = operation(ids.MERGE, {"current": "e4", "selected": ["e3", "e4"]}, store)
    assert op == {"op": "merge", "ids": ["e4", "e3"]}
    assert operation(ids.MERGE_GROUP, {"current": "e2"}, store)["ids"] == ["e2", "e1"]
    with pytest.raises(ReviewError, match="no proposed group"):
        operation(ids.MERGE_GROUP, {"current": "e3"}, store)


def test_the_edit_form_declares_new_names(store: ReviewStore) -> None:
    values = {"current": "e3", "title": "T", "date": "1961", "date_basis": "stated"}
    values |= {"actors": ["Russia"], "new_actors": "Soviet Union; China", "themes": []}
    op = operation(ids.SAVE, values, store)
    assert op["fields"]["actors"] == "Russia;Soviet Union;China"
    assert op["terms"] == [
        {"kind": "actor", "name": "Soviet Union"},
        {"kind": "actor", "name": "China"},
    ]
    with pytest.raises(ReviewError, match="themes is empty"):
        store.commit(op)


def test_split_names_a_new_event(store: ReviewStore) -> None:
    store.commit({"op": "merge", "ids": ["e1", "e2"]})
    quote = "On 19 June 2024 the summit opened with a parade."
    values = {"current": "e1", "excerpts": [excerpt_value("a2", quote)]}
    op = operation(ids.SPLIT, values, store)
    assert op["new_id"] == "e1-2" and op["excerpts"] == [["a2", quote]]
    store.commit(op)
    assert operation(ids.SPLIT, values | {"current": "e1-2"}, store)["new_id"] == "e1-2-2"


def test_add_excerpt_needs_a_selection(store: ReviewStore) -> None:
    with pytest.raises(ReviewError, match="select text in the article first"):
        operation(ids.ADD_EXCERPT, {"current": "e1", "selection": None}, store)
    op = operation(
        ids.ADD_EXCERPT, {"current": "e1", "selection": {"source": "a1", "text": "x"}}, store
    )
    assert op == {"op": "add_excerpt", "id": "e1", "source_id": "a1", "quote": "x"}


def form_of(store: ReviewStore, event_id: str) -> dict:
    """The edit form as the page fills it for ``event_id``."""
    from timeline.review.state import event_of, names_of

    event = event_of(store.state, event_id)
    values = {k: event.get(k, "") for k in ids.FIELD}
    values["actors"], values["themes"] = names_of(event["actors"]), names_of(event["themes"])
    return {**values, "current": event_id, "new_actors": "", "new_themes": ""}


def test_a_form_as_filled_holds_no_unsaved_edit(store: ReviewStore) -> None:
    from timeline.review.actions import unsaved_edit

    for event in store.state["events"]:
        assert unsaved_edit(form_of(store, event["id"]), store.state) is None


def test_a_typed_title_or_a_new_name_is_an_unsaved_edit(store: ReviewStore) -> None:
    from timeline.review.actions import unsaved_edit

    typed = form_of(store, "e1") | {"title": "Leaders meet"}
    op = unsaved_edit(typed, store.state)
    assert op is not None and op["id"] == "e1" and op["fields"]["title"] == "Leaders meet"
    named = form_of(store, "e1") | {"new_themes": "summits"}
    assert unsaved_edit(named, store.state)["terms"] == [{"kind": "theme", "name": "summits"}]
    assert unsaved_edit(typed | {"current": "no-such-event"}, store.state) is None
