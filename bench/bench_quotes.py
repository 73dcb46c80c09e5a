"""Checking a dataset whose many quotes come from a few long articles, against a plain read.

    python bench/bench_quotes.py                # 100,000 excerpts, 3 articles of ~200 KB
    python bench/bench_quotes.py --find         # also the matcher this replaced
    python bench/bench_quotes.py --runs         # quotes are any runs of words: ~all distinct
    python bench/bench_quotes.py --synth --find # timeline synth's data, 3 articles of ~3 MB

Writes (with a seed) three long articles with typographic quotes and irregular line breaks,
and one event per excerpt quoting one of their sentences retyped as a user would (straight
quotes, single spaces). Then, in one run, times:

- plain read: ``pd.read_csv`` of the four CSV files and reading the article texts;
- check: ``load_dataset`` (what ``timeline check`` runs): parsing, validation, quote location;
- with ``--find``: the check again with one ``str.find`` per distinct quote, as before the
  one-pass matcher (slow: minutes at 100,000 quotes).

Each time is the best of ``--repeats``. It prints measured numbers; it asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's package
from timeline.load import articles as loader
from timeline.load.loader import load_dataset
from timeline.model.quotes import Article
from timeline.synth import generate_dataset

WORDS = (  # noqa: SIM905
    "the minister said talks would resume after a week of quiet diplomacy between both "
    "capitals while officials in the region expected a treaty on trade rail energy and "
    "security to be signed before winter although critics warned that the deal could "
    "collapse if either side failed to honour earlier pledges made at the summit"
).split()


def write_dataset(
    root: Path, *, events: int, articles: int, size: int, seed: int, runs: bool = False
) -> None:
    """Articles of ``size`` characters and one excerpt per event, quoting a sentence (or,
    with ``runs``, any run of 6 to 25 words: almost every quote then differs)."""
    rng = np.random.default_rng(seed)
    (root / "sources").mkdir(parents=True)
    sentences = [_sentences(rng, size) for _ in range(articles)]
    for i, parts in enumerate(sentences):
        (root / "sources" / f"art-{i}.txt").write_text("".join(parts), encoding="utf-8")
    words = ["".join(parts).split() for parts in sentences]
    which = rng.integers(0, articles, events)
    quotes = []
    for article in which:
        if runs:
            length = int(rng.integers(6, 26))
            start = int(rng.integers(0, len(words[article]) - length))
            quote = " ".join(words[article][start : start + length])
        else:
            quote = sentences[article][int(rng.integers(0, len(sentences[article])))].strip()
        # retyped: straight quotes, single spaces where the article breaks lines
        quote = " ".join(quote.split())
        quotes.append(quote.replace("’", "'").replace("“", '"').replace("”", '"'))
    ids = [f"ev-{i:06d}" for i in range(events)]
    days = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 12_000, events), "D")
    _csv(root / "vocabulary.csv", ["kind", "name", "description"],
         [["actor", "Ruritania", ""], ["theme", "trade", ""]])  # fmt: skip
    _csv(
        root / "sources.csv",
        ["id", "title", "published", "file", "note"],
        [[f"art-{i}", f"Article {i}", "2024-06", f"art-{i}.txt", ""] for i in range(articles)],
    )
    _csv(
        root / "events.csv",
        ["id", "date", "end_date", "title", "summary", "actors", "themes", "date_basis", "note"],
        [
            [
                ev,
                day.strftime("%Y-%m-%d"),
                "",
                f"Event {ev}",
                "",
                "Ruritania",
                "trade",
                "stated",
                "",
            ]
            for ev, day in zip(ids, days, strict=True)
        ],
    )
    _csv(
        root / "excerpts.csv",
        ["event_id", "source_id", "quote"],
        [[ev, f"art-{a}", q] for ev, a, q in zip(ids, which, quotes, strict=True)],
    )


def _sentences(rng: np.random.Generator, size: int) -> list[str]:
    """An article as sentences of random words, some speech in curly quotes, ragged breaks."""
    parts: list[str] = []
    total = 0
    while total < size:
        n = int(rng.integers(8, 30))
        words = [WORDS[i] for i in rng.integers(0, len(WORDS), n)]
        words[0] = words[0].capitalize()
        if rng.random() < 0.3:
            at = int(rng.integers(1, n))
            words[at] = f"“{words[at]}’s”"
        if rng.random() < 0.3:  # a line break inside the sentence
            at = int(rng.integers(1, n))
            words[at] = "\n" + words[at]
        sentence = " ".join(words) + "."
        gap = "\n\n" if rng.random() < 0.1 else ("\n" if rng.random() < 0.2 else " ")
        parts.append(sentence + gap)
        total += len(sentence) + len(gap)
    return parts


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def plain_read(root: Path) -> None:
    for name in ("vocabulary.csv", "sources.csv", "events.csv", "excerpts.csv"):
        pd.read_csv(root / name, dtype=str, keep_default_na=False)
    for path in sorted((root / "sources").iterdir()):
        path.read_text(encoding="utf-8")


def _find_each(article: Article, needles: list[str]) -> np.ndarray:
    """The matcher this replaced: one ``str.find`` over the article per distinct quote."""
    find = article.normalised.find
    seen: dict[str, int] = {}
    return np.array(
        [seen[x] if x in seen else seen.setdefault(x, find(x)) for x in needles], dtype="int64"
    )


def best(repeats: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=3)
    parser.add_argument("--article-size", type=int, default=200_000, help="characters")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--runs", action="store_true", help="quote runs of words, not sentences")
    parser.add_argument(
        "--synth", action="store_true", help="timeline synth's dataset with --articles articles"
    )
    parser.add_argument("--find", action="store_true", help="also time one str.find per quote")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="timeline-bench-quotes-") as tmp:
        root = Path(tmp) / "data"
        if args.synth:
            generate_dataset(root, events=args.events, seed=args.seed, articles=args.articles)
            what = "timeline synth"
        else:
            write_dataset(
                root,
                events=args.events,
                articles=args.articles,
                size=args.article_size,
                seed=args.seed,
                runs=args.runs,
            )
            what = "runs of words" if args.runs else "sentences"
        dataset = load_dataset(root)  # also warms imports and caches
        assert (dataset.excerpts["quote_start"] >= 0).all()
        sizes = [p.stat().st_size for p in (root / "sources").iterdir()]
        megabytes = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6
        distinct = dataset.excerpts.groupby("source_id")["quote"].nunique().sum()
        print(
            f"{len(dataset.excerpts):,} excerpts ({what}, {distinct:,} distinct) from "
            f"{len(sizes)} articles of ~{sum(sizes) // len(sizes) // 1000:,} KB; "
            f"{megabytes:.1f} MB on disk; best of {args.repeats}"
        )
        plain = best(args.repeats, lambda: plain_read(root))
        check = best(args.repeats, lambda: load_dataset(root))
        print(f"{'plain read (pandas)':<32}{plain:8.3f} s")
        print(f"{'check (load_dataset)':<32}{check:8.3f} s  {check / plain:6.1f}x plain")
        if args.find:
            one_pass = loader._find_all
            loader._find_all = _find_each
            try:
                old = best(1, lambda: load_dataset(root))
            finally:
                loader._find_all = one_pass
            print(f"{'check, one str.find per quote':<32}{old:8.3f} s  {old / plain:6.1f}x plain")


if __name__ == "__main__":
    main()
