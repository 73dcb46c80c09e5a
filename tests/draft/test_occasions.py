"""Named occasions ('Kim's trip to Russia'), the lead rule that dates an article's undated lead
occasion to its month of publication, and how both feed the proposed groups."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.draft.extract import draft_text
from timeline.draft.group import Item, content_words, parse_period, propose
from timeline.draft.occasion import Occasion, Occasions, nearest
from timeline.draft.resolve import Published


def _labels(*sentences: str) -> list[list[str]]:
    reader = Occasions()
    return [[o.label for o in reader.read(s)] for s in sentences]


def test_the_three_named_forms_give_agent_kind_and_place() -> None:
    assert _labels(
        "Following Chilean leader Ana María Lopez’s visit to Peru’s north, talks resumed.",
        "The planned visit of Prime Minister Ana Lopez to Peru was praised.",
        "Foreign Minister Jan Novak is set to visit Chile for the first time.",
        "Novak's summit with Lopez ended early.",
    ) == [
        ["Ana María Lopez's visit to Peru"],  # titles and the possessive place cut off
        ["Ana Lopez's visit to Peru"],
        ["Jan Novak's visit to Chile"],  # a verb names a visit too
        ["Novak's meeting with Lopez"],
    ]


def test_a_pointer_takes_the_last_occasion_of_its_kind_named_before_it() -> None:
    assert _labels(
        "The trip was long.",  # nothing named yet: nothing to point at
        "Lopez's trip to Peru was short.",
        "This two-day visit, starting Monday, follows Novak's visit to Chile.",
        "The visit of a minister is rare, and the first visit by a queen rarer.",
    ) == [
        [],
        ["Lopez's visit to Peru"],
        ["Lopez's visit to Peru", "Novak's visit to Chile"],
        [],  # 'the visit of ...' and 'the first visit by ...' describe, they do not point
    ]


def test_occasions_are_the_same_by_kind_place_and_a_shared_name_word() -> None:
    def occasion(agent: str, kind: str = "visit", place: str = "Peru") -> Occasion:
        return Occasion(tuple(agent.split()), kind, place, 0, 1)

    assert occasion("Kim Jong Un").same(occasion("Kim"))
    assert not occasion("Kim").same(occasion("Lopez"))
    assert not occasion("Kim").same(occasion("Kim", place="Chile"))
    assert not occasion("Kim").same(occasion("Kim", kind="meeting"))


def test_a_date_belongs_to_the_occasion_nearest_to_it() -> None:
    sentence = "This visit repays Lopez's trip to Peru last September."
    reader = Occasions()
    reader.read("Novak's visit to Chile starts today.")
    found = reader.read(sentence)
    at = sentence.index("last September")
    chosen = nearest(found, at, at + len("last September"))
    assert chosen is not None and chosen.label == "Lopez's visit to Peru"
    assert nearest([], 0, 1) is None


@settings(deadline=None)
@given(st.text(alphabet="Aa’'s -.Visitrpo to\n", max_size=300))
def test_any_text_gives_occasions_inside_it(text: str) -> None:
    for occasion in Occasions().read(text):
        assert 0 <= occasion.start < occasion.end <= len(text)
        assert occasion.agent and occasion.place and occasion.kind in ("visit", "meeting")


def test_hostile_runs_are_read_whole_and_name_no_occasion() -> None:
    """Long runs that a backtracking pattern would read in quadratic time (the first took
    minutes before the names were matched possessively; each now takes milliseconds, which
    the suite's own running time shows, not a timed assertion)."""
    for text in ("A-" * 30_000, "Aa’s " * 12_000, "the " + "a-" * 30_000, "Aa " * 20_000):
        assert Occasions().read(text) == []


# the lead rule

_HEADLINE = "Lopez in Peru\n\n"
_LEAD = "The upcoming visit of Prime Minister Ana Lopez to Peru has raised hopes of a deal.\n"


def _dates(text: str, published: str | None = "2023-07-18") -> list[tuple[str, str]]:
    candidates, _ = draft_text(text, Published.parse(published) if published else None)
    return [(c.dated.date.iso, c.mention.text) for c in candidates]


def test_an_undated_lead_occasion_is_placed_in_the_month_of_publication() -> None:
    candidates, _ = draft_text(_HEADLINE + _LEAD, Published.parse("2023-07-18"))
    assert len(candidates) == 1
    lead = candidates[0]
    assert lead.dated.date.iso == "2023-07"  # the month, never the day of publication
    assert lead.dated.basis == "relative" and "month of publication" in lead.dated.note
    assert lead.mention.text.startswith("The upcoming visit of Prime Minister Ana Lopez")
    assert lead.occasion is not None and lead.occasion.label == "Ana Lopez's visit to Peru"
    assert _dates(_HEADLINE + _LEAD, "2023-07") == [("2023-07", lead.mention.text)]


def test_the_lead_rule_stays_out_when_it_cannot_hold() -> None:
    assert _dates(_HEADLINE + _LEAD, "2023") == []  # publication known to the year only
    assert _dates(_HEADLINE + _LEAD, None) == []
    background = "Ana Lopez's visit to Peru had raised hopes of a trade deal for the region.\n"
    assert _dates(_HEADLINE + background) == []
    no_occasion = "Prices of copper and grain have risen sharply across the whole region.\n"
    assert _dates(_HEADLINE + no_occasion) == []
    # only the first prose sentence leads
    assert _dates(_HEADLINE + no_occasion + _LEAD) == []
    # a lead with a date of its own keeps that date
    dated = "Ana Lopez's visit to Peru on Monday has raised hopes of a trade deal.\n"
    assert [d for d, _ in _dates(_HEADLINE + dated)] == ["2023-07-17"]


def test_the_lead_is_left_out_when_the_article_dates_the_occasion_in_that_month() -> None:
    dated = _HEADLINE + _LEAD + "This three-day visit, starting Monday, is her first abroad.\n"
    assert [d for d, _ in _dates(dated)] == ["2023-07-24"]
    # a date for the same occasion outside the month does not stand in for the lead
    earlier = _HEADLINE + _LEAD + "This visit will be her first to Peru since 2010.\n"
    assert [d for d, _ in _dates(earlier)] == ["2023-07", "2010"]


# grouping


def _item(id_: str, date: str, actors: str, words: str, occasion: Occasion | None) -> Item:
    period = parse_period(date)
    assert period is not None
    return Item(id_, period, frozenset(actors.split(";")), content_words(words), occasion)


def test_date_words_are_not_counted_as_shared_words() -> None:
    assert content_words("last Tuesday, in September, two years and a day ago") == frozenset(
        {"two", "ago"}
    )


def test_date_and_actors_alone_never_link_a_pair() -> None:
    items = [
        _item("signed", "2024-06-19", "Chile;Peru", "The treaty was signed on Wednesday.", None),
        _item("landed", "2024-06-19", "Chile;Peru", "Lopez landed at the airport.", None),
    ]
    assert propose(items).group == {}
    items.append(_item("again", "2024-06-19", "Chile;Peru", "Lopez landed in Lima.", None))
    assert propose(items).group == {"landed": "g1", "again": "g1"}


def test_naming_the_same_occasion_joins_a_year_only_mention_to_a_month() -> None:
    trip = Occasion(("Kim", "Jong", "Un"), "visit", "Russia", 0, 1)
    short = Occasion(("Kim",), "visit", "Russia", 0, 1)
    other = Occasion(("Lopez",), "visit", "Russia", 0, 1)
    year = _item("year", "2023", "Russia", "Agreements stayed secret after it.", trip)
    month = _item("month", "2023-09", "Russia", "He toured a jet factory on it.", short)
    grouping = propose([year, month])
    assert grouping.group == {"year": "g1", "month": "g1"}
    assert "both name Kim Jong Un's visit to Russia" in grouping.reason["year"]
    unlike = _item("month", "2023-09", "Russia", "He toured a jet factory on it.", other)
    assert propose([year, unlike]).group == {}


_WORDS = ["treaty", "visit", "summit", "missile", "border", "grain"]


@settings(deadline=None)
@given(
    st.sampled_from(["2024-06-18", "2024-06", "2024"]),
    st.sampled_from(["2024-06-18", "2024-06", "2024"]),
    st.sets(st.sampled_from(["Chile", "Peru", "Chad"])),
    st.sets(st.sampled_from(_WORDS), max_size=3),
    st.sets(st.sampled_from(_WORDS), max_size=3),
)
def test_two_candidates_with_no_word_and_no_occasion_in_common_stay_apart(
    date_a: str, date_b: str, actors: set[str], words_a: set[str], words_b: set[str]
) -> None:
    words_b -= words_a
    a = _item("a", date_a, ";".join(sorted(actors)), " ".join(words_a), None)
    b = _item("b", date_b, ";".join(sorted(actors)), " ".join(words_b), None)
    assert propose([a, b]).group == {}


def test_a_back_reference_to_a_lead_the_article_dates_is_set_aside() -> None:
    """'During this visit' took the lead's month, a guess: when the article dates the visit
    itself and the lead goes, the sentence that borrowed the guess goes to the report."""
    text = (
        _HEADLINE
        + _LEAD.rstrip("\n")
        + " During this visit, she will sign a grain accord with the government.\n"
        + "This three-day visit, starting Monday, is her first abroad.\n"
    )
    candidates, skipped = draft_text(text, Published.parse("2023-07-18"))
    assert [c.dated.date.iso for c in candidates] == ["2023-07-24"]
    assert any("undated lead" in s.reason for s in skipped)
