"""The PDF report, printed by Chromium and read back with a PDF text extractor."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from chromium import GUARD_S, running, until
from pypdf import PdfReader

from timeline.export import ExportError
from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report import build_report, chromium_pdf

from .conftest import (
    EXPECTED,
    IMG,
    SCRIPT,
    assert_in_order,
    expected_sequence,
    flat,
    needs_chromium,
    plain_cite,
)

PAGE = "<!doctype html><h1 style='break-after: page'>First page</h1><p>Second page</p>"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return flat(" ".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture(scope="module")
def pdf(dataset) -> bytes:  # type: ignore[no-untyped-def]
    return build_report(dataset, ViewState(Filters()), fmt="pdf")


@needs_chromium
def test_pdf_holds_every_date_title_quote_and_citation_in_order(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert_in_order(text, ["Timeline of events", "3 of 3 events", "Chronology"])
    assert_in_order(text, expected_sequence(cite=plain_cite))
    assert_in_order(text, ["Sources", "[1]", "May 2001 (inferred: no dateline — see note)"])
    assert SCRIPT in text and IMG in text  # printed as text


@needs_chromium
def test_pdf_pages_are_a4(pdf: bytes) -> None:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2


@needs_chromium
def test_a_filtered_pdf_shows_exactly_its_events(dataset) -> None:  # type: ignore[no-untyped-def]
    text = pdf_text(
        build_report(dataset, ViewState(Filters(date_to="1999")), fmt="pdf", chart=False)
    )
    assert_in_order(text, [EXPECTED[0][1], EXPECTED[1][1]])
    assert EXPECTED[2][0] not in text.split("Chronology", 1)[1]


def test_without_chromium_a_pdf_is_one_clear_sentence(
    dataset, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(chromium_pdf, "find_chromium", lambda: None)
    with pytest.raises(ExportError) as info:
        build_report(dataset, ViewState(Filters()), fmt="pdf", chart=False)
    assert str(info.value) == chromium_pdf.NEEDS_CHROMIUM
    assert str(info.value).count(". ") == 0


# A browser that takes --print-to-pdf=FILE on its command line and ignores everything else
# (the DevTools pipe the open-browser way starts it with): what it does with it is $ACTION.
CLI_ONLY = (
    "#!/bin/sh\n"
    'for arg in "$@"; do case "$arg" in --print-to-pdf=*) out="${arg#--print-to-pdf=}";; '
    "esac; done\n"
    '[ -n "$out" ] || exit 1\n'
)


def fake_browser(folder: Path, name: str, script: str) -> Path:
    path = folder / name
    path.write_text(script)
    path.chmod(0o755)
    return path


@pytest.mark.parametrize(
    "script",
    [
        "#!/bin/sh\nexec sleep 600\n",  # never answers the open-browser way
        CLI_ONLY + "exec sleep 600\n",  # will not start that way; hangs printing the other
    ],
    ids=["open-browser", "own-print"],
)
def test_a_hanging_browser_is_stopped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, script: str
) -> None:
    sleeper = fake_browser(tmp_path, "sleepy-chrome", script)
    monkeypatch.setattr(chromium_pdf, "find_chromium", lambda: str(sleeper))
    with pytest.raises(ExportError, match="did not finish printing the PDF within 3 s"):
        chromium_pdf.print_pdf("<p>x</p>", timeout=3)
    assert until(lambda: not running(str(sleeper)))  # stopped, wrapper and all


@needs_chromium
def test_a_print_while_the_open_browser_is_busy_is_made_alongside_without_waiting() -> None:
    """Two reports at once: the second does not wait for the first's print (a long one would
    eat its time limit) but prints in a browser of its own."""
    from timeline.export.warm import KALEIDO, BrowserBusy

    done: list[bytes] = []
    with KALEIDO._lock:  # another job holds the open browser for as long as this block runs
        with pytest.raises(BrowserBusy):
            KALEIDO.print_pdf("about:blank", {}, timeout=1)
        printer = threading.Thread(target=lambda: done.append(chromium_pdf.print_pdf(PAGE)))
        printer.start()
        printer.join(GUARD_S)
        assert done and done[0].startswith(b"%PDF")  # printed while the browser was held
    assert "Second page" in pdf_text(done[0])


def test_a_browser_that_only_prints_from_its_command_line_still_gives_the_pdf(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A browser that will not start for the open-browser way (no DevTools pipe here) is
    asked once more with --print-to-pdf; what it prints is the report."""
    printer = fake_browser(
        tmp_path, "cli-only-chrome", CLI_ONLY + "printf '%%PDF-1.4 printed' > \"$out\"\n"
    )
    monkeypatch.setattr(chromium_pdf, "find_chromium", lambda: str(printer))
    assert chromium_pdf.print_pdf("<p>x</p>", timeout=30) == b"%PDF-1.4 printed"


