"""Proposed groups: which drafted candidates, from different articles or from one, report the
same event. The proposal is written into events.csv as ``group`` and ``group_reason`` and only
suggests: a reviewer merges or splits the groups.

Each pair of candidates whose dated periods overlap is scored from three things:

- the date: how the two periods overlap at their precisions. The same day counts most; a day
  inside a month-precision candidate's month, or the same month, counts less; two year-only
  mentions of the same year count little, and a day or month inside a year-only mention's year
  counts for nothing, so a year-only mention joins the mention of a particular day only when
  their actors are the same and their sentences are very similar (0.7 or more);
- the actors: the share of actor names the two have in common (Jaccard; the placeholder for
  "no actor found" is not an actor);
- the sentences: a cosine similarity of their sets of content words (lower-cased words of three
  or more letters that are not common function words, nor words that name a date, which is
  scored as the date, nor words of the candidate's actor names, which are scored as actors),
  which is 1 for the same words and 0 for none in common. When both sentences name the same
  occasion by their dates ('Kim Jong Un's visit to Russia', 'Kim's trip to Russia'; see
  ``occasion``), the sentences count as fully similar.

Pairs scoring at least ``THRESHOLD`` are linked, but only if their sentences share a content
word or name the same occasion: in articles on one story nearly every candidate has the same
actors, and one day holds several events, so the date and the actors alone never link. Groups
are built from the links, strongest first, and two groups are joined only if every member of one
overlaps in date with every member of the other, so a chain of links cannot carry a group across
dates that do not overlap. Pairs named ``apart`` are never put in one group: the draft names a
sentence that opens by pointing back at an occasion ("During this meeting, ...") and the
candidate it took its date from, since such a sentence tells of something that happened during
the occasion, not of the occasion again.

Only pairs whose periods overlap are ever compared: the candidates are sorted by the start of
their period and swept once, so candidates on distinct dates cost a comparison or two each,
never all pairs."""

from __future__ import annotations

import calendar
import datetime as dt
import heapq
import math
import re
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field

from timeline.draft.actors import UNASSIGNED
from timeline.draft.expressions import MONTHS, WEEKDAYS
from timeline.draft.occasion import Occasion

GROUP, GROUP_REASON = "group", "group_reason"
THRESHOLD = 0.6
ACTOR_WEIGHT = 0.25
SENTENCE_WEIGHT = 0.5
# what the date overlap adds to a pair's score, by how the two periods overlap
DATE_WEIGHTS = {
    "same day": 0.5,
    "overlapping days": 0.4,
    "same month": 0.3,
    "day inside the month": 0.3,
    "overlapping months": 0.25,
    "same year": 0.15,
    "inside the year": 0.0,
}
_DAY, _MONTH, _YEAR = 0, 1, 2
_WORD = re.compile(r"[^\W\d_]{3,}")
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """about above after again against all also although among and any are around because
    been before being below between both but can could did does doing down during each
    either even ever every few for from further had has have having her here hers herself
    him himself his how however into its itself just last least less many may might more
    most much must near next nor not now off once one only other our ours out over own
    per same she should since some such than that the their theirs them themselves then
    there these they this those though through thus too under until upon very was were what
    when where whether which while who whom whose why will with within without would yet
    you your yours""",
    )
)

# words that name a date: the date is scored by how the periods overlap, so two sentences
# that both say 'Tuesday' or 'last year' are not the more alike for it
_DATE_WORDS = frozenset(MONTHS + WEEKDAYS) | frozenset(
    re.findall(
        r"\w+",
        """sept yesterday today tomorrow tonight morning afternoon evening night day week
    month year decade century""",
    )
)


@dataclass(frozen=True)
class Period:
    """The days a candidate's date covers, inclusive, and its coarsest precision."""

    start: dt.date
    end: dt.date
    precision: int

    @property
    def single(self) -> bool:
        """One day, one month or one year, not a span."""
        return _bounds(self.start, self.precision)[1] == self.end


@dataclass(frozen=True)
class Item:
    id: str
    period: Period
    actors: frozenset[str]
    words: frozenset[str]
    occasion: Occasion | None = None


