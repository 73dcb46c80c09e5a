"""The review folder: log first, tables rewritten in an order that always loads, outside
edits never overwritten, and a finished dataset that passes the check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import scaled_examples
from timeline.load.loader import load_dataset
from timeline.review.finish import finish
from timeline.review.log import LOG_FILE
from timeline.review.state import ReviewError
from timeline.review.store import ExternalChange, ReviewStore, save_steps
from timeline.review.tables import TABLE_FILES, read_table


def test_first_open_keeps_the_draft_and_marks_every_event_a_candidate(draft: Path) -> None:
    original = (draft / "events.csv").read_bytes()
    store = ReviewStore(draft)
    assert (draft / ".review" / "base" / "events.csv").read_bytes() == original
    header, rows = read_table(draft / "events.csv")
    assert header[-1] == "status" and {r["status"] for r in rows} == {"candidate"}
    assert len(store.dataset.events) == 4


def test_changes_are_logged_then_shown_and_survive_a_reopen(draft: Path) -> None:
    store = ReviewStore(draft)
    store.commit({"op": "status", "ids": ["e1", "e3"], "status": "accepted"})
    store.commit({"op": "status", "ids": ["e4"], "status": "rejected"})
    store.commit({"op": "merge", "ids": ["e1", "e2"]})
    lines = (draft / LOG_FILE).read_text().splitlines()
    assert [json.loads(line)["op"]["op"] for line in lines] == ["status", "status", "merge"]
    dataset = load_dataset(draft)
    assert sorted(dataset.events["id"]) == ["e1", "e3"]  # e4 rejected, e2 merged into e1
    assert dataset.events.set_index("id").loc["e1", "n_sources"] == 2
    assert ReviewStore(draft).state == store.state


def test_undo_and_redo_go_back_through_the_log(draft: Path) -> None:
    store = ReviewStore(draft)
    before = store.state
    store.commit({"op": "merge", "ids": ["e1", "e2"]})
    after = store.state
    store.commit({"op": "undo"})
    assert store.state == before
    assert sorted(load_dataset(draft).events["id"]) == ["e1", "e2", "e3", "e4"]
    store.commit({"op": "redo"})
    assert store.state == after
    with pytest.raises(ReviewError, match="nothing to redo"):
        store.commit({"op": "redo"})


def test_an_excerpt_must_be_found_in_its_article(draft: Path) -> None:
    store = ReviewStore(draft)
    with pytest.raises(ReviewError, match="is not in article 'a2'"):
        store.commit({"op": "add_excerpt", "id": "e1", "source_id": "a2", "quote": "invented"})
    assert not (draft / LOG_FILE).exists()
    quote = "On 19 June 2024 the summit opened"
    store.commit({"op": "add_excerpt", "id": "e1", "source_id": "a2", "quote": quote})
    assert quote in set(load_dataset(draft).excerpts["quote"])


def test_an_edit_can_declare_new_terms(draft: Path) -> None:
    store = ReviewStore(draft)
    store.commit(
        {
            "op": "edit",
            "id": "e3",
            "fields": {"title": "1961 treaty", "actors": "Soviet Union", "themes": "diplomacy"},
            "terms": [{"kind": "actor", "name": "Soviet Union"}],
        }
    )
    dataset = load_dataset(draft)
    assert "Soviet Union" in dataset.actors
    assert dataset.events.set_index("id").loc["e3", "title"] == "1961 treaty"


def test_tables_changed_outside_the_review_are_never_overwritten(draft: Path) -> None:
    store = ReviewStore(draft)
    edited = (draft / "events.csv").read_text().replace("A first treaty", "Hand edit")
    (draft / "events.csv").write_text(edited)
    with pytest.raises(ExternalChange, match=r"events\.csv was changed outside the review"):
        store.commit({"op": "status", "ids": ["e1"], "status": "accepted"})
    assert (draft / "events.csv").read_text() == edited
    assert not (draft / LOG_FILE).exists()
    with pytest.raises(ExternalChange):
        ReviewStore(draft)
    (draft / "events.csv").unlink()  # moved aside: the review rewrites it from its log
    assert len(ReviewStore(draft).state["events"]) == 4


def test_a_torn_last_log_line_is_dropped(draft: Path) -> None:
    store = ReviewStore(draft)
    store.commit({"op": "status", "ids": ["e1"], "status": "accepted"})
    with (draft / LOG_FILE).open("a") as log:
        log.write('{"v": 1, "op": {"op": "status", "ids": ["e2"], "sta')
    reopened = ReviewStore(draft)
    assert reopened.state == store.state
    reopened.commit({"op": "status", "ids": ["e3"], "status": "deferred"})
    assert len((draft / LOG_FILE).read_text().splitlines()) == 2


def test_a_broken_log_line_is_located(draft: Path) -> None:
    ReviewStore(draft)
    (draft / LOG_FILE).write_text('{"v": 1, "op": {"op": "status"}}\nnot json\n')
    with pytest.raises(ReviewError, match=r"review-log.jsonl:2: not a JSON object"):
        ReviewStore(draft)
    (draft / LOG_FILE).write_text('{"v": 1, "op": {"op": "merge", "ids": ["e1", "zz"]}}\n')
    with pytest.raises(ReviewError, match=r"operation 1: no event 'zz'"):
        ReviewStore(draft)


OPS = st.lists(
    st.one_of(
        st.builds(
            lambda ids, s: {"op": "status", "ids": ids, "status": s},
            st.lists(st.sampled_from(["e1", "e2", "e3", "e4"]), min_size=1, unique=True),
            st.sampled_from(["accepted", "rejected", "deferred", "candidate"]),
        ),
        st.builds(
            lambda ids: {"op": "merge", "ids": ids},
            st.lists(st.sampled_from(["e1", "e2", "e3", "e4"]), min_size=2, unique=True),
        ),
        st.just(
            {
                "op": "edit",
                "id": "e3",
                "fields": {"actors": "New"},
                "terms": [{"kind": "actor", "name": "New"}],
            }
        ),
        st.just({"op": "undo"}),
    ),
    max_size=5,
)  # fmt: skip


@settings(
    max_examples=scaled_examples(6), suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(OPS)
def test_every_moment_of_a_save_passes_the_check(draft: Path, ops: list[dict]) -> None:
    folder = draft.parent / "copy"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(draft, folder)
    moments: list[str] = []

    def check_each(point: int) -> None:
        load_dataset(folder)  # raises DatasetError if this moment is not a valid dataset
        moments.append(str(point))

    store = ReviewStore(folder, pause=check_each)
    for op in ops:
        try:
            store.commit(op)
        except ReviewError:
            continue
    assert len(moments) % 6 == 0


def test_save_steps_are_unions_first(draft: Path) -> None:
    store = ReviewStore(draft)
    old = {n: read_table(draft / n) for n in TABLE_FILES}
    state = store.state
    state = dict(state, events=[e for e in state["events"] if e["id"] != "e2"])
    names = [name for name, _ in save_steps(old, state)]
    assert names == ["vocabulary.csv", "events.csv", "excerpts.csv", "events.csv", "vocabulary.csv"]
    union = save_steps(old, state)[1][1].decode()
    assert "e2," in union and "e2," not in save_steps(old, state)[3][1].decode()


def test_finish_writes_the_accepted_events_only(draft: Path, tmp_path: Path) -> None:
    store = ReviewStore(draft)
    with pytest.raises(ReviewError, match="no event is accepted"):
        finish(draft, store.state, tmp_path / "out")
    store.commit({"op": "status", "ids": ["e1", "e2"], "status": "accepted"})
    store.commit({"op": "merge", "ids": ["e1", "e2"]})
    store.commit({"op": "status", "ids": ["e4"], "status": "rejected"})
    summary = finish(draft, store.state, tmp_path / "out")
    dataset = load_dataset(tmp_path / "out")
    assert summary == dataset.summary()
    assert list(dataset.events["id"]) == ["e1"]
    header = (
        (tmp_path / "out" / "events.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    )
    assert not {"status", "group", "group_reason"} & set(header)  # the draft's and review's
    assert not dataset.warnings
    assert sorted(dataset.sources["id"]) == ["a1", "a2"]
    assert set(dataset.actors) == {"Russia", "North Korea"}  # the placeholder is not used
    with pytest.raises(ReviewError, match="is not empty"):
        finish(draft, store.state, tmp_path / "out")
    with pytest.raises(ReviewError, match="outside the draft"):
        finish(draft, store.state, draft / "inside")
