"""The report as one self-contained, offline HTML document (every value from the data escaped)."""

from __future__ import annotations

import base64
from html import escape

from timeline.report.model import ORDER, VOICES, Entry, Report, Source
from timeline.report.paper import PDF_PAGE

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
CSS = """
:root { --ink: #1b1b1b; --muted: #5c5c5c; --rule: #c9c9c9; --accent: #7a1f1f; }
* { box-sizing: border-box; }
html { font-size: 11pt; }
body { margin: 0 auto; max-width: 46em; padding: 2.5em 1.5em 4em; color: var(--ink);
  font-family: "Liberation Serif", "Times New Roman", Georgia, "DejaVu Serif", serif;
  line-height: 1.45; font-variant-ligatures: none; hyphens: manual; }
h1, h2, h3, h4, .label, .kicker, dt, figcaption, .cite, .scope {
  font-family: "Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif; }
.kicker { margin: 0; font-size: .8rem; letter-spacing: .12em; text-transform: uppercase;
  color: var(--accent); font-weight: bold; }
h1 { font-size: 1.9rem; line-height: 1.15; margin: .2em 0 .4em; }
.description { font-size: 1.1rem; margin: 0 0 .8em; }
.scope { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: 0;
  padding: .6em 0; border-top: 2px solid var(--ink); border-bottom: 1px solid var(--rule);
  font-size: .85rem; }
.scope dt { font-weight: bold; color: var(--muted); }
.scope dd { margin: 0; }
.how-to-read { margin: 1em 0; padding: .6em .9em; background: #f4f1ea; font-size: .9rem;
  border-left: 3px solid var(--accent); }
.how-to-read p { margin: 0; }
.how-to-read p + p { margin-top: .4em; }
figure.chart { margin: 1.2em 0; }
.chart-part { border: 1px solid var(--rule); break-inside: avoid; }
.chart-rows { overflow: hidden; }
.chart-rows img { display: block; width: 100%; height: auto; }
figcaption { font-size: .8rem; color: var(--muted); margin-top: .3em; break-before: avoid; }
h2 { font-size: 1.3rem; margin: 1.6em 0 .6em; padding-bottom: .2em;
  border-bottom: 2px solid var(--ink); break-after: avoid; }
.event { padding: .2em 0 .8em; border-bottom: 1px solid var(--rule); }
.event h3 { font-size: 1.08rem; margin: .8em 0 .2em; break-after: avoid;
  break-inside: avoid; }
.event h3 .date { display: block; font-size: .82rem; color: var(--accent);
  letter-spacing: .03em; }
.tags { margin: 0 0 .5em; font-size: .85rem; color: var(--muted); }
.label { font-size: .72rem; font-weight: bold; letter-spacing: .08em;
  text-transform: uppercase; color: var(--muted); }
.event h4 { font-size: .72rem; font-weight: bold; letter-spacing: .08em;
  text-transform: uppercase; color: var(--muted); margin: .7em 0 .2em; break-after: avoid; }
.editor p { margin: 0; }
blockquote { margin: .35em 0 .5em; padding: .1em 0 .1em 1em; border-left: 3px solid var(--ink);
  font-style: italic; break-inside: avoid; }
blockquote p { margin: 0; }
blockquote footer { font-style: normal; font-size: .8rem; color: var(--muted);
  margin-top: .15em; }
.cite { font-style: normal; font-weight: bold; color: var(--accent); text-decoration: none; }
.dating p { margin: 0; font-size: .92rem; }
.dating .basis { font-weight: bold; }
.none { color: var(--muted); font-style: italic; margin: 0; }
.sources ol { list-style: none; padding: 0; margin: 0; }
.sources li { margin: 0 0 .7em; padding-left: 2.4em; text-indent: -2.4em; break-inside: avoid; }
.sources li .num { display: inline-block; width: 2.15em; text-indent: 0; font-weight: bold;
  color: var(--accent); font-family: "Liberation Sans", Arial, sans-serif; }
.sources .note { text-indent: 0; margin: .2em 0 0; font-size: .88rem; color: var(--muted); }
.sources .inferred { font-style: italic; }
.sources a { color: inherit; word-break: break-all; }
@page { PAGE_BOX
  @bottom-center { content: counter(page) " / " counter(pages);
    font: 8pt "Liberation Sans", Arial, sans-serif; color: #5c5c5c; } }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .event { break-inside: auto; }
  .event h3, .event h4 { break-after: avoid-page; }
}
@media screen {
  .chart-part + .chart-part { border-top: 0; }
  .chart-part:not(:last-of-type) { border-bottom: 0; }
  .chart-rows.repeat { display: none; }
}
""".replace("PAGE_BOX", PDF_PAGE.css)


