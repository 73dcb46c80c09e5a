"""Score the groups `timeline draft` proposes against a hand-made reference dataset.

Drafts the reference's own articles (with its sources.csv and vocabulary.csv, as
bench/score_draft.py does) into a temporary folder, unless --draft names a folder that already
holds a draft, then scores the draft's proposed groups as links between excerpts:

- each draft excerpt is matched to the reference events whose quotes overlap it in the same
  article (character spans located in the article text by the loader). When those are events
  of several dates, only the ones whose date overlaps the draft candidate's date are kept, if
  any do: a sentence quoted for the 1961, 2000 and 2001 treaties is, in the 2000 candidate, a
  quote of the 2000 events. A draft excerpt can so belong to several reference events, as a
  reference quote can;
- a true link is a pair of draft excerpts that belong to one reference event (share at least
  one);
- a predicted link is a pair of draft excerpts of one candidate, or of candidates in one
  proposed group;
- a draft excerpt that overlaps no reference quote belongs to no reference event: it is in no
  true link, so every predicted link it is in counts as false. It lowers precision only, and
  only if it is grouped;
- precision is true predicted links over predicted links, recall is true predicted links over
  true links (1.0 when there are none to make).

The true links are limited by what the draft finds: a reference event whose quotes the draft
dated in only one article gives no link to find. Prints the figures, the group (or groups) of
the reference event named by --event (by default the June 2024 visit) with the articles it
cites, then every false and every missed link.

Caveat: the bundled articles were read while the grouping rules were written, so these figures
measure fit, not how the rules do on articles they have not seen.

    python bench/score_groups.py [--draft DIR] [--reference data/] [--event ID]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure the checkout this script belongs to

from score_draft import run_draft  # bench/ is this script's own folder

from timeline.draft.group import date_relation, parse_period
from timeline.load.loader import load_dataset

VISIT = "2024-06-18-putin-state-visit-north-korea"


def _period(date: str, end_date: object):
    end = end_date if isinstance(end_date, str) else ""
    return parse_period(str(date), end)


def match(reference, drafted) -> list[tuple[str, str, frozenset[str]]]:
    """(candidate id, source id, reference event ids) for each draft excerpt."""
    ref_events = reference.events.set_index("id")
    ref_periods = {
        i: _period(row.date, row.end_date)
        for i, row in zip(ref_events.index, ref_events.itertuples(), strict=True)
    }
    got_events = drafted.events.set_index("id")
    quotes = [
        (row.event_id, row.source_id, int(row.quote_start), int(row.quote_end))
        for row in reference.excerpts.itertuples()
    ]
    out = []
    for row in drafted.excerpts.itertuples():
        start, end = int(row.quote_start), int(row.quote_end)
        events = {e for e, s, qs, qe in quotes if s == row.source_id and qs < end and start < qe}
        mine = got_events.loc[row.event_id]
        period = _period(mine.date, mine.end_date)
        same_date = {
            e
            for e in events
            if period and ref_periods[e] and date_relation(period, ref_periods[e]) is not None
        }
        out.append((row.event_id, row.source_id, frozenset(same_date or events)))
    return out


def score(reference: Path, drafted: Path, event: str) -> None:
    ref, got = load_dataset(reference), load_dataset(drafted)
    excerpts = match(ref, got)
    group = {
        i: g if isinstance(g, str) and g else ""
        for i, g in zip(got.events["id"], got.events["group"], strict=True)
    }
    true, predicted = set(), set()
    for (a, x), (b, y) in combinations(enumerate(excerpts), 2):
        if x[2] & y[2]:
            true.add((a, b))
        if x[0] == y[0] or (group[x[0]] and group[x[0]] == group[y[0]]):
            predicted.add((a, b))
    hits = true & predicted
    precision = len(hits) / len(predicted) if predicted else 1.0
    recall = len(hits) / len(true) if true else 1.0
    n_groups = len({g for g in group.values() if g})
    print(f"candidates: {len(got.events)} ({len(excerpts)} excerpts), groups: {n_groups}")
    print(f"true links: {len(true)}, predicted links: {len(predicted)}, right: {len(hits)}")
    print(f"pairwise precision: {precision:.2f}, pairwise recall: {recall:.2f}")

    cited = sorted(set(ref.excerpts.loc[ref.excerpts["event_id"] == event, "source_id"]))
    print(f"\n{event}: cited by {len(cited)} reference articles ({', '.join(cited)})")
    mine = [x for x in excerpts if event in x[2]]
    if not mine:
        print("  no draft candidate quotes it")
    for g in sorted({group[c] or c for c, _, _ in mine}):
        members = [x for x in excerpts if (group[x[0]] or x[0]) == g]
        sources = sorted({s for _, s, _ in members})
        cites = f"{len(sources)} articles ({', '.join(sources)})"
        print(f"  {g}: {len(members)} candidates citing {cites}")

    def show(pair: tuple[int, int]) -> str:
        x, y = excerpts[pair[0]], excerpts[pair[1]]
        return f"{x[0]} [{group[x[0]] or '-'}] ~ {y[0]} [{group[y[0]] or '-'}]"

    print("\nfalse links:")
    for pair in sorted(predicted - true):
        print("  " + show(pair))
    print("missed links:")
    for pair in sorted(true - predicted):
        print("  " + show(pair))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draft", type=Path, help="a draft to score, or where to write one")
    parser.add_argument("--reference", type=Path, default=ROOT / "data")
    parser.add_argument("--event", default=VISIT, help="reference event whose group to show")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        drafted = args.draft or Path(tmp) / "draft"
        if not (drafted / "events.csv").is_file():
            run_draft(args.reference, drafted)
        score(args.reference, drafted, args.event)


if __name__ == "__main__":
    main()
