"""The draft's work grows with its input, not faster: counted in calls and characters read,
never timed. (bench/bench_draft.py measures the times.)"""

from __future__ import annotations

import random
import string

import pysbd
import pytest

from timeline.draft import recognise, sentences, tense
from timeline.draft.extract import draft_text
from timeline.draft.resolve import Published
from timeline.draft.sentences import PIECE_MAX, split_sentences


@pytest.fixture
def recogniser_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the date recogniser is given, in order (it still runs)."""
    calls: list[str] = []
    real = recognise._recogniser()

    def counting(text: str, **options):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text, **options)

    monkeypatch.setattr(recognise, "_recogniser", lambda: counting)
    return calls


def test_twenty_thousand_short_lines_cost_a_recogniser_call_per_distinct_line(
    recogniser_calls: list[str],
) -> None:
    """40 KB of one-character lines once took 95 s: 20,000 recogniser calls of ~5 ms each.
    A repeated sentence is now read once."""
    rng = random.Random(0)
    alphabet = string.ascii_letters + string.digits + ".,;!?-"
    lines = [rng.choice(alphabet) for _ in range(20_000)]
    text = "".join(line + "\n" for line in lines)
    assert len(text) == 40_000
    found, skipped = draft_text(text, Published.parse("2023-07-18"))
    assert found == [] and skipped == []
    assert len(recogniser_calls) <= len(set(lines)) <= len(alphabet)


def test_progress_is_reported_every_thousand_sentences() -> None:
    heard: list[tuple[int, int]] = []
    draft_text("x\n" * 2_500, None, lambda done, total: heard.append((done, total)))
    assert heard == [(1_000, 2_500), (2_000, 2_500)]


def test_a_long_sentence_is_read_by_the_recogniser_in_bounded_pieces(
    recogniser_calls: list[str],
) -> None:
    """The recogniser compares its finds with each other: one call on a 16,000-character
    sentence full of years took 25 s, four times as long as on 8,000."""
    sentence = "in 1999 " * 500
    spans = recognise.recognise_all([sentence.strip()])[0]
    assert max(len(call) for call in recogniser_calls) <= recognise.CHUNK
    assert sum(len(call) for call in recogniser_calls) <= len(sentence)
    assert len(spans) >= 475  # the years are still found, at their own offsets
    assert all(sentence[a:b].strip().endswith("1999") for a, b, _kind in spans)


def test_the_rules_see_a_bounded_context_around_each_mention(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[int] = []
    real = recognise.parse

    def measuring(text: str, before: str = "", after: str = ""):  # type: ignore[no-untyped-def]
        seen.append(len(before) + len(after))
        return real(text, before, after)

    monkeypatch.setattr(recognise, "parse", measuring)
    sentence = "It rained in 1999 and " * 1_000
    found = recognise.find_mentions(sentence, recognised=[])
    assert len(found) == 1_000
    assert max(seen) <= 2 * recognise.CONTEXT


def test_the_tense_of_a_mention_is_read_from_nearby_words_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scanned: list[int] = []

    class Measuring:
        def findall(self, text: str, pos: int = 0, endpos: int | None = None) -> list[str]:
            end = len(text) if endpos is None else endpos
            scanned.append(end - pos)
            return real.findall(text, pos, end)

        def finditer(self, text: str, pos: int = 0, endpos: int | None = None):  # type: ignore[no-untyped-def]
            end = len(text) if endpos is None else endpos
            for match in real.finditer(text, pos, end):
                scanned.append(len(match.group()))
                yield match

    real = tense._TOKEN
    monkeypatch.setattr(tense, "_TOKEN", Measuring())
    sentence = "they talk, " * 5_000 + "and the deal was signed on Monday, " + "more talk " * 5_000
    at = sentence.index("Monday")
    assert tense.tense_near(sentence, at, at + len("Monday")) == "past"
    assert sum(scanned) <= 2_000


def test_a_long_line_is_split_in_bounded_pieces_at_sentence_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The splitter rewrites its input once per abbreviation it meets, and its own way of
    locating sentences searches from the start for each: both square a long line's length."""
    given: list[int] = []
    segmenter = sentences._segmenter()
    real = segmenter.processor

    def measuring(text: str):  # type: ignore[no-untyped-def]
        given.append(len(text))
        return real(text)

    monkeypatch.setattr(segmenter, "processor", measuring)
    monkeypatch.setattr(
        pysbd.Segmenter, "sentences_with_char_spans", lambda *_: pytest.fail("quadratic search")
    )
    line = "".join(f"Talks {n} ended on 3 May. " for n in range(3_000))
    found = split_sentences(line)
    assert len(found) == 3_000
    assert all(line[s.start : s.end] == s.text for s in found)
    assert [s.text for s in found[:2]] == ["Talks 0 ended on 3 May.", "Talks 1 ended on 3 May."]
    assert max(given) <= PIECE_MAX and sum(given) == len(line)


def test_a_long_line_without_sentence_ends_is_still_cut() -> None:
    line = "word " * 1_000 + "x" * 3_000
    pieces = split_sentences(line)
    assert all(len(p.text) <= PIECE_MAX for p in pieces)
    assert "".join("".join(p.text.split()) for p in pieces) == "".join(line.split())
