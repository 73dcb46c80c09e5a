"""The ``timeline import`` commands: one per format read, registered by the main group."""

from __future__ import annotations

from pathlib import Path

import click

from timeline.options import output_folder_option

MAX_LISTED = 50  # uncited ids named on the terminal; `timeline check` names them too


@click.group(name="import")
def import_group() -> None:
    """Read another tool's timeline into a new dataset folder."""


@import_group.command(name="timelinejs")
@click.argument("file", type=click.Path(path_type=Path))
@output_folder_option("Dataset folder to write (must not exist, or be empty).")
def timelinejs(file: Path, out: Path) -> None:
    """Read FILE, a TimelineJS JSON file or its Google-Sheets template saved as CSV (by its
    extension: .json or .csv), into a dataset folder that passes `timeline check`.

    A TimelineJS file holds no article text, so every event is kept uncited (its note says
    so) until its article and quotes are added. Any problem in FILE is reported, located,
    and nothing is written.
    """
    from timeline.interchange.timelinejs import BadTimeline, ImportFailed, import_timelinejs
    from timeline.model.dataset import counted

    try:
        imported = import_timelinejs(file, out)
    except BadTimeline as exc:
        click.echo(f"error: {file}: {exc}; nothing written", err=True)
        for problem in exc.problems:
            click.echo(f"{problem.severity}: {problem}", err=True)
        raise SystemExit(1) from None
    except ImportFailed as exc:
        click.echo(f"error: {exc}; nothing written", err=True)
        raise SystemExit(1) from None
    except OSError as exc:
        click.echo(f"error: cannot write {out}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from None
    dataset = imported.dataset
    for warning in (*imported.warnings, *dataset.warnings):  # the file's, then the check's
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {out} from the TimelineJS {imported.kind} {file.name}: {dataset.summary()}")
    uncited = dataset.events.loc[dataset.events["n_excerpts"] == 0, "id"].tolist()
    if uncited:
        listed = ", ".join(uncited[:MAX_LISTED])
        more = f" and {len(uncited) - MAX_LISTED} more" if len(uncited) > MAX_LISTED else ""
        click.echo(
            f"uncited: {counted(len(uncited), 'event')}, no source quoted yet (add each "
            f"article to {out / 'sources'} and sources.csv, its quotes to excerpts.csv): "
            f"{listed}{more}"
        )
