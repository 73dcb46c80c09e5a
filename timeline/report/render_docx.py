"""The report as a Word document: real headings, quotations in Word's Quote style, numbered
citations that refer to a table of sources at the end (the endnotes).

Paragraphs are added through :class:`Story`, not python-docx's ``add_paragraph``: that one
looks for the body's closing section properties among all the paragraphs so far and reads
every style to resolve a style's name, for each new paragraph, so a report took time in the
square of its events (10,000 events did not finish in ten minutes).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from timeline.report.model import ORDER, Chart, Entry, NotePart, Report, Source, how_to_read
from timeline.report.paper import PT_PER_MM, WORD_PAGE
from timeline.report.upstream import Voice

INK = RGBColor(0x1B, 0x1B, 0x1B)
ACCENT = RGBColor(0x7A, 0x1F, 0x1F)
MUTED = RGBColor(0x5C, 0x5C, 0x5C)
BODY_FONT = "Georgia"
HEAD_FONT = "Arial"


class Story:
    """The document's body, added to at its end in constant time per paragraph."""

    def __init__(self, doc: DocumentObject) -> None:
        self.doc = doc
        self._body = doc.element.body
        self._end = self._body.sectPr  # the closing section properties, found once
        self._style_ids: dict[str, str | None] = {}

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        """A new last paragraph (before the closing section properties), as
        ``Document.add_paragraph`` makes it."""
        p = OxmlElement("w:p")
        if self._end is not None:
            self._end.addprevious(p)
        else:
            self._body.append(p)
        paragraph = Paragraph(p, self.doc)
        if style is not None:
            p.style = self._style_id(style)
        if text:
            paragraph.add_run(text)
        return paragraph

    def heading(self, text: str = "", level: int = 1) -> Paragraph:
        """A heading paragraph: Word's Title for level 0, else "Heading <level>"."""
        return self.paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def _style_id(self, name: str) -> str | None:
        """The id of the paragraph style called ``name``, looked up once."""
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]


def render_docx(report: Report) -> bytes:
    """The .docx file's bytes."""
    doc = Document()
    _setup(doc, report)
    story = Story(doc)
    story.paragraph("CHRONOLOGY", style="Subtitle")
    story.heading(report.title, level=0)
    voice = report.voice
    if voice.mark:
        mark = story.paragraph().add_run(voice.notice)
        mark.bold = True
        mark.font.name = HEAD_FONT
        mark.font.color.rgb = ACCENT
    if report.description:
        story.paragraph(report.description)
    for label, value in report.scope:
        _labelled(story, f"{label}: ", value, size=9)
    for text in (how_to_read(voice), ORDER):
        run = story.paragraph().add_run(text)
        run.italic = True
        run.font.size = Pt(9)
    if report.chart is not None:
        _chart(story, report.chart)
        story.paragraph(
            "The events of this report on a timeline: filters in the subtitle, the articles "
            "quoted in the footer.",
            style="Caption",
        )
    story.heading("Chronology", level=1)
    for entry in report.entries:
        _entry(story, entry, voice)
    story.heading("Sources", level=1)
    _sources(doc, report.sources, voice)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _chart(story: Story, chart: Chart) -> None:
    """The chart as one picture per part's rows, each cropped to those rows of the one PNG
    (stored once) and sized so that a part fits a page; a part's pictures are kept together,
    and the last with the caption that follows."""
    width = Mm(WORD_PAGE.chart_width_pt / PT_PER_MM)
    for n, part in enumerate(chart.parts):
        for k, (top, bottom) in enumerate(part):
            paragraph = story.paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            last = k == len(part) - 1
            paragraph.paragraph_format.keep_with_next = not last or n == len(chart.parts) - 1
            if not last:
                paragraph.paragraph_format.space_after = Pt(0)
            height = Emu(round(width * (bottom - top) / chart.width_px))
            run = paragraph.add_run()
            shape = run.add_picture(io.BytesIO(chart.png), width=width, height=height)
            if (top, bottom) != (0, chart.height_px):
                crop = OxmlElement("a:srcRect")  # in thousandths of a percent of the image
                crop.set("t", str(round(100_000 * top / chart.height_px)))
                crop.set("b", str(round(100_000 * (chart.height_px - bottom) / chart.height_px)))
                shape._inline.graphic.graphicData.pic.blipFill.blip.addnext(crop)


def _setup(doc: DocumentObject, report: Report) -> None:
    """A4 pages, a serif body, quiet headings, and honest document properties."""
    for section in doc.sections:
        section.page_width = Mm(WORD_PAGE.width_mm)
        section.page_height = Mm(WORD_PAGE.height_mm)
        top, right, bottom, left = (Mm(m) for m in WORD_PAGE.margin_mm)
        section.top_margin, section.right_margin = top, right
        section.bottom_margin, section.left_margin = bottom, left
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for name, size, colour in (
        ("Title", 24, INK),
        ("Heading 1", 15, INK),
        ("Heading 2", 12, INK),
        ("Heading 3", 9, MUTED),
    ):
        style = styles[name]
        style.font.name = HEAD_FONT
        style.font.size = Pt(size)
        style.font.color.rgb = colour
    subtitle = styles["Subtitle"]
    subtitle.font.name = HEAD_FONT
    subtitle.font.size = Pt(9)
    subtitle.font.bold = True
    subtitle.font.color.rgb = ACCENT
    quote = styles["Quote"]
    quote.font.name = BODY_FONT
    quote.font.color.rgb = INK
    quote.paragraph_format.left_indent = Mm(8)
    styles["Caption"].font.color.rgb = MUTED
    props = doc.core_properties
    props.title = report.voice.marked(report.title)
    props.subject = "Chronology"
    props.author = report.author
    props.last_modified_by = report.author
    props.comments = report.description
    props.keywords = ""
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)