def render_html(report: Report) -> str:
    """The complete HTML document: no script, no external resource, strict CSP."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        _masthead(report),
        f'<aside class="how-to-read"><p>{escape(VOICES)}</p><p>{escape(ORDER)}</p></aside>',
        _chart(report),
        '<section class="chronology">',
        "<h2>Chronology</h2>",
        *(_entry(n, entry) for n, entry in enumerate(report.entries, 1)),
        "</section>",
        _sources(report.sources),
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _masthead(report: Report) -> str:
    scope = "".join(f"<dt>{k}</dt><dd>{escape(v)}</dd>" for k, v in report.scope)
    description = (
        f'<p class="description">{escape(report.description)}</p>' if report.description else ""
    )
    return (
        '<header class="masthead">'
        '<p class="kicker">Chronology</p>'
        f"<h1>{escape(report.title)}</h1>{description}"
        f'<dl class="scope">{scope}</dl>'
        "</header>"
    )


def _chart(report: Report) -> str:
    """The chart as one figure of parts, each printed on one page (on screen they join up
    seamlessly, without the title and axis a part repeats); the caption kept with the last.
    Each part shows rows of the one PNG: a box of their shape, the image moved up inside."""
    chart = report.chart
    if chart is None:
        return ""
    data = base64.b64encode(chart.png).decode("ascii")
    alt = f"Timeline chart of the events in this report ({report.count})"
    count = len(chart.parts)
    parts = []
    for n, part in enumerate(chart.parts):
        views = []
        for top, bottom in part:
            repeat = chart.repeated((top, bottom), n)
            label = "" if repeat else alt if count == 1 else f"{alt}, part {n + 1} of {count}"
            shift = f' style="margin-top: -{100 * top / chart.width_px:.4f}%"' if top else ""
            views.append(
                f'<div class="chart-rows{" repeat" if repeat else ""}" '
                f'style="aspect-ratio: {chart.width_px} / {bottom - top}">'
                f'<img src="data:image/png;base64,{data}" alt="{escape(label)}"{shift}></div>'
            )
        parts.append(f'<div class="chart-part">{"".join(views)}</div>')
    return (
        f'<figure class="chart">{"".join(parts)}'
        "<figcaption>The events of this report on a timeline: filters in the subtitle, "
        "the articles quoted in the footer.</figcaption>"
        "</figure>"
    )


def _entry(n: int, entry: Entry) -> str:
    tags = []
    if entry.actors:
        tags.append(f'<span class="label">Actors</span> {escape(", ".join(entry.actors))}')
    if entry.themes:
        tags.append(f'<span class="label">Themes</span> {escape(", ".join(entry.themes))}')
    summary = (
        f'<section class="editor"><h4>Editor’s summary</h4><p>{escape(entry.summary)}</p></section>'
        if entry.summary
        else ""
    )
    if entry.quotes:
        quotes = "\n".join(
            f'<blockquote><p>{escape(q.text)}</p><footer><a class="cite" '
            f'href="#source-{q.number}">[{q.number}]</a> {escape(q.source_title)}</footer>'
            "</blockquote>"
            for q in entry.quotes
        )
    else:
        quotes = '<p class="none">No excerpt is recorded for this event.</p>'
    note = f" {escape(entry.note)}" if entry.note else ""
    parts = [
        f'<article class="event" id="event-{n}">',
        f'<h3><span class="date">{escape(entry.date)}</span> '
        f'<span class="title">{escape(entry.title)}</span></h3>',
        f'<p class="tags">{" &nbsp;·&nbsp; ".join(tags)}</p>',
        summary,
        f'<section class="quotes"><h4>What the sources say</h4>\n{quotes}</section>',
        '<section class="dating"><h4>How the date was established</h4>'
        f'<p><span class="basis">{escape(entry.basis_text)}.</span>{note}</p></section>',
        "</article>",
    ]
    return "\n".join(p for p in parts if p)


def _sources(sources: tuple[Source, ...]) -> str:
    items = "\n".join(_source(s) for s in sources)
    return f'<section class="sources"><h2>Sources</h2><ol>{items}</ol></section>'


def _source(s: Source) -> str:
    bits = [f"<cite>{escape(s.title)}</cite>."]
    if s.outlet:
        bits.append(f"{escape(s.outlet)}.")
    if s.author:
        bits.append(f"By {escape(s.author)}.")
    if s.published:
        published = escape(s.published_text)
        if s.inferred:
            published = f'<span class="inferred">{published}</span>'
        bits.append(f"Published {published}.")
    if s.link:
        bits.append(f'<a href="{escape(s.link)}" rel="noreferrer noopener">{escape(s.link)}</a>.')
    elif s.url:
        bits.append(f"{escape(s.url)}.")
    if s.accessed:
        bits.append(f"Accessed {escape(s.accessed)}.")
    note = f'<p class="note">Editor’s note: {escape(s.note)}</p>' if s.note else ""
    return (
        f'<li id="source-{s.number}"><span class="num">[{s.number}]</span> '
        f"{' '.join(bits)}{note}</li>"
    )
