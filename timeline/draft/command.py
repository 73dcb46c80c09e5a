"""The `timeline draft` command: a click command the main command group registers."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from timeline.draft.build import draft_folder
from timeline.draft.inputs import DraftError
from timeline.draft.output import REPORT
from timeline.options import OUTPUT


@click.command(name="draft")
@click.argument("source", metavar="IN", type=click.Path(path_type=Path))
@click.option(
    *OUTPUT,
    required=True,
    type=click.Path(path_type=Path),
    help="New (or empty) folder for the draft dataset.",
)
def draft(source: Path, out: Path) -> None:
    """Draft a dataset for review from the articles in IN/sources/ (.txt or .html).

    Every dated mention becomes an event themed 'unreviewed', quoting its sentence, with the
    date's reasoning in its note; mentions left undated are listed in OUT/draft-report.csv.
    """
    try:
        summary = draft_folder(source, out)
    except DraftError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(
        f"{summary.articles} articles, {summary.candidates} candidate events, "
        f"{summary.undated} undated mentions (listed in {out / REPORT})"
    )
    for name in summary.without_date:
        click.echo(f"no publication date: {name}: relative dates in it are not resolved")
    for remark in summary.remarks:
        click.echo(remark)
    click.echo(f"wrote {out}; review it, then run `timeline check {out}`")
