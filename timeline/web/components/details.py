"""The provenance panel: an event and the exact words of every article that reports it.

Pure builders of Dash components. All data goes in as text children, which Dash escapes:
markup in titles, quotes or articles is shown, never run.
"""

from __future__ import annotations

from urllib.parse import quote

from dash import html

from timeline.model.dataset import Dataset
from timeline.model.quotes import Article
from timeline.model.relative import relative_expression
from timeline.model.schema import inferred_note

BASIS_TEXT = {
    "stated": "date stated in the sources",
    "relative": "date worked out from a relative expression in a source and its publication date",
    "external": "date taken from the public record; the sources do not give it",
}
# a relative date whose expression is found in the note's quotations or the excerpts
RELATIVE_TEXT = "date worked out from ‘{expression}’ in a source and its publication date"
HINT = "Click an event on the chart or in the list to read the sources behind it."


def placeholder() -> list[html.Div]:
    """What the panel shows before an event is chosen."""
    return [html.P(HINT, className="details-hint")]


def marked(text: str, start: int, end: int, *, mark_class: str = "quote") -> list:
    """Text with ``[start, end)`` wrapped in a <mark>, the rest as plain strings."""
    start, end = max(0, start), min(len(text), end)
    if end <= start:
        return [text]
    parts: list = []
    if start:
        parts.append(text[:start])
    parts.append(html.Mark(text[start:end], className=mark_class))
    if end < len(text):
        parts.append(text[end:])
    return parts


ARTICLE = "article"  # pattern-id types: the collapsed article and its (lazily filled) text
ARTICLE_TEXT = "article-text"
PAGE_CHARS = 200_000  # an opened article is sent a part of this size at most


def article_url(source_id: str, part: int = 1) -> str:
    """Where the plain text of an article's ``part`` is served (see ``timeline.web.article``)."""
    return f"/article/{quote(source_id, safe='')}?part={part}"


def _article_body(text: str, start: int, end: int) -> list[html.P]:
    """Text as paragraphs, with the quote marked where it falls."""
    paragraphs: list[html.P] = []
    offset = 0
    for line in text.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            continue
        lo, hi = max(start, line_start), min(end, line_end)
        children = marked(line, lo - line_start, hi - line_start) if lo < hi else [line]
        paragraphs.append(html.P(children))
    return paragraphs


