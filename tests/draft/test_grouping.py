"""The draft's proposed groups: which candidates report one event, and why."""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
from itertools import combinations
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import scaled_examples
from timeline.draft.base import load_dataset
from timeline.draft.command import draft
from timeline.draft.group import (
    GROUP,
    GROUP_REASON,
    Item,
    content_words,
    date_relation,
    group_events,
    overlapping_pairs,
    parse_period,
    propose,
)

DATA = Path(__file__).resolve().parents[2] / "data"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _event(id_: str, date: str, actors: str, end_date: str = "") -> dict[str, str]:
    return {"id": id_, "date": date, "end_date": end_date, "actors": actors}


def _item(id_: str, date: str, actors: str = "Russia", words: str = "") -> Item:
    period = parse_period(date)
    assert period is not None
    return Item(id_, period, frozenset(actors.split(";")), content_words(words))


def test_bundled_draft_groups_the_june_visit_and_keeps_the_treaties_apart(tmp_path: Path) -> None:
    given_ = tmp_path / "in"
    shutil.copytree(DATA / "sources", given_ / "sources")
    shutil.copyfile(DATA / "sources.csv", given_ / "sources.csv")
    out = tmp_path / "out"
    result = CliRunner().invoke(draft, [str(given_), "-o", str(out)])
    assert result.exit_code == 0, result.output
    load_dataset(out)  # what `timeline check` runs
    events = _rows(out / "events.csv")
    assert GROUP in events[0] and GROUP_REASON in events[0]
    source = {x["event_id"]: x["source_id"] for x in _rows(out / "excerpts.csv")}

    # the June 2024 visit: dated 'starting Tuesday' in one article, and by the lead rule to
    # the month of publication in the four that give it no date of their own
    tuesday = [e for e in events if e["date"] == "2024-06-18" and "two-day" in e["title"]]
    assert len(tuesday) == 1 and tuesday[0][GROUP]
    visit = [e for e in events if e[GROUP] == tuesday[0][GROUP]]
    assert len({source[e["id"]] for e in visit}) == 5  # every article
    assert {e["date"] for e in visit} == {"2024-06", "2024-06-18"}
    assert all("both name Vladimir Putin's visit to North Korea" in e[GROUP_REASON] for e in visit)
    assert "score" in visit[0][GROUP_REASON]

    # 'During this meeting, ...' tells of something said at the September 2023 meeting: it
    # stays apart from the sentence it took its date from
    meeting = [e for e in events if e["date"] == "2023-09" and source[e["id"]].startswith("a004")]
    assert len(meeting) == 2 and not (meeting[0][GROUP] and meeting[0][GROUP] == meeting[1][GROUP])

    treaty = [e for e in events if "agreements signed between Moscow" in e["title"]]
    assert sorted(e["date"] for e in treaty) == ["1961", "2000", "2001"]
    for a, b in combinations(treaty, 2):
        assert not a[GROUP] or a[GROUP] != b[GROUP]
    for e in events:  # a candidate alone has neither a group nor a reason
        assert bool(e[GROUP]) == bool(e[GROUP_REASON])
    ids = sorted({e[GROUP] for e in events if e[GROUP]}, key=lambda g: int(g[1:]))
    assert ids == [f"g{n}" for n in range(1, len(ids) + 1)]


def test_a_year_only_mention_joins_a_day_only_when_the_sentences_are_very_similar() -> None:
    events = [
        _event("a", "2024", "Russia;North Korea"),
        _event("b", "2024-06-18", "Russia;North Korea"),
        _event("c", "2024-03-02", "Russia;North Korea"),
        _event("d", "2024", "Russia;North Korea"),
    ]
    quotes = {
        "a": "Russia and North Korea signed a partnership treaty in 2024.",
        "b": "Putin arrived in Pyongyang on Tuesday for a state visit.",
        "c": "The partnership treaty between Russia and North Korea was signed on 2 March.",
        "d": "Russia and North Korea held many meetings in 2024.",
    }
    group_events(events, quotes)
    by_id = {e["id"]: e for e in events}
    assert not by_id["b"][GROUP]  # same actors, same year, an unrelated event
    assert by_id["a"][GROUP] and by_id["a"][GROUP] == by_id["c"][GROUP]
    assert by_id["a"][GROUP_REASON].startswith("inside the year, same actors (")
    assert not by_id["d"][GROUP]


def test_dates_overlap_at_each_precision() -> None:
    def relation(a: str, b: str) -> str | None:
        pa, pb = parse_period(a), parse_period(b)
        assert pa and pb
        return date_relation(pa, pb)

    assert relation("2024-06-18", "2024-06-18") == "same day"
    assert relation("2024-06-18", "2024-06") == "day inside the month"
    assert relation("2024-06", "2024-06") == "same month"
    assert relation("2024", "2024") == "same year"
    assert relation("2024-06-18", "2024") == "inside the year"
    assert relation("2024-06-18", "2024-06-19") is None
    assert relation("2024-06", "2024-07-01") is None
    assert relation("2023", "2024") is None
    span = parse_period("2024-06-18", "2024-06-19")
    day = parse_period("2024-06-19")
    assert span and day and date_relation(span, day) == "overlapping days"
    assert parse_period("June 2024") is None and parse_period("2024-02-30") is None


