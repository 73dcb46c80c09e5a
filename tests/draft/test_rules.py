"""Each resolution rule and each trap of the draft, on sentences written here."""

from __future__ import annotations

import pytest

from timeline.draft.resolve import Published

from .conftest import only_date, read


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The treaty was signed on 22 July 2022 in the capital.", "2022-07-22"),
        ("The treaty was signed on July 22, 2022, in the capital.", "2022-07-22"),
        ("The talks began in March 2017.", "2017-03"),
        ("The alliance was founded in 1961.", "1961"),
        ("It was her first trip there since 2000.", "2000"),
        ("The archive dates the letter 2019-11-05.", "2019-11-05"),
    ],
)
def test_absolute_dates_are_stated_at_their_precision(sentence: str, expected: str) -> None:
    dates, _ = read(sentence)
    assert dates == [(expected, "", "stated")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The rebels attacked the town last October.", "2022-10"),
        ("Exports fell sharply last month.", "2023-06"),
        ("The new rules take effect next month.", "2023-08"),
        ("In July last year the deal collapsed.", "2022-07"),
        ("The company was founded two years ago.", "2021"),
        ("The minister resigned last year.", "2022"),
        ("He was arrested yesterday.", "2023-07-17"),
        ("Parliament will vote on the bill tomorrow.", "2023-07-19"),
        ("Inflation peaked earlier this year.", "2023"),
    ],
)
def test_relative_dates_read_against_publication(sentence: str, expected: str) -> None:
    dates, _ = read(sentence, "2023-07-18")
    assert dates == [(expected, "", "relative")]


def test_note_gives_the_reasoning() -> None:
    from timeline.draft.extract import draft_text

    candidates, _ = draft_text("The rebels attacked last October.", Published.parse("2023-07-18"))
    assert candidates[0].dated.note.startswith(
        "'last October' read against 18 July 2023 → October 2022"
    )


# 18 July 2023 is a Tuesday
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The president met the envoy on Monday.", "2023-07-17"),
        ("The president said on Friday that talks had failed.", "2023-07-14"),
        ("The president will meet the envoy on Friday.", "2023-07-21"),
        ("The summit, starting Thursday, is expected to last two days.", "2023-07-20"),
        ("The envoy arrived last Wednesday.", "2023-07-12"),
        ("The envoy arrives next Monday.", "2023-07-24"),
    ],
)
def test_weekday_by_tense(sentence: str, expected: str) -> None:
    assert only_date(sentence, "2023-07-18") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In February, the army withdrew from the city.", "2023-02"),
        ("The election will be held in November.", "2023-11"),
        ("Elections are due in February.", "2024-02"),
        ("The ceasefire collapsed on 3 September.", "2022-09-03"),
        ("Voting will take place on 3 September.", "2023-09-03"),
    ],
)
def test_bare_month_and_day_month_by_tense(sentence: str, expected: str) -> None:
    assert only_date(sentence, "2023-07-18") == expected


def test_ranges_give_an_end_date() -> None:
    dates, _ = read("The state visit took place on 18–19 June 2024.")
    assert dates == [("2024-06-18", "2024-06-19", "stated")]
    dates, _ = read("The Korean War of 1950-53 never formally ended.")
    assert dates == [("1950", "1953", "stated")]


def test_two_dates_in_a_sentence_give_two_candidates() -> None:
    dates, _ = read("Agreements were signed in 1961, 2000, and 2001.")
    assert [d[0] for d in dates] == ["1961", "2000", "2001"]


def test_month_precision_publication_date() -> None:
    dates, reasons = read(
        "Exports fell last month, and the minister resigned on Tuesday.", "2023-07"
    )
    assert dates == [("2023-06", "", "relative")]
    assert any(m == "Tuesday" and "too coarse" in r for m, r in reasons)


def test_no_publication_date_leaves_relative_mentions_undated() -> None:
    dates, reasons = read("The treaty was signed in 1961 and amended last month.", None)
    assert dates == [("1961", "", "stated")]
    assert ("last month", "no publication date to resolve against") in reasons


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("The two states have been rivals for over two decades.", "duration"),
        ("The region was poor in the 1990s.", "decade"),
        ("In recent years, the economy has grown.", "vague"),
    ],
)
def test_durations_decades_and_vague_phrases_get_no_date(sentence: str, reason: str) -> None:
    dates, reasons = read(sentence)
    assert dates == []
    assert reason in [r for _, r in reasons]


def test_modal_may_is_not_may() -> None:
    dates, reasons = read("The government may raise taxes, officials said.")
    assert dates == []
    assert ("may", "modal may") in reasons


def test_theresa_may_is_not_may() -> None:
    dates, reasons = read("Prime Minister Theresa May visited the port.")
    assert dates == []
    assert ("May", "the name May, not the month") in reasons


def test_may_the_month_still_counts() -> None:
    assert only_date("In May, the port was closed for repairs.", "2023-07-18") == "2023-05"
    assert only_date("The port reopened on 4 May 2023.") == "2023-05-04"


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry sent 2,000 troops to the border.",
        "The plant will produce 5,000 megawatts.",
        "The army deployed 2000 soldiers along the river.",
        "The dam generates 1500 megawatts.",
        "The council adopted Resolution 1718 unanimously.",
    ],
)
def test_counts_are_not_years(sentence: str) -> None:
    dates, _ = read(sentence)
    assert dates == []


def test_anaphoric_meeting_takes_the_date_before() -> None:
    dates, _ = read(
        "The leaders held a meeting in September 2023 at the spaceport. "
        "During this meeting, the guest pledged his support."
    )
    assert [d[0] for d in dates] == ["2023-09", "2023-09"]
