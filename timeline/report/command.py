"""The ``timeline report`` command: a citable chronology of the filtered events in a file."""

from __future__ import annotations

from pathlib import Path

import click

from timeline.options import (
    data_option,
    load_or_exit,
    output_option,
    title_option,
    view_options,
    view_or_exit,
    written,
)


@click.command(name="report")
@data_option
@view_options
@title_option("Report")
@click.option("--no-chart", is_flag=True, help="Leave the chart out (needs no Chromium then).")
@output_option(".html (self-contained, offline), .docx, .md or .pdf")
def report(
    data_dir: Path | None, title: str | None, no_chart: bool, out: Path, **options: object
) -> None:
    """Write a citable chronology of the filtered events: each dated, summarised and
    footnoted to the exact words of its sources, with the chart and a list of sources."""
    from timeline.report.build import write_report
    from timeline.report.upstream import ExportError, counted

    dataset = load_or_exit(data_dir)
    view = view_or_exit(dataset, options)
    with written(out, ExportError):
        count = write_report(dataset, view, out, title=title, chart=not no_chart)
    click.echo(f"wrote {out} ({counted(count, 'event')})")
