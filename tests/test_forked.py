"""Work shared with a forked child gives the answer the parent alone gives, and the child
really computes its share (each item below answers with the id of the process that did it)."""

from __future__ import annotations

import os
import threading

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.load import articles as articles_module
from timeline.load import forked
from timeline.load.articles import locate_quotes
from timeline.model.quotes import Article

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="needs Linux and two CPUs")


def squares(lo: int, hi: int) -> np.ndarray:
    return np.arange(lo, hi, dtype="int64") ** 2


def whose(lo: int, hi: int) -> np.ndarray:
    """Which process answered for each item."""
    return np.full(hi - lo, os.getpid(), dtype="int64")


@settings(max_examples=15, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=0, max_size=40))
def test_the_answer_is_the_serial_answer_wherever_the_cut_falls(weights: list[float]):
    answer = forked.in_two(squares, np.array(weights, dtype="float64"), worth=0)
    assert answer.tolist() == squares(0, len(weights)).tolist()


@pytest.mark.parametrize("per_item", [1, 3])
def test_the_later_half_by_weight_is_computed_in_another_process(per_item: int):
    """An item's answer may be of any length (an article's answer is one per quote)."""
    weights = np.array([1.0] * 6 + [6.0])  # half of the cost is the last item alone
    pids = forked.in_two(lambda lo, hi: np.repeat(whose(lo, hi), per_item), weights, worth=0)
    assert pids[: 6 * per_item].tolist() == [os.getpid()] * 6 * per_item
    assert len(pids) == 7 * per_item and os.getpid() not in pids[6 * per_item :].tolist()


def test_small_work_stays_in_this_process():
    pids = forked.in_two(whose, np.ones(10), worth=11)
    assert set(pids.tolist()) == {os.getpid()}


def test_no_fork_outside_the_main_thread():
    """A server reloading its data in a request thread computes it all itself."""
    result: list[np.ndarray] = []
    thread = threading.Thread(
        target=lambda: result.append(forked.in_two(whose, np.ones(4), worth=0))
    )
    thread.start()
    thread.join()
    assert set(result[0].tolist()) == {os.getpid()}


def test_a_child_that_fails_leaves_its_share_to_the_parent():
    parent = os.getpid()

    def fails_in_child(lo: int, hi: int) -> np.ndarray:
        if os.getpid() != parent:
            os._exit(3)  # dies without answering
        return squares(lo, hi)

    assert forked.in_two(fails_in_child, np.ones(8), worth=0).tolist() == squares(0, 8).tolist()


CHILD_GIVES_UP_S = 120  # a hung child's wait; the parent stops it after MIN_WAIT_S (0.5 s)


def test_a_child_that_hangs_is_stopped_and_its_share_done_by_the_parent(monkeypatch):
    """As if it had inherited a lock held mid-use by a thread that does not exist in it.

    No clock is read: the child blocks on the lock for far longer than the parent may wait
    (MIN_WAIT_S, made 0.5 s here), then answers. A parent that stopped it computed the child's
    items itself and left no child behind; a parent that waited for it would get its answer,
    do only its own half, and fail here (after CHILD_GIVES_UP_S, not never)."""
    import psutil

    parent = os.getpid()
    monkeypatch.setattr(forked, "MIN_WAIT_S", 0.5)
    held = threading.Lock()
    held.acquire()  # held in the parent at the fork: the child's copy is never released
    done_here: list[tuple[int, int]] = []
    children_before = {p.pid for p in psutil.Process().children()}

    def hangs_in_child(lo: int, hi: int) -> np.ndarray:
        if os.getpid() != parent:
            held.acquire(timeout=CHILD_GIVES_UP_S)
        else:
            done_here.append((lo, hi))
        return squares(lo, hi)

    try:
        answer = forked.in_two(hangs_in_child, np.ones(8), worth=0)
    finally:
        held.release()
    assert answer.tolist() == squares(0, 8).tolist()
    assert len(done_here) == 2, "the parent did its half, then the hung child's"
    assert sorted(i for lo, hi in done_here for i in range(lo, hi)) == list(range(8))
    left = [p for p in psutil.Process().children() if p.pid not in children_before]
    assert left == [], "the hung child was stopped and reaped"


def test_quotes_located_with_a_second_process_are_located_as_by_one(monkeypatch):
    rng = np.random.default_rng(7)
    words = np.array(["the", "treaty", "“signed”", "Kim", "Putin’s", "visit", "in", "2024."])
    texts = {f"s{i}": " ".join(rng.choice(words, 200)) for i in range(12)}
    articles = {key: Article.from_text(text) for key, text in texts.items()}
    rows = []
    for _ in range(600):
        key = f"s{rng.integers(0, 13)}"  # s12 has no article
        text = texts.get(key, "no such article")
        at, length = rng.integers(0, len(text)), rng.integers(0, 30)
        rows.append((key, text[at : at + length].replace("’", "'")))
    source_ids = pd.Series([key for key, _ in rows], dtype="str")
    quotes = pd.Series([quote for _, quote in rows], dtype="str")

    monkeypatch.setattr(forked, "can_fork", lambda: False)
    alone = locate_quotes(source_ids, quotes, articles)
    monkeypatch.undo()
    monkeypatch.setattr(articles_module, "_WORTH_SHARING", 0)
    shared = locate_quotes(source_ids, quotes, articles)
    for one, two in zip(alone, shared, strict=True):
        assert one.tolist() == two.tolist()
    assert (shared[1] >= 0).sum() > 300  # most were found, not a vacuous match of -1s
