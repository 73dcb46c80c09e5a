"""Synthetic datasets in the normal folder format, for tests and benchmarks at scale.

Events cluster like real event data: a background that grows denser towards the present,
crises that burst and fade, a few pre-1677 events, skewed actor popularity, spans, all three
date precisions. Every excerpt quotes a sentence that really is in its generated article.
Everything is vectorised with numpy/pandas and seeded, so a seed always gives the same bytes.

A dataset is made in parts (:func:`parts`) of at most :data:`PART_EVENTS` events, each with
its own articles: each part's events are dated, named and quoted as a small dataset of their
own, so any number of events is written in the memory of one part, as CSV files here or as a
pack by the caller's ``writer`` (see :mod:`timeline.pack.stream`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from timeline.model.pack_format import MANIFEST_FILE, DatasetPart
from timeline.model.schema import EVENTS, EXCERPTS, SOURCES, SOURCES_DIR, VOCABULARY
from timeline.synth.articles import articles as _articles
from timeline.synth.events import (
    ACTOR_COUNT_P,
    burst_of,
    draw_dates,
    draw_names,
    draw_spans,
    events_frame,
)
from timeline.synth.names import ACTORS, THEME_NAMES, THEMES

EVENTS_PER_ARTICLE = 100
PART_EVENTS = 250_000  # events made (and held in memory) at a time

Writer = Callable[[Iterable[DatasetPart], pd.DataFrame, Path], object]


def generate_dataset(
    out_dir: Path,
    *,
    events: int,
    seed: int = 0,
    articles: int | None = None,
    overwrite: bool = False,
    writer: Writer | None = None,
    part_events: int = PART_EVENTS,
) -> Path:
    """Write a valid synthetic dataset of ``events`` events into ``out_dir`` and return it.

    The folder is built next to ``out_dir`` and renamed into place, so a crash never leaves a
    half-written dataset that looks complete. An existing non-empty ``out_dir`` is replaced
    only with ``overwrite`` (and only if it is empty or holds a dataset, CSV or packed).
    With ``writer`` (``writer(parts, vocabulary, new_folder)``), the parts are written by it
    (as a pack) instead of as CSV files. Either way, one part is held in memory at a time.
    """
    if events < 1:
        raise ValueError("events must be at least 1")
    out_dir = Path(out_dir)
    _check_target(out_dir, overwrite=overwrite)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    made = parts(events=events, seed=seed, articles=articles, part_events=part_events)
    try:
        if writer is None:
            _write(tmp, made)
            built = tmp
        else:
            built = tmp / "packed"
            writer(made, vocabulary(), built)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(built, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # gone already when it was moved into place
    return out_dir


def parts(
    *, events: int, seed: int = 0, articles: int | None = None, part_events: int = PART_EVENTS
) -> Iterator[DatasetPart]:
    """The dataset, part after part: events and articles are shared out evenly, and each
    part is made from its own seed (the first and only part of a small dataset from
    ``seed`` itself). Ids are numbered across parts, in time order within each."""
    default = max(min(3, events), -(-events // EVENTS_PER_ARTICLE))
    n_articles = max(1, articles if articles is not None else default)
    k = max(1, min(-(-events // max(1, part_events)), n_articles))
    widths = (len(str(events)), len(str(n_articles)))
    for c in range(k):
        first_event, first_article = c * events // k, c * n_articles // k
        n = (c + 1) * events // k - first_event
        m = (c + 1) * n_articles // k - first_article
        rng = np.random.default_rng(seed if k == 1 else [seed, c])
        yield _part(rng, n, m, first=(first_event, first_article), widths=widths)


def _check_target(out_dir: Path, *, overwrite: bool) -> None:
    """Refuse to replace anything but an empty folder or (with overwrite) a dataset folder."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise FileExistsError(f"{out_dir} exists and is not a folder")
    if not any(out_dir.iterdir()):
        return
    if not overwrite:
        raise FileExistsError(f"{out_dir} is not empty")
    if not ((out_dir / EVENTS.file).is_file() or (out_dir / MANIFEST_FILE).is_file()):
        raise FileExistsError(f"{out_dir} is not empty and holds no dataset; not replacing it")


def _write(root: Path, made: Iterable[DatasetPart]) -> None:
    """The CSV form, a part at a time: each part's rows appended to the tables."""
    (root / SOURCES_DIR).mkdir()
    vocabulary().to_csv(root / VOCABULARY.file, index=False, lineterminator="\n")
    for c, part in enumerate(made):
        for name, text in zip(part.sources["file"], part.texts, strict=True):
            (root / SOURCES_DIR / name).write_text(text, encoding="utf-8", newline="\n")
        for spec, frame in ((SOURCES, part.sources), (EVENTS, part.events)):
            frame[[c for c in spec.names if c in frame]].to_csv(
                root / spec.file, index=False, lineterminator="\n", mode="a", header=c == 0
            )
        part.excerpts[list(EXCERPTS.names)].to_csv(
            root / EXCERPTS.file, index=False, lineterminator="\n", mode="a", header=c == 0
        )


def _part(
    rng: np.random.Generator,
    n: int,
    n_articles: int,
    *,
    first: tuple[int, int],
    widths: tuple[int, int],
) -> DatasetPart:
    """``n`` events reported by ``n_articles`` articles of their own, numbered from
    ``first`` (events, articles) with ids ``widths`` digits long."""
    dates = draw_dates(rng, n)
    bursts = burst_of(rng, dates, n)
    actor_idx, actor_ok = draw_names(rng, len(ACTORS), ACTOR_COUNT_P, bursts, n, 1.1)
    theme_idx, theme_ok = draw_names(rng, len(THEME_NAMES), (0.7, 0.3), bursts, n, 0.6)
    spans = draw_spans(rng, dates)
    frame = events_frame(
        rng, dates, spans, actor_idx, actor_ok, theme_idx, theme_ok, first=first[0], width=widths[0]
    )
    texts, excerpts, sources = _articles(
        rng, frame, dates, n_articles, first=first[1], width=widths[1]
    )
    events = frame[[c for c in EVENTS.names if c in frame]]
    return DatasetPart(events=events, excerpts=excerpts, sources=sources, texts=texts)


def vocabulary() -> pd.DataFrame:
    """The actors and themes every synthetic dataset names."""
    actors = pd.DataFrame(
        {"kind": "actor", "name": ACTORS, "description": [f"Synthetic actor {a}" for a in ACTORS]}
    )
    themes = pd.DataFrame(
        {
            "kind": "theme",
            "name": THEME_NAMES,
            "description": [", ".join(THEMES[t][0]) for t in THEME_NAMES],
        }
    )
    return pd.concat([actors, themes], ignore_index=True)
