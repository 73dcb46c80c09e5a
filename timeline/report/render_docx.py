"""The report as a Word document: real headings, quotations in Word's Quote style, numbered
citations that refer to a table of sources at the end (the endnotes)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

from timeline.report.model import ORDER, VOICES, Chart, Entry, Report, Source
from timeline.report.paper import PT_PER_MM, WORD_PAGE

INK = RGBColor(0x1B, 0x1B, 0x1B)
ACCENT = RGBColor(0x7A, 0x1F, 0x1F)
MUTED = RGBColor(0x5C, 0x5C, 0x5C)
BODY_FONT = "Georgia"
HEAD_FONT = "Arial"


def render_docx(report: Report) -> bytes:
    """The .docx file's bytes."""
    doc = Document()
    _setup(doc, report)
    doc.add_paragraph("CHRONOLOGY", style="Subtitle")
    doc.add_heading(report.title, level=0)
    if report.description:
        doc.add_paragraph(report.description)
    for label, value in report.scope:
        _labelled(doc, f"{label}: ", value, size=9)
    for text in (VOICES, ORDER):
        run = doc.add_paragraph().add_run(text)
        run.italic = True
        run.font.size = Pt(9)
    if report.chart is not None:
        _chart(doc, report.chart)
        doc.add_paragraph(
            "The events of this report on a timeline: filters in the subtitle, the articles "
            "quoted in the footer.",
            style="Caption",
        )
    doc.add_heading("Chronology", level=1)
    for entry in report.entries:
        _entry(doc, entry)
    doc.add_heading("Sources", level=1)
    _sources(doc, report.sources)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _chart(doc: DocumentObject, chart: Chart) -> None:
    """The chart as one picture per part's rows, each cropped to those rows of the one PNG
    (stored once) and sized so that a part fits a page; a part's pictures are kept together,
    and the last with the caption that follows."""
    width = Mm(WORD_PAGE.chart_width_pt / PT_PER_MM)
    for n, part in enumerate(chart.parts):
        for k, (top, bottom) in enumerate(part):
            paragraph = doc.add_paragraph()
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
    props.title = report.title
    props.subject = "Chronology"
    props.author = report.author
    props.last_modified_by = report.author
    props.comments = report.description
    props.keywords = ""
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)


def _labelled(doc: DocumentObject, label: str, text: str, *, size: float | None = None) -> None:
    paragraph = doc.add_paragraph()
    head = paragraph.add_run(label)
    head.bold = True
    head.font.name = HEAD_FONT
    body = paragraph.add_run(text)
    for run in (head, body):
        if size:
            run.font.size = Pt(size)
    head.font.color.rgb = MUTED


def _entry(doc: DocumentObject, entry: Entry) -> None:
    heading = doc.add_heading(level=2)
    date = heading.add_run(entry.date)
    date.font.color.rgb = ACCENT
    heading.add_run(f" — {entry.title}")
    tags = []
    if entry.actors:
        tags.append(("Actors: ", ", ".join(entry.actors)))
    if entry.themes:
        tags.append(("Themes: ", ", ".join(entry.themes)))
    if tags:
        paragraph = doc.add_paragraph()
        for i, (label, value) in enumerate(tags):
            head = paragraph.add_run(("   " if i else "") + label)
            head.bold = True
            head.font.size = Pt(9)
            head.font.color.rgb = MUTED
            paragraph.add_run(value).font.size = Pt(9)
    if entry.summary:
        doc.add_heading("Editor’s summary", level=3)
        doc.add_paragraph(entry.summary)
    doc.add_heading("What the sources say", level=3)
    if not entry.quotes:
        doc.add_paragraph("No excerpt is recorded for this event.").runs[0].italic = True
    for quote in entry.quotes:
        paragraph = doc.add_paragraph(style="Quote")
        paragraph.add_run(quote.text)
        cite = paragraph.add_run(f" [{quote.number}]")
        cite.italic = False
        cite.bold = True
        cite.font.color.rgb = ACCENT
    doc.add_heading("How the date was established", level=3)
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{entry.basis_text}.").bold = True
    if entry.note:
        paragraph.add_run(f" {entry.note}")


def _sources(doc: DocumentObject, sources: tuple[Source, ...]) -> None:
    table = doc.add_table(rows=1, cols=4)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(12), Mm(62), Mm(32), Mm(64))
    for cell, text in zip(
        table.rows[0].cells, ("No.", "Source", "Published", "Editor’s note"), strict=True
    ):
        cell.paragraphs[0].add_run(text).bold = True
    for s in sources:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(f"[{s.number}]").bold = True
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
                line.add_run(value)
        cells[2].paragraphs[0].add_run(s.published_text).italic = s.inferred
        cells[3].paragraphs[0].add_run(s.note)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
    header = OxmlElement("w:tblHeader")  # repeat the header row on every page
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
