"""The ``timeline report`` command: a citable chronology of the filtered events in a file."""

from __future__ import annotations

from pathlib import Path

import click

from timeline.options import (
    data_option,
    engine_option,
    output_option,
    title_option,
    view_data_or_exit,
    view_options,
    written,
)


@click.command(name="report")
@data_option
@view_options
@title_option("Report")
@click.option("--no-chart", is_flag=True, help="Leave the chart out (needs no Chromium then).")
@engine_option("read")
@output_option(".html (self-contained, offline), .docx, .md or .pdf")
def report(
    data_dir: Path | None,
    title: str | None,
    no_chart: bool,
    engine: str | None,
    out: Path,
    **options: object,
) -> None:
    """Write a citable chronology of the filtered events: each dated, summarised and
    footnoted to the exact words of its sources, with the chart and a list of sources."""
    from timeline.report.build import write_report
    from timeline.report.upstream import ExportError, counted

    dataset, view = view_data_or_exit(data_dir, engine, options)
    with written(out, ExportError):
        count = write_report(dataset, view, out, title=title, chart=not no_chart)
    click.echo(f"wrote {out} ({counted(count, 'event')})")
