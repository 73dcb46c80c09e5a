"""Synthetic articles: the texts reporting one part's events, the excerpts quoting them and
the sources table (see :mod:`timeline.synth`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.synth.events import Dates

_EXCERPT_COUNT_P = (0.6, 0.3, 0.1)  # 1..3 excerpts


def articles(
    rng: np.random.Generator,
    frame: pd.DataFrame,
    dates: Dates,
    n_articles: int,
    *,
    first: int = 0,
    width: int | None = None,
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
    source_ids = _article_ids(n_articles, first=first, width=width)
    body = _article_texts(sentences, n_articles, first=first)
    excerpts = sentences.sort_values(["event", "k"], kind="stable", ignore_index=True)
    excerpts = pd.DataFrame(
        {
            "event_id": frame["id"].iloc[excerpts["event"]].to_numpy(),
            "source_id": source_ids[excerpts["article"].to_numpy()],
            "quote": excerpts["quote"].to_numpy(),
        }
    )
    sources = _sources_frame(source_ids, primary, dates, frame, first=first)
    return body, excerpts, sources


def _adjective(rng: np.random.Generator, n: int) -> pd.Series:
    words = np.array(["unexpected", "long in the making", "widely criticised", "a relief"])
    return pd.Series(words[rng.integers(0, len(words), n)], dtype="str")


def _article_ids(n_articles: int, *, first: int = 0, width: int | None = None) -> np.ndarray:
    width = width or len(str(n_articles))
    numbers = range(first + 1, first + n_articles + 1)
    return np.array([f"art-{i:0{width}d}" for i in numbers], dtype=object)


def _article_texts(sentences: pd.DataFrame, n_articles: int, *, first: int = 0) -> list[str]:
    """One text per article: a headline line, then paragraphs of a few sentences each."""
    para = (sentences.groupby("article").cumcount() // 4).to_numpy()
    new_para = np.r_[True, (np.diff(para) != 0) | (np.diff(sentences["article"]) != 0)]
    sep = pd.Series(np.where(new_para, "\n", " "), dtype="str")
    joined = (sep + sentences["text"]).to_numpy(dtype=object)
    bounds = np.searchsorted(sentences["article"].to_numpy(), np.arange(n_articles + 1))
    return [
        f"Dispatch {first + i + 1}\n"
        + "".join(joined[bounds[i] : bounds[i + 1]]).lstrip("\n")
        + "\n"
        for i in range(n_articles)
    ]


def _sources_frame(
    source_ids: np.ndarray,
    primary: np.ndarray,
    dates: Dates,
    frame: pd.DataFrame,
    *,
    first: int = 0,
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
            "title": [f"[Dispatch {first + i + 1}]" for i in range(n_articles)],
            "published": published,
            "file": [f"{sid}.txt" for sid in source_ids],
            "note": "Synthetic article; the title is supplied.",
        }
    )