def test_a_chain_of_links_does_not_join_dates_that_do_not_overlap() -> None:
    words = "Putin and Kim signed the partnership treaty in Pyongyang"
    items = [
        _item("month", "2024-06", words=words),
        _item("first", "2024-06-01", words=words),
        _item("second", "2024-06-02", words=words),
    ]
    grouping = propose(items)
    # the month links to both days, but the two days do not overlap: one is left out
    assert grouping.group["month"] == "g1"
    assert sum(grouping.group.get(i, "") == "g1" for i in ("first", "second")) == 1


def test_a_back_reference_is_never_grouped_with_the_sentence_it_points_back_to() -> None:
    words = "Putin and Kim met at the Vostochny Cosmodrome and signed the partnership treaty"
    items = [
        _item("meeting", "2023-09", words=words),
        _item("during", "2023-09", words=words),
        _item("other", "2023-09", words=words),
    ]
    assert len(set(propose(items).group.values())) == 1  # all three alike: one group
    grouping = propose(items, apart=[("meeting", "during")])
    assert grouping.group.get("meeting") != grouping.group.get("during")
    # the third candidate still joins one of them
    assert "other" in grouping.group
    assert sum(grouping.group.get(i) == grouping.group["other"] for i in ("meeting", "during")) == 1
    events = [_event(i.id, "2023-09", "Russia") for i in items]
    group_events(events, {i.id: words for i in items}, apart=[("during", "meeting")])
    by_id = {e["id"]: e[GROUP] for e in events}
    assert by_id["meeting"] != by_id["during"]


_VOCABULARY = ["treaty", "visit", "summit", "missile", "sanction", "border", "grain", "port"]
_ACTORS = ["Russia", "North Korea", "China", "Ukraine"]


@st.composite
def _items(draw: st.DrawFn) -> list[Item]:
    n = draw(st.integers(0, 30))
    items = []
    for k in range(n):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 90)))
        precision = draw(st.sampled_from(["day", "month", "year"]))
        date = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": "2024"}[precision]
        actors = draw(st.sets(st.sampled_from(_ACTORS), max_size=3))
        words = draw(st.lists(st.sampled_from(_VOCABULARY), max_size=5))
        period = parse_period(date)
        assert period is not None
        items.append(Item(f"e{k}", period, frozenset(actors), frozenset(words)))
    return items


@settings(max_examples=scaled_examples(200), deadline=None)
@given(_items(), st.randoms(use_true_random=False), st.data())
def test_groups_overlap_pairwise_and_do_not_depend_on_order(
    items: list[Item], rnd: random.Random, data: st.DataObject
) -> None:
    pairs = [(a.id, b.id) for a, b in combinations(items, 2)]
    apart = data.draw(st.lists(st.sampled_from(pairs), max_size=5)) if pairs else []
    grouping = propose(items, apart)
    by_id = {i.id: i for i in items}
    members: dict[str, list[str]] = {}
    for item_id, group in grouping.group.items():
        members.setdefault(group, []).append(item_id)
    for ids in members.values():
        assert len(ids) > 1
        for a, b in combinations(ids, 2):
            assert date_relation(by_id[a].period, by_id[b].period) is not None
    for a, b in apart:
        assert a not in grouping.group or grouping.group[a] != grouping.group.get(b)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    again = propose(shuffled, [(b, a) for a, b in reversed(apart)])
    assert again.group == grouping.group and again.reason == grouping.reason
    # the sweep finds exactly the pairs that overlap
    found = {frozenset((a.id, b.id)) for a, b in overlapping_pairs(items)}
    brute = {
        frozenset((a.id, b.id))
        for a, b in combinations(items, 2)
        if date_relation(a.period, b.period) is not None
    }
    assert found == brute and grouping.comparisons == len(brute)


def test_comparisons_stay_near_linear_for_many_candidates_on_distinct_dates() -> None:
    start = dt.date(2000, 1, 1)
    n = 5000
    items = [
        _item(f"d{k}", (start + dt.timedelta(days=k)).isoformat(), words="treaty signed")
        for k in range(n)
    ]
    assert propose(items).comparisons == 0  # all pairs would be 12,497,500
    # a month-precision mention for each month is compared with that month's days only
    months = sorted({i.period.start.isoformat()[:7] for i in items})
    items += [_item(f"m{m}", m, words="treaty signed") for m in months]
    grouping = propose(items)
    assert grouping.comparisons <= n + len(months)
