"""The provenance panel: an event and the exact words of every article that reports it.

Pure builders of Dash components. All data goes in as text children, which Dash escapes:
markup in titles, quotes or articles is shown, never run.
"""

from __future__ import annotations

from dash import html

from timeline.model.dataset import Dataset

BASIS_TEXT = {
    "stated": "date stated in the sources",
    "relative": "date worked out from the sources' own wording (e.g. 'last September')",
    "external": "date taken from the public record; the sources do not give it",
}
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


def _article_body(text: str, start: int, end: int) -> list[html.P]:
    """The whole article as paragraphs, with the quote marked where it falls."""
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


def excerpt_block(dataset: Dataset, excerpt: dict, index: int) -> html.Article:
    """One excerpt: article title and date, the quote in its paragraph, the whole article."""
    source_id = str(excerpt["source_id"])
    source = dataset.sources.loc[dataset.sources["id"] == source_id]
    title = str(source["title"].iloc[0]) if len(source) else source_id
    published = str(source["published_label"].iloc[0]) if len(source) else ""
    article = dataset.articles.get(source_id)
    start, end = int(excerpt["quote_start"]), int(excerpt["quote_end"])
    header = html.Header(
        [
            html.H4(title, className="source-title"),
            html.P(
                f"Published {published}" if published else "Publication date unknown",
                className="source-date",
            ),
        ]
    )
    if article is None or start < 0:
        body = [html.Blockquote(str(excerpt["quote"]), className="excerpt")]
        return html.Article([header, *body], className="excerpt-block")
    p_start, p_end = article.paragraph_around(start, end)
    paragraph = article.text[p_start:p_end]
    body = [
        html.Blockquote(
            marked(paragraph, start - p_start, end - p_start),
            className="excerpt",
        ),
        html.Details(
            [
                html.Summary("Read the whole article"),
                html.Div(_article_body(article.text, start, end), className="article-text"),
            ],
            className="article",
            id=f"article-{index}",
        ),
    ]
    return html.Article([header, *body], className="excerpt-block")


def _chips(label: str, names: list[str]) -> html.Div:
    return html.Div(
        [
            html.Span(label, className="chip-label"),
            *[html.Span(name, className="chip") for name in names],
        ],
        className="chips",
    )


def event_details(dataset: Dataset, event_id: str) -> list:
    """Everything the dataset knows about an event, with every excerpt in its context."""
    match = dataset.events.index[dataset.events["id"] == event_id]
    if len(match) == 0:
        return [html.P(f"No event with id '{event_id}'.", className="details-hint")]
    position = int(match[0])
    event = dataset.events.loc[position]
    basis = str(event["date_basis"])
    date_line = [
        html.Span(str(event["date_label"]), className="date-label"),
        html.Span(f" · {BASIS_TEXT.get(basis, basis)}", className="date-basis"),
    ]
    excerpts = dataset.excerpts[dataset.excerpts["event"] == position]
    blocks = [
        excerpt_block(dataset, row, i) for i, row in enumerate(excerpts.to_dict(orient="records"))
    ]
    n = len(blocks)
    children: list = [
        html.H3(str(event["title"]), className="event-title", id="details-title"),
        html.P(date_line, className="event-date"),
    ]
    if str(event["note"]).strip():
        children.append(
            html.Details(
                [html.Summary("How this date was established"), html.P(str(event["note"]))],
                className="date-note",
            )
        )
    children += [
        _chips("Actors", list(event["actors"])),
        _chips("Themes", list(event["themes"])),
    ]
    if str(event["summary"]).strip():
        children.append(html.P(str(event["summary"]), className="event-summary"))
    heading = f"{n} excerpt{'s' if n != 1 else ''} from the sources" if n else "No excerpts"
    children.append(html.H4(heading, className="excerpts-heading"))
    children += blocks
    return children
