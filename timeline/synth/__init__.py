"""Synthetic datasets in the normal folder format, for tests and benchmarks at scale.

Events cluster like real event data: a background that grows denser towards the present,
crises that burst and fade, a few pre-1677 events, skewed actor popularity, spans, all three
date precisions. Every excerpt quotes a sentence that really is in its generated article.
Everything is vectorised with numpy/pandas and seeded, so a seed always gives the same bytes.

A packed dataset (``--format parquet``) is for now the CSV form, written to a temporary folder
and packed from there by the caller's ``pack``: not yet written in bounded memory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from timeline.model.dates import MONTH_NAMES
from timeline.model.pack_format import MANIFEST_FILE
from timeline.model.schema import EVENTS, EXCERPTS, SOURCES, SOURCES_DIR, VOCABULARY
from timeline.synth.names import ACTORS, THEME_NAMES, THEMES

EVENTS_PER_ARTICLE = 100

_FIRST_DAY = np.datetime64("1950-01-01", "D")
_LAST_DAY = np.datetime64("2025-12-31", "D")
_PRECISION_P = (0.07, 0.13, 0.80)  # year, month, day
_ACTOR_COUNT_P = (0.25, 0.45, 0.20, 0.10)  # 1..4 actors
_EXCERPT_COUNT_P = (0.6, 0.3, 0.1)  # 1..3 excerpts
_BASIS_P = (0.75, 0.17, 0.08)  # stated, relative, external
_SPAN_SHARE = 0.10
_BURST_SHARE = 0.45
_BASIS_NOTES = (
    "",
    "Dated relative to the article's publication ('last week', 'on Tuesday').",
    "Date from an outside chronology; the article does not state it.",
)


@dataclass(frozen=True)
class _Dates:
    """Event start days with their precision codes (0 year, 1 month, 2 day)."""

    day: np.ndarray  # datetime64[D]
    precision: np.ndarray  # int8


def generate_dataset(
    out_dir: Path,
    *,
    events: int,
    seed: int = 0,
    articles: int | None = None,
    overwrite: bool = False,
    pack: Callable[[Path, Path], object] | None = None,
) -> Path:
    """Write a valid synthetic dataset of ``events`` events into ``out_dir`` and return it.

    The folder is built next to ``out_dir`` and renamed into place, so a crash never leaves a
    half-written dataset that looks complete. An existing non-empty ``out_dir`` is replaced
    only with ``overwrite`` (and only if it is empty or holds a dataset, CSV or packed).
    With ``pack`` (``pack(folder, new_folder)``, as ``timeline pack``), the CSV form is
    written to the temporary folder, and its pack is moved into place.
    """
    if events < 1:
        raise ValueError("events must be at least 1")
    out_dir = Path(out_dir)
    _check_target(out_dir, overwrite=overwrite)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        if pack is None:
            _write(tmp, events=events, seed=seed, articles=articles)
            built = tmp
        else:
            (tmp / "csv").mkdir()
            _write(tmp / "csv", events=events, seed=seed, articles=articles)
            built = tmp / "packed"
            pack(tmp / "csv", built)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(built, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # gone already when it was moved into place
    return out_dir


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


def _write(root: Path, *, events: int, seed: int, articles: int | None) -> None:
    rng = np.random.default_rng(seed)
    default = max(min(3, events), -(-events // EVENTS_PER_ARTICLE))
    n_articles = max(1, articles if articles is not None else default)
    dates = _draw_dates(rng, events)
    bursts = _burst_of(rng, dates, events)
    actor_idx, actor_ok = _draw_names(rng, len(ACTORS), _ACTOR_COUNT_P, bursts, events, 1.1)
    theme_idx, theme_ok = _draw_names(rng, len(THEME_NAMES), (0.7, 0.3), bursts, events, 0.6)
    spans = _draw_spans(rng, dates)
    frame = _events_frame(rng, dates, spans, actor_idx, actor_ok, theme_idx, theme_ok)
    sentences, excerpts, sources = _articles(rng, frame, dates, n_articles)

    (root / SOURCES_DIR).mkdir()
    for name, text in zip(sources["file"], sentences, strict=True):
        (root / SOURCES_DIR / name).write_text(text, encoding="utf-8", newline="\n")
    _vocabulary().to_csv(root / VOCABULARY.file, index=False, lineterminator="\n")
    sources[[c for c in SOURCES.names if c in sources]].to_csv(
        root / SOURCES.file, index=False, lineterminator="\n"
    )
    frame[[c for c in EVENTS.names if c in frame]].to_csv(
        root / EVENTS.file, index=False, lineterminator="\n"
    )
    excerpts[list(EXCERPTS.names)].to_csv(root / EXCERPTS.file, index=False, lineterminator="\n")


def _vocabulary() -> pd.DataFrame:
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


def _draw_dates(rng: np.random.Generator, n: int) -> _Dates:
    """Start days: a few before 1677, bursts around crises, a background growing to 2025."""
    n_early = min(n, max(3, n // 2000))
    n_burst = int((n - n_early) * _BURST_SHARE)
    n_background = n - n_early - n_burst
    total = int((_LAST_DAY - _FIRST_DAY).astype(int))
    background = _recent_weighted(rng, n_background, total)
    n_crises = int(np.clip(n // 500, 3, 400))
    centres = _recent_weighted(rng, n_crises, total)
    weight = rng.pareto(1.2, n_crises) + 1
    crisis = rng.choice(n_crises, size=n_burst, p=weight / weight.sum())
    width = rng.lognormal(np.log(20), 0.8, n_crises)
    burst = centres[crisis] + (rng.exponential(1.0, n_burst) * width[crisis]).astype("int64")
    early_years = rng.integers(1400, 1677, n_early)
    early = (early_years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    early = early + rng.integers(0, 365, n_early).astype("timedelta64[D]")
    offsets = np.concatenate([background, np.minimum(burst, total)])
    day = np.concatenate([early, _FIRST_DAY + offsets.astype("timedelta64[D]")])
    precision = rng.choice(3, size=n, p=_PRECISION_P).astype("int8")
    precision[:n_early] = np.where(rng.random(n_early) < 0.7, 0, 1)
    return _Dates(day=day, precision=precision)


def _recent_weighted(rng: np.random.Generator, n: int, total: int) -> np.ndarray:
    """Day offsets in [0, total] with density growing exponentially towards the end."""
    tau = total / 3.0
    u = rng.random(n)
    return (tau * np.log1p(u * np.expm1(total / tau))).astype("int64").clip(0, total)


def _burst_of(rng: np.random.Generator, dates: _Dates, n: int) -> np.ndarray:
    """A cluster id per event (its crisis, roughly: the 30-day window), for coherent actors."""
    days = dates.day.astype("int64")
    window = (days - days.min()) // 30
    _, cluster = np.unique(window, return_inverse=True)
    return cluster.astype("int64")


def _draw_names(
    rng: np.random.Generator,
    n_names: int,
    count_p: tuple[float, ...],
    cluster: np.ndarray,
    n: int,
    skew: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct names per event: an (n, k) index array and a mask of the ones kept.

    Popularity is Zipf-like; events of the same 30-day window tend to share their first names,
    as events of one crisis involve the same parties.
    """
    k = len(count_p)
    weight = 1.0 / np.arange(1, n_names + 1) ** skew
    draws = rng.choice(n_names, size=(n, k), p=weight / weight.sum())
    favourite = rng.choice(n_names, size=(cluster.max() + 1, k), p=weight / weight.sum())
    coherent = rng.random((n, k)) < 0.6
    draws = np.where(coherent, favourite[cluster], draws)
    distinct = np.ones((n, k), dtype=bool)
    for j in range(1, k):
        distinct[:, j] = (draws[:, j, None] != draws[:, :j]).all(axis=1)
    wanted = rng.choice(k, size=n, p=count_p) + 1
    keep = distinct & (np.cumsum(distinct, axis=1) <= wanted[:, None])
    return draws, keep


