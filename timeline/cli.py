"""The ``timeline`` command: check a dataset, serve the app, export charts.

Each command turns the library's errors into clean messages and exit codes: 0 on success,
1 when the dataset or the request is invalid, 2 for usage errors (click's own).
"""

from __future__ import annotations

from pathlib import Path

import click

from timeline.dataset import Dataset
from timeline.loader import load_dataset
from timeline.paths import bundled_data
from timeline.problems import DatasetError

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="timeline")
def main() -> None:
    """A source-grounded timeline: dated events tied to the verbatim words of their sources."""


@main.command()
@click.argument(
    "folder", required=False, type=click.Path(file_okay=False, path_type=Path), default=None
)
def check(folder: Path | None) -> None:
    """Validate a dataset FOLDER (default: the bundled one) and summarise it."""
    dataset = load_or_exit(folder)
    click.echo(f"ok: {dataset.summary()}")
