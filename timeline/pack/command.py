"""The ``timeline pack`` command: a click command the main command group registers."""

from __future__ import annotations

from pathlib import Path

import click

from timeline.options import load_or_exit, output_folder_option, written


@click.command(name="pack")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@output_folder_option("New (or empty) folder to write the packed dataset to, outside DIR.")
def pack(folder: Path, out: Path) -> None:
    """Write the dataset folder DIR as a packed dataset: its tables as Parquet files (the
    quotes with their places in the articles, the articles' texts among them) and
    manifest.json, which gives each file's row count and SHA-256.

    DIR must pass `timeline check` (its problems are listed as the check lists them, and
    nothing is written). Every command that reads a dataset reads the pack as it reads DIR.
    """
    from timeline.model.pack_format import PACKED_TABLES
    from timeline.pack.writer import (
        OutputPlaceError,
        PackError,
        check_output_folder,
        check_output_place,
        pack_dataset,
    )

    try:
        check_output_place(folder, out)
    except OutputPlaceError as exc:
        raise click.BadParameter(str(exc), param_hint="'-o' / '--output'") from None
    with written(out, PackError):
        check_output_folder(out)  # said before the dataset is read: a quick answer
    dataset = load_or_exit(folder)
    with written(out, PackError):
        pack_dataset(dataset, out)
    click.echo(f"wrote {out}: {dataset.summary()}; {len(PACKED_TABLES)} Parquet files")
