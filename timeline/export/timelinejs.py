"""The TimelineJS export: the events in view as TimelineJS3's JSON, each slide carrying the
verbatim quotes its event rests on and their citations.

- ``start_date``/``end_date`` hold only the parts the date has: a year-only event is
  ``{"year": 1961}``, never given a month or a day; ``display_date`` is the date as the
  dataset writes it ('March 1990 – 2000'), so TimelineJS shows it at its own precision.
- ``text.headline`` is the title; ``text.text`` the summary, then each quote with its
  citation. TimelineJS puts these, and ``group`` and ``display_date``, into the page as
  HTML: every value from the data is escaped, so markup in it is shown, never run.
- ``group`` is the event's first lane (actor, or theme with ``--group-by theme``);
  ``unique_id`` the event id; ``scale`` is ``human``.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import pandas as pd

from timeline.export.captions import chart_title, citation, credit_line, subtitle
from timeline.model.dataset import Dataset
from timeline.query.view import ViewState

SCALE = "human"
_PARTS = ("year", "month", "day")


def timelinejs_json(
    dataset: Dataset,
    view: ViewState,
    events: pd.DataFrame,
    shown: pd.DataFrame,
    *,
    title: str | None = None,
) -> bytes:
    """The TimelineJS document of ``shown`` (the events in view; ``events``: the filtered
    ones, which the title slide's caption counts), as UTF-8 JSON."""
    document = {
        "title": _title_slide(dataset, view, events, shown, title),
        "events": slides(dataset, shown, group_by=view.group),
        "scale": SCALE,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def date_object(iso: str) -> dict[str, int]:
    """'1961' → {"year": 1961}; '2024-06-19' → year, month and day: only the parts given."""
    return dict(zip(_PARTS, (int(p) for p in iso.split("-")), strict=False))


def _title_slide(
    dataset: Dataset, view: ViewState, events: pd.DataFrame, shown: pd.DataFrame, title: str | None
) -> dict[str, Any]:
    """The title slide: the title (marked ``[DRAFT]`` for a draft), the description, what the
    view shows and the credit."""
    lines = [
        dataset.metadata.description or "",
        subtitle(dataset, view, events),
        credit_line(dataset),
    ]
    text = "".join(f"<p>{_html(line)}</p>" for line in lines if line)
    headline = dataset.metadata.voice.marked(chart_title(dataset, title, shown=shown))
    return {"text": {"headline": _html(headline), "text": text}}


def slides(dataset: Dataset, shown: pd.DataFrame, *, group_by: str = "actor") -> list[dict]:
    """One slide per event of ``shown``, in time order."""
    quotes = _quotes(dataset, shown)
    lanes = shown["actors" if group_by == "actor" else "themes"]
    columns = ["id", "date", "end_date", "title", "summary", "date_label"]
    out = []
    for position, row, lane in zip(
        shown.index, shown[columns].to_dict("records"), lanes, strict=True
    ):
        slide: dict[str, Any] = {
            "unique_id": row["id"],
            "start_date": date_object(row["date"]),
            "display_date": _html(row["date_label"]),
            "text": {
                "headline": _html(row["title"]),
                "text": _body(row["summary"], quotes.get(position, [])),
            },
        }
        if row["end_date"]:
            slide["end_date"] = date_object(row["end_date"])
        if lane:
            slide["group"] = _html(lane[0])
        out.append(slide)
    return out


def _quotes(dataset: Dataset, shown: pd.DataFrame) -> dict[int, list[str]]:
    """Each event's quotes as HTML, with their citations: in the order of ``sources.csv``,
    then of their place in the article (as the report orders them)."""
    excerpts = dataset.excerpts[dataset.excerpts["event"].isin(shown.index)]
    rank = {sid: n for n, sid in enumerate(dataset.sources["id"])}
    excerpts = excerpts.assign(_rank=excerpts["source_id"].map(rank)).sort_values(
        ["event", "_rank", "quote_start"], kind="stable"
    )
    cited = {row["id"]: row for _, row in dataset.sources.iterrows()}
    out: dict[int, list[str]] = {}
    for event, source, start, end in zip(
        excerpts["event"], excerpts["source_id"], excerpts["quote_start"], excerpts["quote_end"],
        strict=True,
    ):  # fmt: skip
        words = dataset.articles[source].text[start:end]
        out.setdefault(int(event), []).append(_quote(words, cited[source]))
    return out


def _quote(words: str, source: pd.Series) -> str:
    """One quote and its citation, the address a link when it is a web address."""
    url = str(source.get("url", "") or "")
    cite = _html(citation(source.drop(labels="url", errors="ignore")))
    if url.startswith(("http://", "https://")):
        cite += f', <a href="{escape(url, quote=True)}">{_html(url)}</a>'
    return f"<blockquote><p>{_html(words)}</p><p>— {cite}</p></blockquote>"


def _body(summary: str, quotes: list[str]) -> str:
    """The summary (its line breaks kept), then the quotes."""
    lines = [_html(line) for line in str(summary or "").splitlines() if line.strip()]
    intro = f"<p>{'<br>'.join(lines)}</p>" if lines else ""
    return intro + "".join(quotes)


def _html(text: str) -> str:
    """Data text as HTML text: &, < and > escaped, so it is shown and never read as markup."""
    return escape(str(text), quote=False)
