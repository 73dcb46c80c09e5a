"""The review app in-process: the token, refusals shown on the page, markup kept as text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import timeline.review.app as review_app
from timeline.review import ids
from timeline.review.app import TOKEN_HEADER, create_review_app
from timeline.web.client import Callbacks

TOKEN = "t0ken"


@pytest.fixture
def client(draft: Path):  # type: ignore[no-untyped-def]
    return create_review_app(draft, token=TOKEN).server.test_client()


def click(client, button: str, values: dict, token: str | None = TOKEN) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    body = Callbacks.of(client).payload(
        "review-version.data", values, changed=[f"{button}.n_clicks"]
    )
    headers = {TOKEN_HEADER: token} if token else {}
    answer = client.post(
        "/_dash-update-component", data=body, content_type="application/json", headers=headers
    )
    return answer.status_code, answer.get_json()


def test_a_change_without_the_token_is_refused(client, draft: Path) -> None:  # type: ignore[no-untyped-def]
    before = (draft / "events.csv").read_bytes()
    status, answer = click(client, "review-accept", {"review-current.data": "e1"}, token=None)
    assert status == 403 and "token" in answer["error"]
    assert click(client, "review-accept", {"review-current.data": "e1"}, token="guess")[0] == 403
    assert (draft / "events.csv").read_bytes() == before
    status, answer = click(client, "review-accept", {"review-current.data": "e1"})
    assert status == 200
    assert answer["response"]["review-message"]["children"].startswith("Done: status")
    assert answer["response"]["review-current"]["data"] == "e2"  # on to the next candidate


def test_refusals_are_shown_on_the_page(client, draft: Path) -> None:  # type: ignore[no-untyped-def]
    (draft / "events.csv").write_text((draft / "events.csv").read_text() + "\n")
    status, answer = click(client, "review-reject", {"review-current.data": "e1"})
    assert status == 200
    message = answer["response"]["review-message"]["children"]
    assert message.startswith("Not done: events.csv was changed outside the review")
    status, answer = click(client, "review-merge", {"review-candidates.value": ["e1"]})
    assert "check two events or more" in answer["response"]["review-message"]["children"]


def test_markup_in_a_title_is_sent_as_text(client) -> None:  # type: ignore[no-untyped-def]
    body = Callbacks.of(client).payload("review-candidates.options", {"review-version.data": 0})
    answer = client.post(
        "/_dash-update-component",
        data=body,
        content_type="application/json",
        headers={TOKEN_HEADER: TOKEN},
    )
    options = answer.get_json()["response"]["review-candidates"]["options"]
    labels = [o["label"] for o in options]
    assert any("<script>alert(1)</script>" in label for label in labels)
    assert all(isinstance(label, str) for label in labels)  # text, which React never parses


def test_the_page_uses_the_viewers_stylesheet_and_nothing_else_of_its_scripts(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/").get_data(as_text=True)
    assert "style.css" in page and "review.js" in page and 'lang="en"' in page
    assert "access.js" in page and "timeline.js" not in page and "first_view.js" not in page
    assert client.get("/review-static/review.js").status_code == 200
    assert json.loads(client.get("/_dash-layout").get_data())  # the layout is built per request


def test_the_page_script_uses_the_real_ids() -> None:
    script = (Path(review_app.__file__).parent / "static" / "review.js").read_text()
    classes = {"review-cursor", "review-toolbar", "review-no-token"}  # CSS classes, not ids
    named = set(re.findall(r"review-[a-z-]+", script)) - classes - {"review-token"}
    declared = {v for k, v in vars(ids).items() if isinstance(v, str) and k.isupper()}
    declared |= set(ids.FIELD.values())
    assert named and named <= declared, named - declared
