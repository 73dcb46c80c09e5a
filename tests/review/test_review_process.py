"""The review app as `timeline review` runs it: loopback only, a token on every change, and
a kill at any moment of a save leaves a folder that loads as before or after the change."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.review.server import ReviewProcess
from timeline.load.loader import load_dataset
from timeline.review.store import PAUSE_ENV, ReviewStore


@pytest.fixture
def review(draft: Path) -> Iterator[ReviewProcess]:
    process = ReviewProcess(draft)
    yield process
    process.stop()


def test_changes_need_the_token_and_a_loopback_host(review: ReviewProcess, draft: Path) -> None:
    body = review.action("review-accept", "e1")
    assert review.post(body) == 403
    assert review.post(body, token="wrong") == 403
    assert review.post(body, token=review.token, host="evil.example:80") == 403
    assert "accepted" not in (draft / "events.csv").read_text()
    assert review.post(b"{" + b" " * (2 << 20) + b"}", token=review.token) == 413
    assert review.post(body, token=review.token) == 200
    assert load_dataset(draft).events.set_index("id").loc["e1", "status"] == "accepted"


SAVE_POINTS = range(6)  # 0: the log entry is durable; 1-5: after each table's rename


@pytest.mark.parametrize(
    "point", [p if p in (0, 3) else pytest.param(p, marks=pytest.mark.slow) for p in SAVE_POINTS]
)
def test_a_kill_mid_save_reloads_as_before_or_after(
    draft: Path, tmp_path: Path, point: int
) -> None:
    fifos = tmp_path / "pause"
    fifos.mkdir()
    os.mkfifo(fifos / "out")
    os.mkfifo(fifos / "in")
    before = ReviewStore(draft).state  # opened once, as the app will open it
    review = ReviewProcess(draft, env={PAUSE_ENV: str(fifos)})
    try:
        body = review.action("review-reject", "e4")
        sender = threading.Thread(target=review.post_ignoring_kill, args=(body,))
        sender.daemon = True
        sender.start()
        while True:
            if (
                review.reached(fifos / "out") == point
            ):  # the app waits for us: this moment is on disk now
                load_dataset(draft)  # passes `timeline check`
                os.kill(review.process.pid, signal.SIGKILL)
                break
            with open(fifos / "in", "w") as go:
                go.write("go\n")
    finally:
        review.stop()
    after = dict(
        before,
        events=[dict(e, status="rejected") if e["id"] == "e4" else e for e in before["events"]],
    )
    reopened = ReviewStore(draft)
    assert reopened.state in (before, after)
    assert reopened.state == after  # the log entry was durable before the first rename
    assert "e4" not in set(load_dataset(draft).events["id"])
