"""The report as CommonMark text: every value from the data escaped so it reads as text.

The Markdown report carries no chart (it stays one self-contained text file); the HTML, Word
and PDF reports have it. Citations are ``[n]`` markers that refer to the numbered list of
sources at the end (CommonMark has no footnotes).
"""

from __future__ import annotations

import re

from timeline.report.model import ORDER, Entry, NotePart, Report, Source, how_to_read
from timeline.report.upstream import Voice

NO_CHART = (
    "The chart is not part of the Markdown report; the HTML, Word and PDF reports include it."
)
# Escaped wherever they stand: emphasis (*), code spans (`), links and images ([ ]),
# strikethrough (~, GitHub's and markdown-it's).
_ALWAYS = frozenset("*`[]~")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_TAG_START = re.compile(r"<[A-Za-z/!?]")  # raw HTML or an autolink
# What makes a block when it begins a line: a heading, a quote, a bullet, a numbered item,
# a thematic break (---; *** and ___ are escaped as emphasis already)
_LINE_START = re.compile(r"#{1,6}(?= |$)|>|[-+](?= |$)|-(?=(?: ?-){2,} ?$)|[0-9]{1,9}(?=[.)]( |$))")
_CLOSING_HASHES = re.compile(r"(?:^| )(#+)$")  # a heading's optional closing sequence


def md(text: str, *, line_start: bool = False) -> str:
    """Data text as literal Markdown on one line: only what CommonMark (and GitHub's
    strikethrough) would read as structure is backslash-escaped, so ordinary prose, its full
    stops, hyphens and brackets included, is written as it is. ``line_start``: the text
    begins a line (a paragraph or a block quote), where ``#``, ``>``, ``-`` and ``1.`` would
    start a block."""
    return _escape(" ".join(text.split()), line_start=line_start)


def _escape(text: str, *, line_start: bool = False) -> str:
    """``text`` (white space kept as it is) with a backslash before each character that
    needs one."""
    escape = _escaped_positions(text, line_start=line_start)
    return "".join("\\" + c if i in escape else c for i, c in enumerate(text))


def md_note(parts: tuple[NotePart, ...]) -> str:
    """A note (runs of one-line text and source numbers) as Markdown: each number as a
    literal ``[n]``, the text escaped as :func:`md` escapes it."""
    return "".join(f"\\[{p}\\]" if isinstance(p, int) else _escape(p) for p in parts)


def _escaped_positions(text: str, *, line_start: bool) -> set[int]:
    """The positions of the characters that need a backslash."""
    escape = {i for i, c in enumerate(text) if c in _ALWAYS}
    escape |= {i for i, c in enumerate(text) if c == "_" and not _inside_word(text, i)}
    escape |= {m.start() for m in _ENTITY.finditer(text)}
    escape |= {m.start() for m in _TAG_START.finditer(text)}
    escape |= {  # a backslash before punctuation, or last (before the next text), escapes
        i
        for i, c in enumerate(text)
        if c == "\\" and (i + 1 == len(text) or text[i + 1] in _ASCII_PUNCTUATION)
    }
    if closing := _CLOSING_HASHES.search(text):
        escape.add(closing.start(1))
    if line_start and (block := _LINE_START.match(text)):
        escape.add(block.end() if block.group().isdigit() else block.start())
    return escape


def _inside_word(text: str, i: int) -> bool:
    """An underscore between two letters or digits (snake_case) never emphasises."""
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def render_markdown(report: Report) -> str:
    """The whole report as CommonMark."""
    voice = report.voice
    lines = [f"# {md(report.title)}", ""]
    if voice.mark:
        lines += [f"**{md(voice.notice)}**", ""]
    if report.description:
        lines += [md(report.description, line_start=True), ""]
    lines += [f"- **{label}:** {md(value)}" for label, value in report.scope]
    lines += ["", f"*{md(how_to_read(voice))}*", "", f"*{md(ORDER)}*", "", md(NO_CHART), ""]
    lines += ["## Chronology", ""]
    for entry in report.entries:
        lines += _entry(entry, voice)
    lines += ["## Sources", ""]
    for source in report.sources:
        lines += [_source(source, voice), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _entry(entry: Entry, voice: Voice) -> list[str]:
    lines = [f"### {md(entry.date)} — {md(entry.title)}", ""]
    tags = []
    if entry.actors:
        tags.append(f"**Actors:** {md(', '.join(entry.actors))}")
    if entry.themes:
        tags.append(f"**Themes:** {md(', '.join(entry.themes))}")
    if tags:
        lines += [" · ".join(tags), ""]
    if entry.summary:
        lines += [f"**{voice.summary}:** {md(entry.summary)}", ""]
    lines += ["**What the sources say:**", ""]
    if not entry.quotes:
        lines += ["*No excerpt is recorded for this event.*", ""]
    for quote in entry.quotes:
        lines += [f"> {md(quote.text, line_start=True)} \\[{quote.number}\\]", ""]
    note = f" {md_note(entry.note_parts)}" if entry.note_parts else ""
    lines += [f"**How the date was established:** {md(entry.basis_text)}.{note}", ""]
    return lines


def _source(s: Source, voice: Voice) -> str:
    bits = [f"**\\[{s.number}\\]** {md(s.title)}."]
    if s.outlet:
        bits.append(f"{md(s.outlet)}.")
    if s.author:
        bits.append(f"By {md(s.author)}.")
    if s.published:
        bits.append(f"Published {md(s.published_text)}.")
    if s.url:
        bits.append(f"{md(s.url)}.")
    if s.accessed:
        bits.append(f"Accessed {md(s.accessed)}.")
    if s.note_parts:
        bits.append(f"{voice.note}: {md_note(s.note_parts)}")
    return " ".join(bits)
