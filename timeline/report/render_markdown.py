"""The report as CommonMark text: every value from the data escaped so it reads as text.

The Markdown report carries no chart (it stays one self-contained text file); the HTML, Word
and PDF reports have it. Citations are ``[n]`` markers that refer to the numbered list of
sources at the end (CommonMark has no footnotes).
"""

from __future__ import annotations

import re

from timeline.report.model import ORDER, VOICES, Entry, Report, Source

# Every ASCII punctuation character that CommonMark, GitHub's tables, strikethrough or HTML
# could read as structure; CommonMark lets any ASCII punctuation be backslash-escaped.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")
NO_CHART = (
    "The chart is not part of the Markdown report; the HTML, Word and PDF reports include it."
)


def md(text: str) -> str:
    """Data text as literal Markdown: one line, each special character backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(report: Report) -> str:
    """The whole report as CommonMark."""
    lines = [f"# {md(report.title)}", ""]
    if report.description:
        lines += [md(report.description), ""]
    lines += [f"- **{label}:** {md(value)}" for label, value in report.scope]
    lines += ["", f"*{md(VOICES)}*", "", f"*{md(ORDER)}*", "", md(NO_CHART), ""]
    lines += ["## Chronology", ""]
    for entry in report.entries:
        lines += _entry(entry)
    lines += ["## Sources", ""]
    for source in report.sources:
        lines += [_source(source), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _entry(entry: Entry) -> list[str]:
    lines = [f"### {md(entry.date)} — {md(entry.title)}", ""]
    tags = []
    if entry.actors:
        tags.append(f"**Actors:** {md(', '.join(entry.actors))}")
    if entry.themes:
        tags.append(f"**Themes:** {md(', '.join(entry.themes))}")
    if tags:
        lines += [" · ".join(tags), ""]
    if entry.summary:
        lines += [f"**Editor’s summary:** {md(entry.summary)}", ""]
    lines += ["**What the sources say:**", ""]
    if not entry.quotes:
        lines += ["*No excerpt is recorded for this event\\.*", ""]
    for quote in entry.quotes:
        lines += [f"> {md(quote.text)} \\[{quote.number}\\]", ""]
    note = f" {md(entry.note)}" if entry.note else ""
    lines += [f"**How the date was established:** {md(entry.basis_text)}\\.{note}", ""]
    return lines


def _source(s: Source) -> str:
    bits = [f"**\\[{s.number}\\]** {md(s.title)}\\."]
    if s.outlet:
        bits.append(f"{md(s.outlet)}\\.")
    if s.author:
        bits.append(f"By {md(s.author)}\\.")
    if s.published:
        bits.append(f"Published {md(s.published_text)}\\.")
    if s.url:
        bits.append(f"{md(s.url)}\\.")
    if s.accessed:
        bits.append(f"Accessed {md(s.accessed)}\\.")
    if s.note:
        bits.append(f"Editor’s note: {md(s.note)}")
    return " ".join(bits)