@dataclass(frozen=True)
class _Spans:
    has_end: np.ndarray
    end_day: np.ndarray  # datetime64[D], meaningful where has_end


def _draw_spans(rng: np.random.Generator, dates: _Dates) -> _Spans:
    """About 10% spans, ending strictly later at the start's own precision."""
    n = len(dates.day)
    has_end = rng.random(n) < _SPAN_SHARE
    days = rng.lognormal(np.log(30), 1.0, n).astype("int64") + 1
    months = rng.integers(1, 24, n)
    years = rng.integers(1, 10, n)
    start_m = dates.day.astype("datetime64[M]")
    start_y = dates.day.astype("datetime64[Y]")
    end_day = np.select(
        [dates.precision == 2, dates.precision == 1],
        [
            dates.day + days.astype("timedelta64[D]"),
            (start_m + months.astype("timedelta64[M]")).astype("datetime64[D]"),
        ],
        (start_y + years.astype("timedelta64[Y]")).astype("datetime64[D]"),
    )
    return _Spans(has_end=has_end, end_day=end_day)


def _iso(day: np.ndarray, precision: np.ndarray) -> pd.Series:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' per precision code."""
    full = pd.Series(np.datetime_as_string(day, unit="D"), dtype="str")
    return full.str.slice(0, 4).where(
        precision == 0, full.str.slice(0, 7).where(precision == 1, full)
    )