def _labelled(story: Story, label: str, text: str, *, size: float | None = None) -> None:
    paragraph = story.paragraph()
    head = paragraph.add_run(label)
    head.bold = True
    head.font.name = HEAD_FONT
    body = paragraph.add_run(text)
    for run in (head, body):
        if size:
            run.font.size = Pt(size)
    head.font.color.rgb = MUTED


def _entry(story: Story, entry: Entry, voice: Voice) -> None:
    heading = story.heading(level=2)
    date = heading.add_run(entry.date)
    date.font.color.rgb = ACCENT
    heading.add_run(f" — {entry.title}")
    tags = []
    if entry.actors:
        tags.append(("Actors: ", ", ".join(entry.actors)))
    if entry.themes:
        tags.append(("Themes: ", ", ".join(entry.themes)))
    if tags:
        paragraph = story.paragraph()
        for i, (label, value) in enumerate(tags):
            head = paragraph.add_run(("   " if i else "") + label)
            head.bold = True
            head.font.size = Pt(9)
            head.font.color.rgb = MUTED
            paragraph.add_run(value).font.size = Pt(9)
    if entry.summary:
        story.heading(voice.summary, level=3)
        story.paragraph(entry.summary)
    story.heading("What the sources say", level=3)
    if not entry.quotes:
        story.paragraph("No excerpt is recorded for this event.").runs[0].italic = True
    for quote in entry.quotes:
        paragraph = story.paragraph(style="Quote")
        paragraph.add_run(quote.text + " ")
        cite = _citation(paragraph, quote.number)
        cite.italic = False
    story.heading("How the date was established", level=3)
    paragraph = story.paragraph()
    paragraph.add_run(f"{entry.basis_text}.").bold = True
    if entry.note:
        paragraph.add_run(" ")
        _note(paragraph, entry.note_parts)


def _bookmark_name(number: int) -> str:
    return f"source-{number}"


def _link(paragraph: Paragraph, text: str, *, anchor: str = "", url: str = "") -> Run:
    """A run that is a link: to a bookmark of this document (``anchor``) or to a web page."""
    link = OxmlElement("w:hyperlink")
    if anchor:
        link.set(qn("w:anchor"), anchor)
    else:
        rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link.set(qn("r:id"), rel)
    element = OxmlElement("w:r")
    link.append(element)
    paragraph._p.append(link)
    run = Run(element, paragraph)
    run.text = text
    run.font.underline = not anchor
    return run


def _citation(paragraph: Paragraph, number: int) -> Run:
    """``[n]``, in bold and the accent colour, jumping to source n in the list of sources."""
    run = _link(paragraph, f"[{number}]", anchor=_bookmark_name(number))
    run.bold = True
    run.font.color.rgb = ACCENT
    return run


def _note(paragraph: Paragraph, parts: tuple[NotePart, ...]) -> None:
    """An editor's (or a draft's) note, each source it names a citation that jumps to it."""
    for part in parts:
        if isinstance(part, int):
            _citation(paragraph, part)
        elif part:
            paragraph.add_run(part)


def _bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """Mark the whole paragraph as the bookmark ``name`` (a citation's target)."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(0, start)  # before the runs; properties come first only if present
    if paragraph._p.pPr is not None:
        paragraph._p.pPr.addnext(start)
    paragraph._p.append(end)


def _sources(doc: DocumentObject, sources: tuple[Source, ...], voice: Voice) -> None:
    table = doc.add_table(rows=1, cols=4)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(12), Mm(62), Mm(32), Mm(64))
    for cell, text in zip(
        table.rows[0].cells, ("No.", "Source", "Published", voice.note), strict=True
    ):
        cell.paragraphs[0].add_run(text).bold = True
    for s in sources:
        cells = table.add_row().cells
        number = cells[0].paragraphs[0]
        number.add_run(f"[{s.number}]").bold = True
        _bookmark(number, _bookmark_name(s.number), s.number)
        first = cells[1].paragraphs[0]
        first.add_run(s.title).bold = True
        for label, value in (
            ("Outlet: ", s.outlet),
            ("Author: ", s.author),
            ("URL: ", s.url),
            ("Accessed: ", s.accessed),
        ):
            if value:
                line = cells[1].add_paragraph()
                line.add_run(label).italic = True
                if label == "URL: " and s.link:  # a web address: a link (never a script)
                    _link(line, s.link, url=s.link)
                else:
                    line.add_run(value)
        cells[2].paragraphs[0].add_run(s.published_text).italic = s.inferred
        _note(cells[3].paragraphs[0], s.note_parts)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                for element in paragraph._p.iter(qn("w:r")):  # links' runs included
                    Run(element, paragraph).font.size = Pt(8.5)
    header = OxmlElement("w:tblHeader")  # repeat the header row on every page
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