def whole_article(article: Article | None, source_id: str, start: int, end: int) -> list:
    """What "Read the whole article" shows once opened: the article, or for a very long one
    the part of :data:`PAGE_CHARS` characters that holds the quote, with a notice and links
    to every part as plain text."""
    if article is None:
        return [html.P("This article is not in the dataset.", className="details-hint")]
    text = article.text
    if len(text) <= PAGE_CHARS:
        return _article_body(text, start, end)
    parts = -(-len(text) // PAGE_CHARS)
    part = min(max(start, 0) // PAGE_CHARS, parts - 1)
    lo, hi = part * PAGE_CHARS, min(len(text), (part + 1) * PAGE_CHARS)
    links: list = []
    for k in range(1, min(parts, 50) + 1):
        links += [", "] if k > 1 else []
        links.append(html.A(str(k), href=article_url(source_id, k), target="_blank"))
    notice = html.P(
        [
            f"This article is long ({len(text):,} characters): shown here is part {part + 1} "
            f"of {parts}, characters {lo + 1:,}–{hi:,}, which holds the quote. Every part as "
            "plain text: ",
            *links,
        ],
        className="article-notice",
    )
    return [notice, *_article_body(text[lo:hi], start - lo, end - lo)]


def excerpt_block(dataset: Dataset, excerpt: dict, index: int) -> html.Article:
    """One excerpt: article title and date, the quote in its paragraph, and a collapsed
    "Read the whole article" whose text is fetched only when it is opened."""
    source_id = str(excerpt["source_id"])
    source = dataset.sources.loc[dataset.sources["id"] == source_id]
    article = dataset.articles.get(source_id)
    start, end = int(excerpt["quote_start"]), int(excerpt["quote_end"])
    header = source_header(source.iloc[0].to_dict() if len(source) else {"title": source_id})
    if article is None or start < 0:
        body = [html.Blockquote(str(excerpt["quote"]), className="excerpt")]
        return html.Article([header, *body], className="excerpt-block")
    paragraph, shift = article.context(start, end)
    key = {"index": index, "source": source_id, "start": start, "end": end}
    body = [
        html.Blockquote(
            marked(paragraph, start - shift, end - shift),
            className="excerpt",
        ),
        html.Details(
            [
                html.Summary("Read the whole article"),
                html.Div([], className="article-text", id={"type": ARTICLE_TEXT, **key}),
            ],
            className="article",
            id={"type": ARTICLE, **key},
        ),
    ]
    return html.Article([header, *body], className="excerpt-block")


def source_header(source: dict) -> html.Header:
    """Who published the article and when, as a citation a reader can follow: title, outlet,
    author, date (said to be inferred when the article carries none), address."""
    cells = {k: str(source.get(k, "") or "").strip() for k in source}
    byline = ", ".join(p for p in (cells.get("outlet"), cells.get("author")) if p)
    published = cells.get("published_label", "")
    if not published:
        date = "Publication date unknown"
    elif said := inferred_note(cells.get("published_basis")):
        date = f"Published {published} ({said})"  # the note, if any, follows
    else:
        date = f"Published {published}"
    children: list = [html.H4(cells.get("title", ""), className="source-title")]
    if byline:
        children.append(html.P(byline, className="source-byline"))
    children.append(html.P(date, className="source-date"))
    if cells.get("published_basis") == "inferred" and cells.get("note"):
        children.append(
            html.Details(
                [html.Summary("How the publication date was inferred"), html.P(cells["note"])],
                className="source-note",
            )
        )
    if cells.get("url"):
        accessed = f" (accessed {cells['accessed']})" if cells.get("accessed") else ""
        children.append(
            html.P(
                [
                    html.A(
                        cells["url"], href=cells["url"], target="_blank", rel="noopener noreferrer"
                    ),
                    accessed,
                ],
                className="source-url",
            )
        )
    return html.Header(children)


def _chips(label: str, names: list[str]) -> html.Div:
    return html.Div(
        [
            html.Span(label, className="chip-label"),
            *[html.Span(name, className="chip") for name in names],
        ],
        className="chips",
    )


def basis_text(basis: str, note: str, quotes: list[str]) -> str:
    """How an event's date was established, in a few words: a relative date quotes the
    expression it was read from when the event's note or excerpts hold it
    (:func:`~timeline.model.relative.relative_expression`), and says no more than that it
    was one when they do not."""
    if basis == "relative":
        expression = relative_expression(note, quotes)
        if expression:
            return RELATIVE_TEXT.format(expression=expression)
    return BASIS_TEXT.get(basis, basis)


def event_details(dataset: Dataset, event_id: str) -> list:
    """Everything the dataset knows about an event, with every excerpt in its context."""
    position = dataset.row_of(event_id)
    if position is None:
        return [html.P(f"No event with id '{event_id}'.", className="details-hint")]
    event = dataset.events.loc[position]
    excerpts = dataset.excerpts[dataset.excerpts["event"] == position]
    quotes = excerpts["quote"].astype("str").tolist()
    basis = basis_text(str(event["date_basis"]), str(event["note"]), quotes)
    date_line = [
        html.Span(str(event["date_label"]), className="date-label"),
        html.Span(f" · {basis}", className="date-basis"),
    ]
    blocks = [
        excerpt_block(dataset, row, i) for i, row in enumerate(excerpts.to_dict(orient="records"))
    ]
    n = len(blocks)
    children: list = [
        html.H3(str(event["title"]), className="event-title", id="details-title"),
        html.P(date_line, className="event-date"),
    ]
    # Three voices, kept apart: the editor's words (a draft's: the machine's), the date's
    # grounds, the sources' words.
    editor: list = [html.H4("The dataset's summary", className="voice-heading")]
    if str(event["summary"]).strip():
        editor.append(html.P(str(event["summary"]), className="event-summary"))
    editor += [_chips("Actors", list(event["actors"])), _chips("Themes", list(event["themes"]))]
    wrote = dataset.metadata.voice.wrote
    editor.append(
        html.P(
            f"{wrote[:1].upper()}{wrote[1:]}: not a quotation from the sources.",
            className="voice-note",
        )
    )
    children.append(html.Section(editor, className="voice voice-editor"))
    record: list = [
        html.H4("How the date was established", className="voice-heading"),
        html.P(basis, className="date-basis-text"),
    ]
    if str(event["note"]).strip():
        record.append(html.P(str(event["note"]), className="date-note"))
    children.append(html.Section(record, className="voice voice-record"))
    heading = f"What the sources say: {n} excerpt{'s' if n != 1 else ''}" if n else "No excerpts"
    sources: list = [html.H4(heading, className="voice-heading excerpts-heading"), *blocks]
    children.append(html.Section(sources, className="voice voice-sources"))
    return children
