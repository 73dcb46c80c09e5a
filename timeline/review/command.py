"""The `timeline review` command: a click command the main command group registers."""

from __future__ import annotations

from pathlib import Path

import click

from timeline.options import OUTPUT, exit_with_problems, load_or_exit, written
from timeline.review.state import ReviewError

DEFAULT_PORT = 8060


def _open_store(folder: Path):  # type: ignore[no-untyped-def]
    """The review store of ``folder``, or a clear error and exit 1."""
    from timeline.model.problems import DatasetError
    from timeline.review.store import BASE_DIR, REVIEW_DIR, ReviewStore

    if not (folder / REVIEW_DIR / BASE_DIR).is_dir():
        load_or_exit(folder)  # a broken draft's problems, located, as `timeline check` says them
    try:
        return ReviewStore(folder)
    except DatasetError as exc:
        exit_with_problems(folder, exc)
    except ReviewError as exc:
        click.echo(f"error: {folder}: {exc}", err=True)
        raise SystemExit(1) from None
    except OSError as exc:
        click.echo(f"error: {folder}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from None


@click.command(name="review")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address only.")
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port, printed).",
)
@click.option("--finish", "finish_now", is_flag=True, help="Write the accepted events and exit.")
@click.option(
    *OUTPUT,
    type=click.Path(path_type=Path),
    default=None,
    help="With --finish: the dataset folder to write (default: DIR-reviewed beside DIR).",
)
def review(folder: Path, host: str, port: int, finish_now: bool, out: Path | None) -> None:
    """Review a draft DIR in the browser: accept, merge, edit and cite, with every change
    logged in DIR/review-log.jsonl; --finish writes the accepted events as a dataset."""
    from timeline.web.server import BadHost, check_host, is_loopback

    if out is not None and not finish_now:
        raise click.BadParameter("is only used with --finish", param_hint="'-o' / '--output'")
    try:
        check_host(host)
    except BadHost as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    if not is_loopback(host):
        click.echo(
            f"error: --host {host!r}: the review writes files, so it listens on this machine "
            "only; use 127.0.0.1",
            err=True,
        )
        raise SystemExit(1)
    store = _open_store(folder)
    if finish_now:
        _finish(store, out)
        return
    _serve(store, host, port)


def _finish(store, out: Path | None) -> None:  # type: ignore[no-untyped-def]
    from timeline.review.finish import default_output, finish

    target = out or default_output(store.folder)
    with written(target, ReviewError):
        summary = finish(store.folder, store.state, target)
    click.echo(f"wrote {target}: {summary}")


def _serve(store, host: str, port: int) -> None:  # type: ignore[no-untyped-def]
    from timeline.review.app import create_review_app, new_token
    from timeline.web.server import create_server

    token = new_token()
    app = create_review_app(store, token=token)
    try:
        server = create_server(app.server, host=host, port=port)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        click.echo(f"error: cannot listen on {host}:{port}: {reason}", err=True)
        raise SystemExit(1) from None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Reviewing {store.folder} at http://{shown}:{server.effective_port}/?token={token}")
    click.echo("(the token in the address is required; Ctrl+C to stop)", nl=True)
    server.run()
