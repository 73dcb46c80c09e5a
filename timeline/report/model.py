"""What a report says, independent of its format: the ordered, numbered chronology.

Order, the same in every format:

- **Events** in the dataset's own order: by start date, then by id (as ``events.csv`` is
  sorted on loading). With a zoom window (``x_range``), only the events that overlap it.
- **Excerpts** within an event by their source's row in ``sources.csv``, then by where the
  quote stands in the article.
- **Citation numbers** go to sources in order of first appearance in the chronology; every
  quote from one article carries that article's number.
- **Sources** at the end, in citation-number order; only the articles the report quotes.

Three voices are kept apart: what the sources say (the quotes, verbatim from the article
text), what the dataset's editor wrote (event titles and summaries, notes on sources) and how
each date was established (the date basis, with the editor's note naming its references). In
a draft the editor's words are `timeline draft`'s, not yet reviewed, and the report says so
(:class:`~timeline.model.metadata.Voice`), with the draft's mark beside its title.

A note names its sources by the report's own numbers: a source id written in a note (``a003``,
or the whole ``a003-set-to-visit``) becomes ``[n]`` when the report cites that source, and the
source's title when it does not, so no internal id reaches a reader (:class:`Citer`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from timeline.report.upstream import (
    Dataset,
    ExportError,
    ViewState,
    Voice,
    chart_title,
    date_labels,
    inferred_note,
    voice_of,
    window_bounds,
    window_label,
)
from timeline.report.upstream import parse_dates as _parse_dates

DEFAULT_TITLE = "Timeline of events"
BASIS_TEXT = {
    "stated": "Stated in the sources",
    "relative": "Worked out from a relative expression in a source and its publication date",
    "external": "From public record: the sources give no usable date",
}
ORDER = (
    "Events are in date order (by start, then id). Quotations within an event follow the "
    "dataset’s list of sources, then their place in the article. Citation numbers follow "
    "first appearance, and the sources are listed by number."
)
# C0/C1 controls other than white space: never meaningful in a report, invalid in Word's XML
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def how_to_read(voice: Voice) -> str:
    """The note on the report's voices: who wrote what (an editor, or a draft's machine)."""
    return (
        "How to read this report. Indented quotations are the sources’ own words, verbatim, "
        "each with a numbered citation to the list of sources at the end. Event titles and the "
        f"text marked “{voice.summary}” were {voice.wrote}: they are not quotations. "
        "“How the date was established” says whether a date is stated in the sources, worked "
        f"out from them, or taken from public record, with the {voice.note.lower()} on the "
        "references."
    )


def clean(value: Any) -> str:
    """Text from the data as one line: missing values are empty, white space runs are one
    space, control characters are dropped."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return " ".join(_CONTROLS.sub("", str(value)).split())


NotePart = str | int  # a run of a note's text, or the number of a source the report cites
_TOKEN = re.compile(r"\w(?:[\w.-]*\w)?")  # a word that may be an id: a003, a003-set-to-visit
_PLAIN_TOKEN = re.compile(r"\w(?:[\w-]*\w)?")  # the same without dots: "a003.Then"


def _id_like(text: str) -> bool:
    """Holds a letter and a digit: never a word or a number of the note's own prose."""
    return re.search(r"[^\W\d_]", text) is not None and re.search(r"\d", text) is not None


@dataclass(frozen=True)
class Citer:
    """Writes the source ids in a note as the report cites them: ``[n]`` for a source the
    report numbers, its title in quotation marks for one it does not cite.

    An id is a whole word of the note (letters, digits, ``-``, ``_``, ``.``) that is a
    source's id, or the part of one before its first hyphen (``a003`` of
    ``a003-set-to-visit``) when no other source shares it. Only ids that cannot be read as
    a word or a number are taken: they hold a letter and a digit (``a003``, ``bbc-2024``).
    An id such as ``b`` or ``reuters`` is left as written: in prose it is a word.
    """

    numbers: dict[str, int]  # source id -> the report's number
    titles: dict[str, str]  # source id -> its title
    ids: dict[str, str]  # a word of a note -> the source id it names

    @classmethod
    def of(cls, sources: pd.DataFrame, numbers: dict[str, int], titles: dict[str, str]) -> Citer:
        full = [str(i) for i in sources["id"] if _id_like(str(i))]
        shorts: dict[str, list[str]] = {}
        for sid in full:
            short = sid.split("-", 1)[0]
            if short != sid and _id_like(short):
                shorts.setdefault(short, []).append(sid)
        ids = {short: sids[0] for short, sids in shorts.items() if len(sids) == 1}
        ids.update({sid: sid for sid in full})  # a whole id wins over a shortened one
        return cls(numbers, titles, ids)

    def parts(self, note: str) -> tuple[NotePart, ...]:
        """``note`` as runs of text and source numbers, each named id replaced."""
        out: list[NotePart] = []
        at = 0
        for start, end, sid in self._found(note):
            out.append(note[at:start])
            if sid in self.numbers:
                out.append(self.numbers[sid])
            else:
                out.append(f"“{self.titles.get(sid, sid)}”")
            at = end
        out.append(note[at:])
        return _merged(out)

    def _found(self, note: str) -> list[tuple[int, int, str]]:
        """(start, end, source id) of each id in ``note``, in order."""
        found = []
        for match in _TOKEN.finditer(note):
            sid = self.ids.get(match.group())
            if sid is not None:
                found.append((match.start(), match.end(), sid))
                continue
            for inner in _PLAIN_TOKEN.finditer(match.group()):  # "a003.Then": try each part
                if (sid := self.ids.get(inner.group())) is not None:
                    at = match.start()
                    found.append((at + inner.start(), at + inner.end(), sid))
        return found


