"""The ``timeline`` command: check a dataset, serve the app, export charts.

Each command turns the library's errors into clean messages and exit codes: 0 on success,
1 when the dataset or the request is invalid, 2 for usage errors (click's own).
"""

from __future__ import annotations

from pathlib import Path

import click

from timeline.export.files import FORMATS as EXPORT_FORMATS
from timeline.export.tables import SPREADSHEET_SAFE_HELP, SPREADSHEET_SAFE_NOTE
from timeline.options import (
    check_or_exit,
    data_option,
    engine_option,
    image_size_options,
    in_memory,
    load_or_exit,
    open_or_exit,
    output_folder_option,
    output_option,
    title_option,
    view_data_or_exit,
    view_options,
    written,
)
from timeline.web.renders import DEFAULT_RENDERS, MAX_RENDERS  # constants: a light import
from timeline.web.renders import ENV_VAR as RENDERS_ENV_VAR

SYNTH_FORMATS = ("csv", "parquet")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="timeline")
def main() -> None:
    """A source-grounded timeline: dated events tied to the verbatim words of their sources."""


@main.command()
@click.argument(
    "folder", required=False, type=click.Path(file_okay=False, path_type=Path), default=None
)
@engine_option("check")
def check(folder: Path | None, engine: str | None) -> None:
    """Validate a dataset FOLDER (default: the bundled one) and summarise it."""
    if in_memory(folder, engine):
        dataset = load_or_exit(folder)
        click.echo(f"ok: {dataset.summary()}")
        return
    from timeline.pack.check import check_pack
    from timeline.query.ibis_engine import EngineUnreachable

    assert folder is not None  # a pack is never the bundled dataset
    try:
        summary, warnings = check_or_exit(
            folder, lambda: check_pack(folder, engine=engine or "duckdb")
        )
    except EngineUnreachable as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"ok: {summary} (checked on {engine or 'duckdb'})")


@main.command(name="export")
@data_option
@view_options
@title_option("Chart")
@click.option("--spreadsheet-safe", is_flag=True, help=SPREADSHEET_SAFE_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="Output format (default: the one the output's extension names; .json is timelinejs).",
)
@image_size_options
@engine_option("read")
@output_option(".png, .svg, .pdf, .html (interactive, offline), .csv or .json (TimelineJS)")
def export_command(
    data_dir: Path | None,
    title: str | None,
    width: int,
    height: int,
    scale: float,
    engine: str | None,
    out: Path,
    spreadsheet_safe: bool,
    fmt: str | None,
    **options: object,
) -> None:
    """Export the filtered timeline as an image, an offline HTML page, a CSV or a TimelineJS
    JSON file."""
    from timeline.export import ExportError, ImageSize, export
    from timeline.model.dataset import counted

    dataset, view = view_data_or_exit(data_dir, engine, options)
    with written(out, ExportError):
        size = ImageSize(width, height, scale)
        count = export(
            dataset, view, out, size=size, title=title, spreadsheet_safe=spreadsheet_safe, fmt=fmt
        )
    click.echo(f"wrote {out} ({counted(count, 'event')})")
    if spreadsheet_safe and (fmt or out.suffix.lower().lstrip(".")) == "csv":
        click.echo(f"note: {SPREADSHEET_SAFE_NOTE}")


@main.command()
@data_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8050,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Requests served at once (waitress worker threads).",
)
@click.option(
    "--renders",
    default=DEFAULT_RENDERS,
    show_default=True,
    type=click.IntRange(1, MAX_RENDERS),
    envvar=RENDERS_ENV_VAR,
    show_envvar=True,
    help="Reports made at once, each with a browser; more are answered 'busy'. "
    "Must be below --threads.",
)
@engine_option("serve")
@click.option("--debug", is_flag=True, help="Dash debug mode with reloading (development only).")
def serve(
    data_dir: Path | None,
    host: str,
    port: int,
    threads: int,
    renders: int,
    engine: str | None,
    debug: bool,
) -> None:
    """Serve the interactive timeline of a dataset in the browser."""
    from timeline.model.dataset import Dataset
    from timeline.web.app import create_app
    from timeline.web.renders import RenderPool, check_threads
    from timeline.web.server import BadHost, check_host, is_loopback, serve_options, wsgi_for

    try:
        check_host(host)
        check_threads(renders, threads)
    except (BadHost, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    dataset = open_or_exit(data_dir, engine, masks=True)
    app = create_app(dataset, renders=RenderPool(renders))
    if not is_loopback(host):
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can open the app; "
            "put it behind a reverse proxy instead (see the README)",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    where = (
        "" if isinstance(dataset, Dataset) else f" (read where it lies, on {engine or 'duckdb'})"
    )
    click.echo(f"ok: {dataset.summary()}{where}")
    click.echo(f"Serving the timeline at http://{shown}:{port}/  (Ctrl+C to stop)")
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    import waitress

    try:
        waitress.serve(wsgi_for(app.server, host), host=host, port=port, **serve_options(threads))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        click.echo(f"error: cannot listen on {host}:{port}: {reason}", err=True)
        raise SystemExit(1) from None


@main.command()
@click.option("--events", required=True, type=click.IntRange(1), help="Number of events.")
@output_folder_option("Dataset folder to write (must not exist, or be empty).")
@click.option("--seed", default=0, show_default=True, type=int, help="Same seed, same files.")
@click.option("--force", is_flag=True, help="Replace an existing dataset folder at --output.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(SYNTH_FORMATS),
    default="csv",
    show_default=True,
    help="csv: a dataset folder of CSV files and articles; parquet: a packed dataset, as "
    "`timeline pack` writes it. Either is written a part of 250,000 events at a time, in "
    "bounded memory.",
)
def synth(events: int, out: Path, seed: int, force: bool, fmt: str) -> None:
    """Write a synthetic dataset of N events (for trying the app and benchmarks at scale),
    as CSV files or, with --format parquet, packed."""
    import time

    from timeline.synth import generate_dataset

    started = time.perf_counter()
    from timeline.pack.writer import PackError

    writer = None
    if fmt == "parquet":
        from timeline.pack.stream import write_parts

        writer = write_parts
    try:
        generate_dataset(out, events=events, seed=seed, overwrite=force, writer=writer)
    except PackError as exc:
        click.echo(f"error: {exc}; nothing was written to {out}", err=True)
        raise SystemExit(1) from None
    except FileExistsError as exc:
        hint = "" if force else "; pass --force to replace it"
        click.echo(f"error: {exc}{hint}", err=True)
        raise SystemExit(1) from None
    except OSError as exc:
        click.echo(f"error: cannot write {out}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from None
    took = time.perf_counter() - started
    click.echo(f"wrote {out}: {events} events (seed {seed}) in {took:.1f} s")


def _register_optional_commands() -> None:
    """Commands that live with their own subpackage (imported lazily by click on use)."""
    from timeline.draft.command import draft
    from timeline.interchange.command import import_group
    from timeline.pack.command import pack
    from timeline.publish.command import publish
    from timeline.report.command import report
    from timeline.review.command import review

    main.add_command(report)
    main.add_command(review)
    main.add_command(draft)
    main.add_command(import_group)
    main.add_command(publish)
    main.add_command(pack)


_register_optional_commands()
