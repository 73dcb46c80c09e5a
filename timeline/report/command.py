"""The ``timeline report`` command: a citable chronology of the filtered events in a file."""

from __future__ import annotations

from pathlib import Path

import click

DATA_HELP = (
    "Dataset folder (events.csv, excerpts.csv, sources.csv, vocabulary.csv, sources/). "
    "Defaults to the bundled dataset."
)


@click.command(name="report")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=DATA_HELP,
)
@click.option("--actor", "actors", multiple=True, help="Keep events with any of these actors.")
@click.option("--theme", "themes", multiple=True, help="Keep events with any of these themes.")
@click.option("--source", "sources", multiple=True, help="Keep events quoted from this source id.")
@click.option("--from", "date_from", default=None, help="Start date (ISO, any precision).")
@click.option("--to", "date_to", default=None, help="End date, inclusive (ISO, any precision).")
@click.option(
    "--q", "query", default="", help="Words that must appear in title, summary or quotes."
)
@click.option(
    "--group-by", type=click.Choice(["actor", "theme"]), default="actor", show_default=True
)
@click.option(
    "--axis", type=click.Choice(["compressed", "linear"]), default="compressed", show_default=True
)
@click.option("--title", default=None, help="Report title (default: the dataset's own title).")
@click.option("--no-chart", is_flag=True, help="Leave the chart out (needs no Chromium then).")
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file: .html (self-contained, offline), .docx, .md or .pdf.",
)
def report(
    data_dir: Path | None,
    actors: tuple[str, ...],
    themes: tuple[str, ...],
    sources: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    query: str,
    group_by: str,
    axis: str,
    title: str | None,
    no_chart: bool,
    out: Path,
) -> None:
    """Write a citable chronology of the filtered events: each dated, summarised and
    footnoted to the exact words of its sources, with the chart and a list of sources."""
    from timeline.report.build import write_report
    from timeline.report.upstream import ExportError, Filters, filter_problems, load_or_exit

    dataset = load_or_exit(data_dir)
    filters = Filters(actors, themes, sources, date_from, date_to, query)
    problems = filter_problems(dataset, filters)
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(1)
    try:
        count = write_report(
            dataset,
            filters,
            out,
            group_by=group_by,  # type: ignore[arg-type]
            axis=axis,  # type: ignore[arg-type]
            title=title,
            chart=not no_chart,
        )
    except ExportError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    except OSError as exc:
        click.echo(f"error: cannot write {out}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from None
    click.echo(f"wrote {out} ({count} events)")