def _spoken(day: np.ndarray, precision: np.ndarray) -> pd.Series:
    """'On 12 March 1987', 'In March 1987' or 'In 1987', as an article would write it."""
    year = pd.Series((day.astype("datetime64[Y]").astype("int64") + 1970).astype(str), dtype="str")
    month_no = day.astype("datetime64[M]").astype("int64") % 12
    month = pd.Series(MONTH_NAMES[month_no], dtype="str")
    dom = (day - day.astype("datetime64[M]").astype("datetime64[D]")).astype("int64") + 1
    dom_s = pd.Series(dom.astype(str), dtype="str")
    spoken = ("In " + year).where(precision == 0, "In " + month + " " + year)
    return spoken.where(precision != 2, "On " + dom_s + " " + month + " " + year)


def _names(table: tuple[str, ...], idx: np.ndarray, keep: np.ndarray) -> list[pd.Series]:
    """One str column per slot: the name where kept, else ''."""
    names = np.asarray(table, dtype=object)
    return [
        pd.Series(np.where(keep[:, j], names[idx[:, j]], ""), dtype="str")
        for j in range(idx.shape[1])
    ]


def _joined(parts: list[pd.Series], sep: str) -> pd.Series:
    """Join the non-empty parts of each row with ``sep``."""
    out = parts[0]
    for part in parts[1:]:
        out = out + (sep + part).where(part != "", "")
    return out


def _prose_list(parts: list[pd.Series]) -> pd.Series:
    """'A', 'A and B', 'A, B and C' (parts are left-packed: empties only at the end)."""
    count = sum((p != "").astype("int64") for p in parts)
    out = parts[0]
    for j, part in enumerate(parts[1:], start=1):
        last = count == j + 1
        piece = (" and " + part).where(last, ", " + part)
        out = out + piece.where(part != "", "")
    return out


