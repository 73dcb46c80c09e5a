"""The `timeline draft` command: a click command the main command group registers."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from timeline.draft.base import Problem
from timeline.draft.build import draft_folder
from timeline.draft.inputs import MIB, DraftError, Limits
from timeline.draft.output import REPORT, OutputPlaceError
from timeline.options import OUTPUT

_DEFAULT = Limits()


@click.command(name="draft")
@click.argument("source", metavar="IN", type=click.Path(path_type=Path))
@click.option(
    *OUTPUT,
    required=True,
    type=click.Path(path_type=Path),
    help="New (or empty) folder for the draft dataset, outside IN.",
)
@click.option(
    "--max-file-mib",
    type=click.IntRange(1, 1024),
    default=_DEFAULT.file_bytes // MIB,
    show_default=True,
    help="Largest article file (or sources.csv, vocabulary.csv) to read, in MiB; a larger "
    "one is refused before it is read.",
)
@click.option(
    "--max-total-mib",
    type=click.IntRange(1, 100 * 1024),
    default=_DEFAULT.total_bytes // MIB,
    show_default=True,
    help="Largest total size of the article files of one draft, in MiB.",
)
@click.option(
    "--max-text-chars",
    type=click.IntRange(1_000, 100_000_000),
    default=_DEFAULT.text_chars,
    show_default=True,
    help="Most characters of text to draft from one article (prose drafts at a few thousand "
    "characters a second).",
)
def draft(
    source: Path, out: Path, max_file_mib: int, max_total_mib: int, max_text_chars: int
) -> None:
    """Draft a dataset for review from the articles in IN/sources/ (.txt or .html).

    Every dated mention becomes an event themed 'unreviewed', quoting its sentence, with the
    date's reasoning in its note; mentions left undated are listed in OUT/draft-report.csv.
    Progress goes to standard error.
    """
    limits = Limits(max_file_mib * MIB, max_total_mib * MIB, max_text_chars)
    try:
        summary = draft_folder(source, out, limits=limits, progress=_progress)
    except OutputPlaceError as exc:
        raise click.BadParameter(str(exc), param_hint="'-o' / '--output'") from None
    except DraftError as exc:
        _report(exc.problems)
        sys.exit(1)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"{summary.articles} articles, {summary.candidates} candidate events, "
        f"{summary.undated} undated mentions (listed in {out / REPORT})"
    )
    for name in summary.without_date:
        click.echo(f"no publication date: {name}: relative dates in it are not resolved")
    for remark in summary.remarks:
        click.echo(remark)
    click.echo(f"wrote {out}; review it, then run `timeline check {out}`")


def _progress(line: str) -> None:
    click.echo(line, err=True)


def _report(problems: list[Problem | str]) -> None:
    """Each problem on a line of its own: warnings (pages left out) first, then errors."""
    warnings = [p for p in problems if isinstance(p, Problem) and p.severity == "warning"]
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for problem in problems:
        if problem not in warnings:
            click.echo(f"error: {problem}", err=True)
