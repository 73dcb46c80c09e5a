"""Score `timeline draft` against a hand-made reference dataset.

Runs the draft on the reference's own articles (with its sources.csv and vocabulary.csv, so
publication dates are the same) unless --draft names a folder that already holds a draft, then
compares:

- targets: the reference events whose date_basis is `stated` or `relative` (the dates that
  can be read from the text);
- found: a target with at least one draft candidate whose quote overlaps one of the target's
  quotes in the same article;
- right: a found target with a candidate there whose date is exactly the target's date, at
  the same precision (end dates are not compared);
- spurious: a draft candidate whose quote overlaps no quote of any reference event (of any
  date_basis) in that article.

Prints a Markdown table, then one line per target.

    python bench/score_draft.py [--draft DIR] [--reference data/]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure the checkout this script belongs to

from timeline.draft.base import SOURCES, SOURCES_DIR, VOCABULARY, load_dataset
from timeline.draft.command import draft


def _spans(dataset) -> dict[str, list[tuple[str, int, int]]]:
    """event id -> [(source id, start, end)] of its quotes in their articles."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    for row in dataset.excerpts.itertuples():
        out.setdefault(row.event_id, []).append(
            (row.source_id, int(row.quote_start), int(row.quote_end))
        )
    return out


def _overlap(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def run_draft(reference: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        given = Path(tmp) / "in"
        shutil.copytree(reference / SOURCES_DIR, given / SOURCES_DIR)
        for name in (SOURCES.file, VOCABULARY.file):
            shutil.copyfile(reference / name, given / name)
        result = CliRunner().invoke(draft, [str(given), "-o", str(out)])
        if result.exit_code:
            sys.exit(f"draft failed: {result.output}")


def score(reference: Path, drafted: Path) -> tuple[dict[str, float], list[str]]:
    ref, got = load_dataset(reference), load_dataset(drafted)
    ref_spans, got_spans = _spans(ref), _spans(got)
    dates = dict(zip(got.events["id"], got.events["date"], strict=True))
    targets = ref.events[ref.events["date_basis"].isin(["stated", "relative"])]
    found = right = 0
    lines = []
    for event in targets.itertuples():
        quotes = ref_spans.get(event.id, [])
        matched = [
            cid
            for cid, spans in got_spans.items()
            if any(_overlap(s, q) for s in spans for q in quotes)
        ]
        hit = [dates[c] for c in matched]
        found += bool(matched)
        right += event.date in hit
        mark = "right" if event.date in hit else "found" if matched else "missed"
        lines.append(f"| {event.id} | {event.date} | {mark} | {', '.join(sorted(set(hit)))} |")
    every_quote = [q for spans in ref_spans.values() for q in spans]
    spurious = [
        cid
        for cid, spans in got_spans.items()
        if not any(_overlap(s, q) for s in spans for q in every_quote)
    ]
    n_targets, n_candidates = len(targets), len(got.events)
    numbers = {
        "targets": n_targets,
        "found": found,
        "right": right,
        "candidates": n_candidates,
        "spurious": len(spurious),
        "recall": right / n_targets if n_targets else 0.0,
        "precision": (n_candidates - len(spurious)) / n_candidates if n_candidates else 0.0,
    }
    lines += [f"| spurious: {cid} | {dates[cid]} | spurious | |" for cid in spurious]
    return numbers, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draft", type=Path, help="a draft to score, or where to write one")
    parser.add_argument("--reference", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        drafted = args.draft or Path(tmp) / "draft"
        if not (drafted / "events.csv").is_file():
            run_draft(args.reference, drafted)
        numbers, lines = score(args.reference, drafted)
    print(
        "| reference events (stated/relative) | found | right date & precision | candidates "
        "| spurious | recall (right) | precision (not spurious) |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {numbers['targets']} | {numbers['found']} | {numbers['right']} | "
        f"{numbers['candidates']} | {numbers['spurious']} | {numbers['recall']:.2f} | "
        f"{numbers['precision']:.2f} |"
    )
    print()
    print("| event | reference date | result | draft dates on its quotes |")
    print("|---|---|---|---|")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
