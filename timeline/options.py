"""Options and helpers shared by the commands: the dataset folder, and the view (the same
filters, lanes, axis and zoom window the app's URL describes, under the same names)."""

from __future__ import annotations

from pathlib import Path

import click

from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.problems import DatasetError
from timeline.query.facets import FIELDS, Filters
from timeline.query.filters import filter_problems
from timeline.query.view import (
    AXES,
    DEFAULT_AXIS,
    DEFAULT_GROUP,
    GROUPS,
    WINDOW_HINT,
    ViewState,
    parse_window,
)

DATA_HELP = "Dataset folder (events.csv, excerpts.csv, sources.csv, vocabulary.csv, sources/)."


def data_option(func):  # type: ignore[no-untyped-def]
    """The shared ``--data DIR`` option, defaulting to the bundled dataset."""
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=f"{DATA_HELP} Defaults to the bundled dataset.",
    )(func)


def output_option(formats: str):  # type: ignore[no-untyped-def]
    """The shared required ``-o/--output FILE`` option; ``formats`` says what it may be."""
    return click.option(
        "-o",
        "--output",
        "out",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Output file: {formats}.",
    )


def load_or_exit(folder: Path | None) -> Dataset:
    """Load a dataset, or print every problem and exit 1 (never a traceback)."""
    folder = folder or bundled_data()
    try:
        dataset = load_dataset(folder)
    except DatasetError as exc:
        click.echo(f"{folder}: {exc}", err=True)
        click.echo(exc.report(), err=True)
        raise SystemExit(1) from None
    for warning in dataset.warnings:
        click.echo(f"warning: {warning}", err=True)
    return dataset


def view_options(func):  # type: ignore[no-untyped-def]
    """One option per facet field (``--actor`` … ``--q``), then ``--group-by`` and ``--axis``:
    the same view the app's URL describes, with the same names."""
    for f in reversed(FIELDS):
        names = f.kind == "names"
        func = click.option(
            f.flag,
            f.attr,
            multiple=names,
            default=() if names else ("" if f.kind == "text" else None),
            help=f.help,
        )(func)
    func = click.option(
        "--group-by", type=click.Choice(list(GROUPS)), default=DEFAULT_GROUP, show_default=True
    )(func)
    func = click.option(
        "--axis", type=click.Choice(list(AXES)), default=DEFAULT_AXIS, show_default=True
    )(func)
    return click.option(
        "--window",
        default=None,
        help="Only the stretch of time FROM..TO, as the app's zoom: " + WINDOW_HINT + ".",
    )(func)


def view_or_exit(dataset: Dataset, options: dict) -> ViewState:
    """The view the options describe (consumed from ``options``), or every problem and exit 1."""
    filters = Filters(**{f.attr: options.pop(f.attr) for f in FIELDS})
    problems = filter_problems(dataset, filters)
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(1)
    try:
        window = parse_window(options.pop("window"))
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    return ViewState(filters, options.pop("group_by"), options.pop("axis"), window=window)
