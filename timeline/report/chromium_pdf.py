"""Static rendering through Chromium: the chart as PNG (Kaleido) and the HTML report printed
to PDF, both in the browser the process keeps open (:mod:`timeline.export.warm`), with a time
limit. A print is done by headless Chromium's own --print-to-pdf instead, in a throwaway
profile, when that browser is busy with another report (so two reports print side by side,
neither waiting for the other's print) or will not start (that way says why: its exit code and
last line)."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from timeline.report.chart_fit import fit_chart
from timeline.report.model import Chart
from timeline.report.paper import Page
from timeline.report.upstream import (
    KALEIDO,
    BrowserBusy,
    BrowserDidNotStart,
    Dataset,
    ExportError,
    ImageSize,
    ViewState,
    export_figure,
    find_browser,
    kaleido_options,
    offline_args,
    render_static,
)

PRINT_TIMEOUT_S = 120
NEEDS_CHROMIUM = (
    "A report's chart and its PDF need Chromium or Google Chrome on this machine: install "
    "Debian's chromium (apt-get install chromium) or set BROWSER_PATH to a Chrome executable, "
    "or pass --no-chart for an HTML, Word or Markdown report without the chart."
)


def render_chart(dataset: Dataset, view: ViewState, events: pd.DataFrame, *, page: Page) -> Chart:
    """The export's captioned chart of ``view``'s events, fitted to ``page`` (see
    :mod:`timeline.report.chart_fit`), as a PNG and the rows where its parts are cut."""
    if find_chromium() is None:  # checked before anything is laid out or rendered
        raise ExportError(NEEDS_CHROMIUM)

    def make(size: ImageSize) -> go.Figure:
        return export_figure(dataset, view, events=events, size=size)

    fitted = fit_chart(make, page)
    png = render_static(fitted.figure, "png", fitted.size)
    return Chart(png, fitted.size.width, fitted.size.height, fitted.parts)


def find_chromium() -> str | None:
    """The browser to print with (see :func:`timeline.export.browser.find_chromium`)."""
    found = find_browser()
    return str(found) if found is not None else None


def print_pdf(html: str, *, timeout: float = PRINT_TIMEOUT_S) -> bytes:
    """Print an HTML document to PDF bytes with headless Chromium (A4, from the page's CSS)."""
    browser = find_chromium()
    if browser is None:
        raise ExportError(NEEDS_CHROMIUM)
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="timeline-report-") as tmp:
        folder = Path(tmp)
        page = folder / "report.html"
        page.write_text(html, encoding="utf-8")
        try:
            data = KALEIDO.print_pdf(page.as_uri(), kaleido_options(Path(browser)), timeout=timeout)
        except BrowserBusy:  # another report is using it: this one prints alongside
            return _print_once(browser, page, folder, timeout=timeout, total=timeout)
        except TimeoutError:
            raise _too_long(timeout) from None
        except BrowserDidNotStart:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _too_long(timeout) from None
            return _print_once(browser, page, folder, timeout=remaining, total=timeout)
        except (RuntimeError, OSError) as exc:
            raise ExportError(f"Chromium could not print the PDF: {exc}") from None
        if not data.startswith(b"%PDF"):
            raise ExportError("Chromium could not print the PDF: what it gave is not a PDF")
        return data


def _print_once(browser: str, page: Path, folder: Path, *, timeout: float, total: float) -> bytes:
    """Print ``page`` with a Chromium started for it alone (``--print-to-pdf``): the way that
    says why a browser cannot start, with its exit code and the last line it wrote."""
    pdf = folder / "report.pdf"
    command = [
        browser,
        *offline_args(),  # quiet, and every request sent to a dead end
        f"--user-data-dir={folder / 'profile'}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so a hang is ended whole
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise _too_long(total) from None
    data = pdf.read_bytes() if pdf.exists() else b""
    if not data.startswith(b"%PDF"):
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        why = f": {lines[-1]}" if lines else ""
        raise ExportError(f"Chromium could not print the PDF (exit {process.returncode}){why}")
    return data


def _too_long(timeout: float) -> ExportError:
    return ExportError(f"Chromium did not finish printing the PDF within {timeout:g} s")
