"""Sentence offsets, actor matching and proposal, and draft titles."""

from __future__ import annotations

from timeline.draft.actors import actors_in, propose_actors
from timeline.draft.build import draft_title
from timeline.draft.sentences import split_sentences


def test_sentences_are_exact_slices_and_headlines_stand_alone() -> None:
    text = (
        "Leaders meet in the capital\n\n"
        "The talks began on Monday. They ended on Tuesday.\n"
        "The talks began on Monday. A repeat.\n"
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Leaders meet in the capital",
        "The talks began on Monday.",
        "They ended on Tuesday.",
        "The talks began on Monday.",
        "A repeat.",
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text
    assert sentences[3].start > sentences[1].start  # a repeated sentence keeps its own place


def test_actors_whole_words_and_demonyms() -> None:
    vocabulary = ["Russia", "North Korea", "South Korea", "China", "Iran", "unassigned"]
    sentence = "Russian officials met North Korean and Chinese envoys; Iranians were absent."
    assert actors_in(sentence, vocabulary) == ["Russia", "North Korea", "China", "Iran"]
    assert actors_in("The Korean peninsula and Irani rugs.", vocabulary) == []
    assert actors_in("Russia’s envoy spoke.", vocabulary) == ["Russia"]


def test_proposed_actors_are_named_at_least_twice() -> None:
    texts = ["Chile and Peru met. The Andean Council spoke.", "Chile signed. The Andean Council."]
    proposed = dict(propose_actors(texts, ["Chile", "Peru", "Bolivia"]))
    assert proposed == {"Chile": 2, "Andean Council": 2}


def test_draft_title_is_short() -> None:
    long = "word " * 40
    title = draft_title(long)
    assert len(title) <= 80 and title.endswith("…")
    assert draft_title("A short sentence.") == "A short sentence."
