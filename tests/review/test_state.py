"""The review state is a pure function of the draft and the log: undo restores exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.review.state import ReviewError, apply, base_state, replay

BASE = base_state(
    ["id", "date", "end_date", "title", "summary", "actors", "themes", "date_basis", "note",
     "label", "group", "group_reason"],
    [
        {"id": f"e{i}", "date": f"20{10 + i}", "title": f"t{i}", "actors": "A",
         "themes": "unreviewed", "date_basis": "stated", "note": f"n{i}"}
        for i in range(4)
    ],
    [{"event_id": f"e{i}", "source_id": "s", "quote": f"q{i}"} for i in range(4)]
    + [{"event_id": "e0", "source_id": "s", "quote": "q0b"}],
    [{"kind": "actor", "name": "A"}, {"kind": "theme", "name": "unreviewed"}],
)  # fmt: skip
IDS = [f"e{i}" for i in range(4)]

ops = st.one_of(
    st.builds(
        lambda ids, s: {"op": "status", "ids": ids, "status": s},
        st.lists(st.sampled_from(IDS), min_size=1, max_size=3, unique=True),
        st.sampled_from(["accepted", "rejected", "deferred", "candidate"]),
    ),
    st.builds(
        lambda ids: {"op": "merge", "ids": ids},
        st.lists(st.sampled_from(IDS), min_size=2, max_size=3, unique=True),
    ),
    st.builds(
        lambda i, t, a: {
            "op": "edit",
            "id": i,
            "fields": {"title": t, "actors": a},
            "terms": [{"kind": "actor", "name": "B"}],
        },
        st.sampled_from(IDS),
        st.text(min_size=1, max_size=8).filter(str.strip),
        st.sampled_from(["A", "B", "A;B"]),
    ),
    st.builds(
        lambda i: {"op": "add_excerpt", "id": i, "source_id": "s", "quote": "new"},
        st.sampled_from(IDS),
    ),
    st.builds(
        lambda n: {"op": "split", "id": "e0", "new_id": f"x{n}", "excerpts": [["s", "q0b"]]},
        st.integers(0, 3),
    ),
    st.just({"op": "undo"}),
    st.just({"op": "redo"}),
)  # fmt: skip


def _valid(sequence: list[dict]) -> list[dict]:
    """The operations of ``sequence`` that apply in turn (the store refuses the others)."""
    kept: list[dict] = []
    for op in sequence:
        try:
            replay(BASE, [*kept, op])
        except ReviewError:
            continue
        kept.append(op)
    return kept


@given(st.lists(ops, max_size=12), ops)
def test_undo_restores_the_previous_state_and_redo_reapplies(sequence: list, op: dict) -> None:
    kept = _valid(sequence)
    before, _, _ = replay(BASE, kept)
    try:
        after, _, _ = replay(BASE, [*kept, op])
    except ReviewError:
        return
    if op["op"] in ("undo", "redo"):
        return
    assert replay(BASE, [*kept, op, {"op": "undo"}])[0] == before
    assert replay(BASE, [*kept, op, {"op": "undo"}, {"op": "redo"}])[0] == after


@given(st.lists(ops, max_size=12))
def test_replay_is_pure(sequence: list) -> None:
    kept = _valid(sequence)
    snapshot = repr(BASE)
    assert replay(BASE, kept) == replay(BASE, kept)
    assert repr(BASE) == snapshot


@given(st.lists(ops, max_size=12))
def test_every_excerpt_belongs_to_an_event_and_merges_lose_no_quote(sequence: list) -> None:
    state, _, _ = replay(BASE, _valid(sequence))
    ids = {e["id"] for e in state["events"]}
    assert {x["event_id"] for x in state["excerpts"]} <= ids
    assert {"q0", "q1", "q2", "q3", "q0b"} <= {x["quote"] for x in state["excerpts"]}


def test_merge_keeps_every_excerpt_and_folds_the_fields() -> None:
    state = apply(
        BASE,
        {
            "op": "edit",
            "id": "e1",
            "fields": {"actors": "B"},
            "terms": [{"kind": "actor", "name": "B"}],
        },
    )
    merged = apply(state, {"op": "merge", "ids": ["e0", "e1"]})
    assert [e["id"] for e in merged["events"]] == ["e0", "e2", "e3"]
    assert merged["events"][0]["actors"] == "A;B"
    assert merged["events"][0]["note"] == "n0 | n1"
    assert [x["quote"] for x in merged["excerpts"] if x["event_id"] == "e0"] == ["q0", "q1", "q0b"]


@pytest.mark.parametrize(
    ("op", "message"),
    [
        ({"op": "edit", "id": "e0", "fields": {"date": "2024-13"}}, "date '2024-13'"),
        ({"op": "edit", "id": "e0", "fields": {"actors": "Z"}}, "'Z' is not a declared actor"),
        ({"op": "edit", "id": "e0", "fields": {"title": " "}}, "title is empty"),
        ({"op": "edit", "id": "e0", "fields": {"date_basis": "guess"}}, "date_basis 'guess'"),
        ({"op": "edit", "id": "e0", "fields": {"end_date": "2009"}}, "is before date"),
        ({"op": "edit", "id": "e0", "fields": {"title": "a\x07b"}}, "title: "),
        ({"op": "edit", "id": "e0", "fields": {"summary": "two\nlines"}}, None),
        ({"op": "merge", "ids": ["e0"]}, "two events or more"),
        ({"op": "status", "ids": ["nope"], "status": "accepted"}, "no event 'nope'"),
        ({"op": "split", "id": "e1", "new_id": "x", "excerpts": [["s", "q1"]]}, "at least one"),
        ({"op": "drop"}, "unknown operation 'drop'"),
    ],
)
def test_bad_operations_say_why(op: dict, message: str | None) -> None:
    if message is None:  # allowed: the case beside it shows where the line is
        apply(BASE, op)
        return
    with pytest.raises(ReviewError, match=message.replace("(", r"\(")):
        apply(BASE, op)


def test_undo_with_nothing_done_is_refused() -> None:
    with pytest.raises(ReviewError, match="nothing to undo"):
        replay(BASE, [{"op": "undo"}])