@dataclass
class Grouping:
    """The proposal: each grouped candidate's group id and reason, and the work it took."""

    group: dict[str, str] = field(default_factory=dict)
    reason: dict[str, str] = field(default_factory=dict)
    comparisons: int = 0


def parse_period(date: str, end_date: str = "") -> Period | None:
    """The period of an events.csv date (and end date), or None if it is not YYYY[-MM[-DD]]."""
    first = _parse(date)
    if first is None:
        return None
    last = _parse(end_date) if end_date else first
    if last is None or last[1] < first[0]:
        return None
    return Period(first[0], last[1], max(first[2], last[2]))


def _parse(text: str) -> tuple[dt.date, dt.date, int] | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    if match is None:
        return None
    year, month, day = (int(g) if g else 0 for g in match.groups())
    try:
        if day:
            start = dt.date(year, month, day)
            return start, start, _DAY
        if month:
            start = dt.date(year, month, 1)
            return start, _bounds(start, _MONTH)[1], _MONTH
        start = dt.date(year, 1, 1)
    except ValueError:
        return None
    return start, dt.date(year, 12, 31), _YEAR


def _bounds(start: dt.date, precision: int) -> tuple[dt.date, dt.date]:
    if precision == _DAY:
        return start, start
    if precision == _MONTH:
        last = calendar.monthrange(start.year, start.month)[1]
        return start, start.replace(day=last)
    return start, start.replace(month=12, day=31)


def content_words(sentence: str) -> frozenset[str]:
    """The sentence's content words: lower-cased, three letters or more, no function words
    nor words that name a date, a possessive or plural ``s`` dropped so that "Putin's" and
    "Putin" are one word."""
    words = (w.lower() for w in _WORD.findall(sentence.replace("’", "'")))
    stems = (w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in _STOPWORDS)
    return frozenset(w for w in stems if w not in _DATE_WORDS)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine similarity of two word sets: shared words over the geometric mean of the sizes."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def date_relation(a: Period, b: Period) -> str | None:
    """How two periods overlap, in words, or None if they do not."""
    if a.end < b.start or b.end < a.start:
        return None
    coarse, fine = (a, b) if a.precision >= b.precision else (b, a)
    if coarse.precision == _YEAR:
        return "same year" if fine.precision == _YEAR and a == b else "inside the year"
    if coarse.precision == _MONTH:
        if fine.precision == _DAY and coarse.single:
            return "day inside the month"
        return "same month" if a == b and a.single else "overlapping months"
    return "same day" if a == b and a.single else "overlapping days"


def same_occasion(a: Item, b: Item) -> bool:
    """Both sentences name one occasion ('Kim's trip to Russia') by their dates."""
    return a.occasion is not None and b.occasion is not None and a.occasion.same(b.occasion)


def has_evidence(a: Item, b: Item) -> bool:
    """The sentences share a content word or name the same occasion. Overlapping dates and
    shared actors alone never link a pair: in articles on one story nearly every candidate
    has the same actors, and one day holds several events."""
    return bool(a.words & b.words) or same_occasion(a, b)


def score_pair(a: Item, b: Item) -> tuple[float, str] | None:
    """The pair's score and its reason, or None if their dates do not overlap."""
    relation = date_relation(a.period, b.period)
    if relation is None:
        return None
    shared = a.actors & b.actors
    union = a.actors | b.actors
    actor_share = len(shared) / len(union) if union else 0.0
    occasion = same_occasion(a, b)
    # naming the same occasion is the strongest evidence two sentences can share: it counts
    # as fully similar sentences
    sentences = 1.0 if occasion else similarity(a.words, b.words)
    score = DATE_WEIGHTS[relation] + ACTOR_WEIGHT * actor_share + SENTENCE_WEIGHT * sentences
    names = ", ".join(sorted(shared))
    if not shared:
        actors = "no shared actors"
    elif a.actors == b.actors:
        actors = f"same actors ({names})"
    else:
        actors = f"shared actors ({names})"
    if occasion and a.occasion is not None:
        text = f"both name {a.occasion.label}"
    else:
        text = f"sentences {sentences:.2f} similar"
    reason = f"{relation}, {actors}, {text}; score {score:.2f}"
    return round(score, 6), reason