def test_a_browser_that_prints_nothing_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = fake_browser(tmp_path, "broken-chrome", "#!/bin/sh\necho 'cannot start' >&2\nexit 3\n")
    monkeypatch.setattr(chromium_pdf, "find_chromium", lambda: str(broken))
    with pytest.raises(ExportError, match=r"could not print the PDF \(exit 3\): cannot start"):
        chromium_pdf.print_pdf("<p>x</p>")


@needs_chromium
def test_no_event_is_split_across_pages() -> None:
    """Each printed event keeps its headings on one page: on every page, as many "What the
    sources say" as "How the date was established" (the bundled chronology, which used to
    break an event over a page)."""
    from timeline.load.bundled import bundled_data
    from timeline.load.loader import load_dataset

    data = build_report(load_dataset(bundled_data()), ViewState(Filters()), fmt="pdf", chart=False)
    from timeline.model.metadata import EDITED
    from timeline.report.model import ORDER, how_to_read

    guide = flat(f"{how_to_read(EDITED)} {ORDER}").lower()  # it names the headings too
    pages = [
        flat(page.extract_text() or "").lower().replace(guide, "")
        for page in PdfReader(io.BytesIO(data)).pages
    ]
    said = [
        (p.count("what the sources say"), p.count("how the date was established")) for p in pages
    ]
    assert sum(a for a, _ in said) == 28  # every bundled event printed
    assert all(a == b for a, b in said), said


def test_only_a_chart_of_at_most_half_a_page_shares_the_first_page_with_the_title() -> None:
    from timeline.report.model import Chart
    from timeline.report.paper import PDF_PAGE

    def chart(*parts: tuple[int, int]) -> Chart:
        return Chart(b"", 680, max(b for _, b in parts), tuple((p,) for p in parts))

    width, room = PDF_PAGE.chart_width_pt, PDF_PAGE.chart_room_pt
    half_px = int(room / 2 * 680 / width)
    assert chart((0, half_px)).shares_first_page(width, room)
    assert not chart((0, half_px + 2)).shares_first_page(width, room)
    assert not chart((0, 100), (100, 200)).shares_first_page(width, room)  # in parts: never


@needs_chromium
def test_a_tall_chart_follows_the_chronology_so_the_first_page_is_full() -> None:
    """The bundled chart is about a page tall: under the title it would leave the first
    page nearly empty, so the PDF starts the chronology there and prints the chart after
    it, before the sources; on screen the HTML report still leads with the chart."""
    from timeline.load.bundled import bundled_data
    from timeline.load.loader import load_dataset

    dataset = load_dataset(bundled_data())
    reader = PdfReader(io.BytesIO(build_report(dataset, ViewState(Filters()), fmt="pdf")))
    texts = [flat(page.extract_text() or "") for page in reader.pages]
    first_event = str(dataset.events["title"].iloc[0])
    assert "Chronology" in texts[0] and first_event in texts[0]
    assert "follows the chronology" in texts[0]
    with_chart = [n for n, page in enumerate(reader.pages) if page.images]
    last_event = str(dataset.events["title"].iloc[-1])
    last_event_page = max(n for n, text in enumerate(texts) if last_event in text)
    sources_page = min(n for n, text in enumerate(texts) if "Sources [1]" in text)
    assert with_chart and last_event_page <= min(with_chart) <= max(with_chart) <= sources_page
    screen = build_report(dataset, ViewState(Filters()), fmt="html").decode()
    assert screen.index('<figure class="chart">') < screen.index("<h2>Chronology</h2>")