def _merged(parts: list[NotePart]) -> tuple[NotePart, ...]:
    """Adjacent runs of text joined, empty ones dropped."""
    out: list[NotePart] = []
    for part in parts:
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        elif part != "":
            out.append(part)
    return tuple(out)


def note_text(parts: tuple[NotePart, ...]) -> str:
    """A note's parts as plain text: a cited source as ``[n]``."""
    return "".join(f"[{p}]" if isinstance(p, int) else p for p in parts)


@dataclass(frozen=True)
class Quote:
    """One excerpt: the article's exact words and the citation number of its article."""

    text: str
    source_id: str
    number: int
    source_title: str = ""
    # the paragraph around the quote (see Article.context) and where the quote is in it;
    # empty when the article's text is not in the dataset
    context: str = ""
    mark: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Entry:
    """One event of the chronology."""

    id: str
    date: str
    title: str
    summary: str
    actors: tuple[str, ...]
    themes: tuple[str, ...]
    basis: str
    basis_text: str
    note: str
    quotes: tuple[Quote, ...]
    note_parts: tuple[NotePart, ...] = ()


@dataclass(frozen=True)
class Source:
    """One article in the list of sources, with its citation number."""

    number: int
    id: str
    title: str
    outlet: str
    author: str
    published: str
    inferred: bool
    url: str
    accessed: str
    note: str
    note_parts: tuple[NotePart, ...] = ()

    @property
    def published_text(self) -> str:
        """The publication date, saying so when it was inferred rather than printed."""
        said = inferred_note("inferred" if self.inferred else "", see_note=bool(self.note))
        return f"{self.published} ({said})" if self.published and said else self.published

    @property
    def link(self) -> str:
        """The URL when it is a web address (http or https), else empty: never a script."""
        return self.url if re.match(r"(?i)^https?://[^\s<>\"']+$", self.url) else ""


@dataclass(frozen=True)
class Chart:
    """The report's chart: its PNG, the layout it was drawn at (CSS px; the PNG is that times
    its scale) and its parts, each to be printed on one page: the rows ``(top, bottom)`` of
    the layout that part shows, stacked (one part, the whole image, when it fits a page; a
    part that continues the lanes shows the title and time axis again above them)."""

    png: bytes = field(repr=False)
    width_px: int
    height_px: int
    parts: tuple[tuple[tuple[int, int], ...], ...]

    def shares_first_page(self, chart_width_pt: float, chart_room_pt: float) -> bool:
        """Whether the chart is one part no taller than half a page's room for a chart, and
        so prints under the title on the first page; a taller one would leave that page
        nearly empty, so a printed report places it after the chronology instead."""
        if len(self.parts) != 1:
            return False
        height_px = sum(bottom - top for top, bottom in self.parts[0])
        return height_px * chart_width_pt / self.width_px <= chart_room_pt / 2

    def repeated(self, rows: tuple[int, int], part: int) -> bool:
        """Whether ``rows`` in part number ``part`` (from 0) begin above where the earlier
        parts got to: rows shown again (the title and time axis over continued lanes)."""
        reached = max((bottom for earlier in self.parts[:part] for _, bottom in earlier), default=0)
        return rows[0] < reached


@dataclass(frozen=True)
class Report:
    """A whole report; renderers turn it into HTML, Word or Markdown."""

    title: str
    description: str
    author: str
    license: str
    filters: str
    window: str
    count: str
    entries: tuple[Entry, ...]
    sources: tuple[Source, ...]
    chart: Chart | None = None
    draft: bool = False  # made from a draft (metadata.json's status): marked as one

    @property
    def voice(self) -> Voice:
        """Who wrote the dataset's own words, and the draft's mark (empty when not a draft)."""
        return voice_of(self.draft)

    @property
    def scope(self) -> list[tuple[str, str]]:
        """The labelled lines under the title (those with a value), the same in every format."""
        rows = [
            ("Filters", self.filters),
            ("Covers", self.window),
            ("Events", self.count),
            ("Compiled by", self.author),
            ("Licence", self.license),
        ]
        return [(label, value) for label, value in rows if value]


def matching(dataset: Dataset, view: ViewState) -> pd.DataFrame:
    """The events a report covers (``view``'s filters, then its window); a report of nothing
    is refused, not written."""
    events = view.select(dataset)
    if events.empty:
        where = " in the chart window" if window_bounds(view.window) else ""
        described = view.filters.describe(dataset)
        raise ExportError(f"no events match the filters ({described}){where}; nothing written")
    return events