def overlapping_pairs(items: list[Item]) -> Iterable[tuple[Item, Item]]:
    """Every pair of items whose periods overlap, found by one sweep in order of start: an
    item is compared only with the earlier items whose period has not yet ended."""
    ordered = sorted(items, key=lambda i: (i.period.start, i.period.end, i.id))
    open_items: list[tuple[dt.date, str, Item]] = []  # a heap by end date
    for item in ordered:
        while open_items and open_items[0][0] < item.period.start:
            heapq.heappop(open_items)
        for _, _, other in open_items:
            yield other, item
        heapq.heappush(open_items, (item.period.end, item.id, item))


def propose(items: Iterable[Item], apart: Iterable[tuple[str, str]] = ()) -> Grouping:
    """Group the items: link the pairs that score at least THRESHOLD, strongest first, joining
    two groups only if all their members' dates overlap and no pair of ``apart`` (item ids)
    would end in one group. Ids ``g1``, ``g2``, ... go in time order; a candidate alone gets no
    group. The result does not depend on the order of the items or of ``apart``."""
    items = sorted(items, key=lambda i: i.id)
    keep_apart: dict[str, set[str]] = {}
    for a, b in apart:
        keep_apart.setdefault(a, set()).add(b)
        keep_apart.setdefault(b, set()).add(a)
    if len({i.id for i in items}) != len(items):
        raise ValueError("candidate ids must be unique")
    grouping = Grouping()
    links: list[tuple[float, str, str, str]] = []
    for a, b in overlapping_pairs(items):
        grouping.comparisons += 1
        scored = score_pair(a, b)
        if scored is not None and scored[0] >= THRESHOLD and has_evidence(a, b):
            first, second = sorted((a.id, b.id))
            links.append((scored[0], first, second, scored[1]))
    links.sort(key=lambda link: (-link[0], link[1], link[2]))
    by_id = {i.id: i for i in items}
    leader = {i.id: i.id for i in items}
    members = {i.id: [i.id] for i in items}
    window = {i.id: (i.period.start, i.period.end) for i in items}  # latest start, earliest end
    best: dict[str, str] = {}
    for _, a, b, reason in links:
        ga, gb = leader[a], leader[b]
        if ga != gb:
            start = max(window[ga][0], window[gb][0])
            end = min(window[ga][1], window[gb][1])
            if start > end:  # some member of one does not overlap some member of the other
                continue
            if any(keep_apart.get(m, set()).intersection(members[gb]) for m in members[ga]):
                continue
            if len(members[ga]) < len(members[gb]) or (
                len(members[ga]) == len(members[gb]) and gb < ga
            ):
                ga, gb = gb, ga
            for m in members.pop(gb):
                leader[m] = ga
                members[ga].append(m)
            window[ga] = (start, end)
            del window[gb]
        for m in (a, b):  # links come strongest first: the first one is a member's best
            best.setdefault(m, reason)
    groups = [sorted(ms) for ms in members.values() if len(ms) > 1]
    groups.sort(key=lambda ms: (min(by_id[m].period.start for m in ms), ms[0]))
    for n, ms in enumerate(groups, start=1):
        for m in ms:
            grouping.group[m] = f"g{n}"
            grouping.reason[m] = best[m]
    return grouping


def group_events(
    events: list[MutableMapping[str, str]],
    quotes: Mapping[str, str],
    apart: Iterable[tuple[str, str]] = (),
    occasions: Mapping[str, Occasion] | None = None,
) -> Grouping:
    """Propose groups for drafted events (rows of events.csv, with ``quotes`` and the named
    ``occasions`` by event id), never joining a pair of ``apart`` (event ids), and write them
    into each row's ``group`` and ``group_reason``."""
    occasions = occasions or {}
    items = []
    for event in events:
        period = parse_period(event["date"], event.get("end_date", ""))
        if period is None:
            continue
        actors = frozenset(a for a in event["actors"].split(";") if a and a != UNASSIGNED)
        # the actors' names are scored as actors, not again as words of the sentence
        words = content_words(quotes.get(event["id"], "")) - content_words(" ".join(actors))
        items.append(Item(event["id"], period, actors, words, occasions.get(event["id"])))
    grouping = propose(items, apart)
    for event in events:
        event[GROUP] = grouping.group.get(event["id"], "")
        event[GROUP_REASON] = grouping.reason.get(event["id"], "")
    return grouping