def _pack(idx: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Move kept names to the left of each row, preserving order."""
    order = np.argsort(~keep, axis=1, kind="stable")
    return np.take_along_axis(idx, order, axis=1), np.take_along_axis(keep, order, axis=1)


def _events_frame(
    rng: np.random.Generator,
    dates: _Dates,
    spans: _Spans,
    actor_idx: np.ndarray,
    actor_ok: np.ndarray,
    theme_idx: np.ndarray,
    theme_ok: np.ndarray,
) -> pd.DataFrame:
    """The events table in time order, with the phrases the articles will reuse."""
    n = len(dates.day)
    # the loader's order (period start, then id) is the file's order: ids follow it
    period_start = np.select(
        [dates.precision == 2, dates.precision == 1],
        [dates.day, dates.day.astype("datetime64[M]").astype("datetime64[D]")],
        dates.day.astype("datetime64[Y]").astype("datetime64[D]"),
    )
    order = np.lexsort((dates.day, period_start))
    day, precision = dates.day[order], dates.precision[order]
    has_end, end_day = spans.has_end[order], spans.end_day[order]
    actor_idx, actor_ok = _pack(actor_idx[order], actor_ok[order])
    theme_idx, theme_ok = _pack(theme_idx[order], theme_ok[order])
    actors = _names(ACTORS, actor_idx, actor_ok)
    themes = _names(THEME_NAMES, theme_idx, theme_ok)
    variant = rng.integers(0, 3, n)
    first_theme = theme_idx[:, 0]
    nouns = np.array([THEMES[t][0][v] for t in THEME_NAMES for v in range(3)], dtype=object)
    verbs = np.array([THEMES[t][1][v] for t in THEME_NAMES for v in range(3)], dtype=object)
    noun = pd.Series(nouns[first_theme * 3 + variant], dtype="str")
    verb = pd.Series(verbs[first_theme * 3 + variant], dtype="str")
    who = _prose_list(actors)
    pair = actors[0] + ("–" + actors[1]).where(actors[1] != "", "")
    basis = rng.choice(3, size=n, p=_BASIS_P)
    width = len(str(n))
    ids = pd.Series(np.arange(1, n + 1).astype(str), dtype="str").str.zfill(width)
    frame = pd.DataFrame(
        {
            "id": "evt-" + ids,
            "date": _iso(day, precision),
            "end_date": _iso(end_day, precision).where(has_end, ""),
            "title": pair + " " + noun,
            "summary": who + " " + verb + ".",
            "actors": _joined(actors, ";"),
            "themes": _joined(themes, ";"),
            "date_basis": pd.Series(np.array(["stated", "relative", "external"])[basis]),
            "note": pd.Series(np.array(_BASIS_NOTES, dtype=object)[basis], dtype="str"),
        }
    )
    frame.attrs["order"] = order
    frame.attrs["spoken"] = _spoken(day, precision)
    frame.attrs["who"] = who
    frame.attrs["verb"] = verb
    frame.attrs["noun"] = noun
    frame.attrs["lead"] = actors[0]
    return frame


def _articles(
    rng: np.random.Generator, frame: pd.DataFrame, dates: _Dates, n_articles: int
) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    """Article texts, excerpts quoting them and the sources table.

    Events in time order are cut into ``n_articles`` runs; each run is reported by one
    article (first excerpt, and the third when there is one). A second excerpt quotes a
    follow-up sentence placed in another article, so events have 1-2 distinct sources.
    """
    n = len(frame)
    spoken, who, verb = frame.attrs["spoken"], frame.attrs["who"], frame.attrs["verb"]
    noun, lead = frame.attrs["noun"], frame.attrs["lead"]
    primary = (np.arange(n) * n_articles) // n
    other = (primary + rng.integers(1, max(2, n_articles), n)) % n_articles
    count = rng.choice(3, size=n, p=_EXCERPT_COUNT_P) + 1
    clause = rng.random(n) < 0.3
    texts = [
        spoken + ", " + who + " " + verb + ".",
        "Officials in " + lead + " said the " + noun + " was " + _adjective(rng, n) + ".",
        "Reporting " + spoken.str.slice(3) + ", the paper noted that " + who + " " + verb + ".",
    ]
    quotes = [
        (who + " " + verb + ".").where(clause, texts[0]),
        texts[1],
        texts[2],
    ]
    pieces = []
    for k in range(3):
        rows = np.flatnonzero(count > k)
        article = (other if k == 1 else primary)[rows]
        pieces.append(
            pd.DataFrame(
                {
                    "article": article,
                    "event": rows,
                    "k": k,
                    "text": texts[k].iloc[rows].to_numpy(),
                    "quote": quotes[k].iloc[rows].to_numpy(),
                }
            )
        )
    sentences = pd.concat(pieces, ignore_index=True)
    sentences = sentences.sort_values(["article", "event", "k"], kind="stable", ignore_index=True)
    source_ids = _article_ids(n_articles)
    body = _article_texts(sentences, n_articles)
    excerpts = sentences.sort_values(["event", "k"], kind="stable", ignore_index=True)
    excerpts = pd.DataFrame(
        {
            "event_id": frame["id"].iloc[excerpts["event"]].to_numpy(),
            "source_id": source_ids[excerpts["article"].to_numpy()],
            "quote": excerpts["quote"].to_numpy(),
        }
    )
    sources = _sources_frame(source_ids, primary, dates, frame, body)
    return body, excerpts, sources


def _adjective(rng: np.random.Generator, n: int) -> pd.Series:
    words = np.array(["unexpected", "long in the making", "widely criticised", "a relief"])
    return pd.Series(words[rng.integers(0, len(words), n)], dtype="str")


def _article_ids(n_articles: int) -> np.ndarray:
    width = len(str(n_articles))
    return np.array([f"art-{i + 1:0{width}d}" for i in range(n_articles)], dtype=object)


def _article_texts(sentences: pd.DataFrame, n_articles: int) -> list[str]:
    """One text per article: a headline line, then paragraphs of a few sentences each."""
    para = (sentences.groupby("article").cumcount() // 4).to_numpy()
    new_para = np.r_[True, (np.diff(para) != 0) | (np.diff(sentences["article"]) != 0)]
    sep = pd.Series(np.where(new_para, "\n", " "), dtype="str")
    joined = (sep + sentences["text"]).to_numpy(dtype=object)
    bounds = np.searchsorted(sentences["article"].to_numpy(), np.arange(n_articles + 1))
    return [
        f"Dispatch {i + 1}\n" + "".join(joined[bounds[i] : bounds[i + 1]]).lstrip("\n") + "\n"
        for i in range(n_articles)
    ]


def _sources_frame(
    source_ids: np.ndarray,
    primary: np.ndarray,
    dates: _Dates,
    frame: pd.DataFrame,
    body: list[str],
) -> pd.DataFrame:
    """Each article is published on the last day of the run of events it reports."""
    n_articles = len(source_ids)
    last = np.searchsorted(primary, np.arange(n_articles), side="right") - 1
    last = last.clip(0, len(frame) - 1)
    day = np.maximum.accumulate(dates.day[frame.attrs["order"]])[last]
    published = pd.Series(np.datetime_as_string(day, unit="D"), dtype="str")
    return pd.DataFrame(
        {
            "id": source_ids,
            "title": [f"[Dispatch {i + 1}]" for i in range(n_articles)],
            "published": published,
            "file": [f"{sid}.txt" for sid in source_ids],
            "note": "Synthetic article; the title is supplied.",
        }
    )
