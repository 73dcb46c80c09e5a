"""The articles of a dataset: read each file inside ``sources/``, and locate every quote in
its article (verbatim, up to typographic quotes and white space)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.load.quote_index import find_each, locate_all
from timeline.load.tables import (
    Collector,
    Table,
    check_required_values,
    check_unique,
    decode,
    outside_problem,
    validate_dates,
)
from timeline.load.text_cells import check_article_text
from timeline.model.columns import arrow_chunks, arrow_strings
from timeline.model.dates import date_labels
from timeline.model.problems import Problem, shorten
from timeline.model.quotes import Article, normalise_many
from timeline.model.schema import (
    PUBLISHED_BASES,
    SOURCES_DIR,
)


def _read_article(base: Path, name: str) -> tuple[str | None, bytes | None]:
    """(problem, None) or (None, the file's bytes) for a ``file`` value of sources.csv."""
    try:
        path = (base / name).resolve()
        if base not in path.parents:
            return f"must name a file inside the {SOURCES_DIR}/ folder", None
        if path.is_dir():
            return f"is a folder, not a file, in the {SOURCES_DIR}/ folder", None
        if not path.is_file():
            return f"no such file in the {SOURCES_DIR}/ folder", None
        return None, path.read_bytes()
    except (OSError, ValueError, RuntimeError) as exc:  # too long a name, unreadable, a loop
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"cannot be read: {shorten(reason)}", None


def _plain_files(base: Path) -> set[str]:
    """Names of the regular files (not links) right inside ``base``: these need no checks."""
    try:
        with os.scandir(base) as entries:
            return {e.name for e in entries if e.is_file(follow_symlinks=False)}
    except OSError:
        return set()


def _read_plain(base: Path, name: str) -> tuple[None, bytes | None]:
    """A plain file's bytes, read without resolving its path (thousands of articles)."""
    try:
        return None, (base / name).read_bytes()
    except OSError:
        return None, None  # let _read_article say what is wrong


def _check_citation_columns(table: Table, out: Collector) -> None:
    """The optional citation columns: an address a reader can follow, a date, a basis."""
    frame = table.frame
    url = frame["url"]
    bad_url = (url != "") & ~url.str.match(r"^https?://[^\s/]+\S*$")
    out.rows(table, bad_url, "url", "not a web address: expected one starting http:// or https://")
    validate_dates(table, "accessed", out, required=False)
    basis = frame["published_basis"]
    bad_basis = (basis != "") & ~basis.isin(PUBLISHED_BASES)
    out.rows(table, bad_basis, "published_basis", f"expected one of {', '.join(PUBLISHED_BASES)}")


def load_sources(
    folder: Path, table: Table, out: Collector
) -> tuple[pd.DataFrame, dict[str, Article]]:
    frame = table.frame
    check_required_values(table, ("id", "title", "file"), out)
    check_unique(table, "id", out)
    published = validate_dates(table, "published", out, required=True)
    _check_citation_columns(table, out)
    articles: dict[str, Article] = {}
    base = (folder / SOURCES_DIR).resolve()
    outside = outside_problem(folder, folder / SOURCES_DIR, f"{SOURCES_DIR}/")
    if outside:  # no article is read through a link that leaves the dataset
        out.add(outside)
    files = [""] * len(frame) if outside else frame["file"]
    plain = set() if outside else _plain_files(base)
    for pos, (source_id, name) in enumerate(zip(frame["id"], files, strict=True)):
        if not name:
            continue
        problem, raw = _read_plain(base, name) if name in plain else (None, None)
        if raw is None:
            problem, raw = _read_article(base, name)
        if raw is not None:
            text = decode(raw, f"{SOURCES_DIR}/{name}", out)
            if text is not None:
                check_article_text(text, f"{SOURCES_DIR}/{name}", out)
            if text is not None and source_id:
                articles.setdefault(source_id, Article.from_text(text))
        if problem:
            out.add(
                Problem(table.spec.file, problem, line=table.line(pos), column="file", value=name)
            )
    sources = frame.copy()
    sources["published_label"] = date_labels(published)
    sources["published_start"] = published["start"]
    return sources, articles


def locate_quotes(
    source_ids: pd.Series, quotes: pd.Series, articles: dict[str, Article]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(checked, start, end) per excerpt: whether it could be looked for (its article exists,
    the quote is not empty) and the quote's span in the article, -1 where not found.

    Quotes are normalised at once (vectorised), then searched article by article, each
    distinct quote of an article once.
    """
    n = len(quotes)
    start = np.full(n, -1, dtype="int64")
    end = np.full(n, -1, dtype="int64")
    checked = isin(source_ids, pd.Series(list(articles), dtype="str")) & (quotes != "").to_numpy()
    if not checked.any():
        return checked, start, end
    codes, names = pd.factorize(source_ids)
    codes = np.where(checked, codes, -1)
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    # one take into article order, so that each article's needles are a slice of it
    needles = arrow_chunks(normalise_many(quotes)).take(order).combine_chunks()
    lengths = np.asarray(pc.utf8_length(needles), dtype="int64")
    quoted = [
        (articles[str(name)], int(bounds[code]), int(bounds[code + 1]))
        for code, name in enumerate(names)
        if bounds[code + 1] > bounds[code]
    ]
    found = _find_quoted(quoted, needles)
    for article, lo, hi in quoted:
        rows, length, at = order[lo:hi], lengths[lo:hi], found[lo:hi]
        hit = (at >= 0) & (length > 0)  # "" is "found" at 0, but is not a quote
        start[rows[hit]], end[rows[hit]] = _original_span(article, at[hit], length[hit])
    return checked, start, end


# Up to this much work (characters of article x quotes looked for: about half a second of
# ``str.find``) is done here; more goes to DuckDB, which searches on every core but costs
# about half a second to import and start.
_WORTH_ENGINE = 2e9


def _find_quoted(quoted: list[tuple[Article, int, int]], needles: pa.StringArray) -> np.ndarray:
    """Where each needle first occurs in its article, or -1: ``quoted`` lists each article with
    the slice of ``needles`` (grouped by article) it is searched for.

    Ordinary articles' needles, when there is enough work among them, are all searched in
    one query (:func:`~timeline.load.quote_index.find_each`); an article quoted so often that
    one pass over it beats a search per quote is searched by :func:`_find_all`."""
    found = np.full(len(needles), -1, dtype="int64")
    cost = [len(article.normalised) * (hi - lo) for article, lo, hi in quoted]
    ordinary = [q for q, c in zip(quoted, cost, strict=True) if c <= _FIND_BUDGET]
    rest = quoted
    if ordinary and sum(c for c in cost if c <= _FIND_BUDGET) >= _WORTH_ENGINE:
        rows = np.concatenate([np.arange(lo, hi, dtype="int64") for _, lo, hi in ordinary])
        owner = np.repeat(np.arange(len(ordinary)), [hi - lo for _, lo, hi in ordinary])
        texts = [article.normalised for article, _, _ in ordinary]
        # every needle, in the usual case: no copy of a million quotes
        wanted = needles if len(rows) == len(needles) else needles.take(pa.array(rows))
        found[rows] = find_each(texts, owner, wanted)
        rest = [q for q, c in zip(quoted, cost, strict=True) if c > _FIND_BUDGET]
    for article, lo, hi in rest:
        found[lo:hi] = _find_all(article, needles.slice(lo, hi - lo).to_pylist())
    return found


# Up to this many characters scanned (article length x distinct needles), one ``str.find``
# per needle beats building an automaton: a million excerpts quoted from ten thousand articles
# of a few pages each are found three times faster so. Beyond it (a long article quoted
# thousands of times), one Aho–Corasick pass over the article is the fast way.
_FIND_BUDGET = 1 << 24


def _find_all(article: Article, needles: list[str]) -> np.ndarray:
    """Where each (normalised) needle first occurs in the article's normalised text, or -1."""
    text = article.normalised
    if len(text) * len(needles) <= _FIND_BUDGET:  # the usual article: no dictionary of quotes
        return np.fromiter(map(text.find, needles), dtype="int64", count=len(needles))
    slot = dict.fromkeys(needles, 0)
    if len(text) * len(slot) > _FIND_BUDGET:
        first, _ = locate_all(text, needles)  # all of them in one pass over the article
        return first
    find = text.find
    found = {needle: find(needle) for needle in slot}  # each repeated quote searched once
    return np.fromiter(map(found.__getitem__, needles), dtype="int64", count=len(needles))


def _original_span(
    article: Article, at: np.ndarray, length: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Start and end in the original text of matches at ``at`` in the normalised text."""
    if article.offsets is None:
        return at, at + length
    return article.offsets[at], article.offsets[at + length - 1] + 1


def isin(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """``values.isin(allowed)`` in pyarrow: pandas converts a large set value by value."""
    result = pc.is_in(arrow_strings(values), value_set=arrow_strings(allowed))
    return np.asarray(result.fill_null(False), dtype=bool)