def plain_date(iso: str) -> str:
    """An ISO date of any precision as a person writes it ('June 2024'); as given if invalid."""
    iso = clean(iso)
    if not iso:
        return ""
    label = str(date_labels(_parse_dates(pd.Series([iso], dtype="str"))).iloc[0])
    return label or iso


def window_text(events: pd.DataFrame, x_range: tuple[str, str] | None) -> str:
    """'1961 – 20 June 2024': the chart window when zoomed (its end exclusive), else the
    events' own span; worded as the chart's subtitle words it (:func:`window_label`)."""
    label = window_label(x_range, events)
    return f"{label} (chart window)" if window_bounds(x_range) else label


def build_model(
    dataset: Dataset,
    view: ViewState,
    events: pd.DataFrame,
    *,
    title: str | None = None,
    chart: Chart | None = None,
) -> Report:
    """The report of ``events`` (rows of ``dataset.events``, in order: ``view``'s, see
    :func:`matching`). Its title is the dataset's, without a span the events do not reach,
    as over the chart."""
    metadata = getattr(dataset, "metadata", None)
    meta = {k: clean(getattr(metadata, k, None)) for k in ("title", "description", "author")}
    sources = dataset.sources.reset_index(drop=True)
    source_rank = {sid: rank for rank, sid in enumerate(sources["id"])}
    excerpts = dataset.excerpts[dataset.excerpts["event"].isin(events.index)]
    excerpts = excerpts.assign(_rank=excerpts["source_id"].map(source_rank))
    excerpts = excerpts.sort_values(["event", "_rank", "quote_start"], kind="stable")
    titles = dict(zip(sources["id"], sources["title"].map(clean), strict=True))
    numbers: dict[str, int] = {}
    by_event: dict[int, list[Quote]] = {}
    for row in excerpts.itertuples(index=False):
        number = numbers.setdefault(row.source_id, len(numbers) + 1)
        span = _span(dataset, row.source_id, row.quote_start, row.quote_end)
        article = dataset.articles.get(row.source_id)
        text = article.text[span[0] : span[1]] if span else row.quote
        context, mark = "", (0, 0)
        if span:
            context, shift = article.context(*span)
            mark = (span[0] - shift, span[1] - shift)
        named = titles.get(row.source_id, "")
        quote = Quote(clean(text), row.source_id, number, named, context, mark)
        by_event.setdefault(int(row.event), []).append(quote)
    citer = Citer.of(sources, numbers, titles)
    entries = tuple(_entry(position, row, by_event, citer) for position, row in events.iterrows())
    cited = sources.set_index("id", drop=False).loc[list(numbers)]
    listed = tuple(_source(numbers[sid], row, citer) for sid, row in cited.iterrows())
    return Report(
        title=clean(title)
        or (meta["title"] and clean(chart_title(dataset, shown=events)))
        or DEFAULT_TITLE,
        description=meta["description"],
        author=meta["author"],
        license=clean(getattr(metadata, "license", None)),
        filters=view.filters.describe(dataset),
        window=window_text(events, view.window),
        count=f"{len(events):,} of {dataset.total:,} events",
        entries=entries,
        sources=listed,
        chart=chart,
        draft=bool(getattr(metadata, "is_draft", False)),
    )


def _span(dataset: Dataset, source_id: str, start: Any, end: Any) -> tuple[int, int] | None:
    """The quote's span in its article's text (the article's own typography is quoted), if
    the article is known and the span lies in it."""
    article = dataset.articles.get(source_id)
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        return None
    if article is None or not 0 <= start < end <= len(article.text):
        return None
    return start, end


def _entry(position: Any, row: pd.Series, quotes: dict[int, list[Quote]], citer: Citer) -> Entry:
    basis = clean(row.get("date_basis"))
    note = citer.parts(clean(row.get("note")))
    return Entry(
        id=clean(row["id"]),
        date=clean(row["date_label"]) or clean(row["date"]),
        title=clean(row["title"]),
        summary=clean(row.get("summary")),
        actors=tuple(clean(a) for a in row["actors"]),
        themes=tuple(clean(t) for t in row["themes"]),
        basis=basis,
        basis_text=BASIS_TEXT.get(basis, basis.capitalize()),
        note=note_text(note),
        quotes=tuple(quotes.get(int(position), ())),
        note_parts=note,
    )


def _source(number: int, row: pd.Series, citer: Citer) -> Source:
    published = clean(row.get("published_label")) or plain_date(row.get("published", ""))
    note = citer.parts(clean(row.get("note")))
    return Source(
        number=number,
        id=clean(row["id"]),
        title=clean(row["title"]),
        outlet=clean(row.get("outlet")),
        author=clean(row.get("author")),
        published=published,
        inferred=clean(row.get("published_basis")).lower() == "inferred",
        url=clean(row.get("url")),
        accessed=plain_date(row.get("accessed", "")),
        note=note_text(note),
        note_parts=note,
    )
