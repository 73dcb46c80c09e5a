"""Options and helpers shared by the commands: the dataset folder, the output (one spelling,
``-o/--output``), the image size, and the view (the same filters, lanes, axis and zoom window
the app's URL describes, under the same names)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from timeline.export.images import MAX_PIXELS, MAX_SCALE, MAX_SIDE, MIN_SCALE, MIN_SIDE, ImageSize
from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.problems import DatasetError
from timeline.model.text import check_text_option
from timeline.query.fields import Field, read_strict
from timeline.query.filters import filter_problems
from timeline.query.view import ALL_FIELDS, ViewState, view_from

if TYPE_CHECKING:  # the engines' imports are heavy: a CSV folder's commands need none
    from timeline.query.pack_source import OpenPack

T = TypeVar("T")

DATA_HELP = (
    "Dataset folder (events.csv, excerpts.csv, sources.csv, vocabulary.csv, sources/), "
    "or a packed one (manifest.json and Parquet files, from `timeline pack`)."
)
OUTPUT = ("-o", "--output", "out")  # every command's output, file or folder, is named so


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
        *OUTPUT,
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Output file: {formats}.",
    )


def title_option(what: str):  # type: ignore[no-untyped-def]
    """The shared ``--title`` option of the commands that write a titled chart, report or
    page (``what``: "Chart", "Report", "Page"); checked by the one text rule."""
    return click.option(
        "--title",
        default=None,
        callback=check_text_option,
        help=f"{what} title (default: the dataset's own title).",
    )


def output_folder_option(what: str):  # type: ignore[no-untyped-def]
    """The shared required ``-o/--output DIRECTORY`` option, for commands that write a folder."""
    return click.option(
        *OUTPUT, required=True, type=click.Path(file_okay=False, path_type=Path), help=what
    )


class _ShownIntRange(click.IntRange):
    """Bounds shown in ``--help`` ("200<=x<=4000") but checked by :meth:`ImageSize.problems`,
    with the limits a range cannot say (megapixels): every problem at once, exit 1."""

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        return click.INT.convert(value, param, ctx)


class _ShownFloatRange(click.FloatRange):
    """As :class:`_ShownIntRange`, for the scale."""

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        return click.FLOAT.convert(value, param, ctx)


def image_size_options(func):  # type: ignore[no-untyped-def]
    """``--width``, ``--height`` and ``--scale`` of a static image, with the bounds
    :mod:`timeline.export.images` sets (shown in ``--help``, checked there)."""
    default, side = ImageSize(), _ShownIntRange(MIN_SIDE, MAX_SIDE)
    func = click.option(
        "--scale",
        type=_ShownFloatRange(MIN_SCALE, MAX_SCALE),
        default=default.scale,
        show_default=True,
        help="Pixels per CSS pixel: a PNG is width×scale by height×scale pixels, at most "
        f"{MAX_PIXELS / 1e6:.0f} megapixels.",
    )(func)
    func = click.option(
        "--height",
        type=side,
        default=default.height,
        show_default=True,
        help="Chart height in CSS pixels (taller when its lanes need it).",
    )(func)
    return click.option(
        "--width",
        type=side,
        default=default.width,
        show_default=True,
        help="Chart width in CSS pixels.",
    )(func)


def exit_with_problems(folder: Path, exc: DatasetError) -> NoReturn:
    """Print a dataset's problems, one per line, as ``timeline check`` does; exit 1."""
    click.echo(f"{folder}: {exc}", err=True)
    click.echo(exc.report(), err=True)
    raise SystemExit(1) from None


ENGINE_NAMES = ("memory", "duckdb", "spark")  # and a standalone cluster, spark://HOST:PORT
_CLUSTER = re.compile(r"spark://[A-Za-z0-9.\-]+:[0-9]{1,5}")


def engine_name(value: str | None) -> str | None:
    """An ``--engine`` value as given, or a usage error that lists what is expected."""
    if value is None or value in ENGINE_NAMES or _CLUSTER.fullmatch(value):
        return value
    expected = ", ".join(ENGINE_NAMES) + " or spark://HOST:PORT"
    raise click.BadParameter(f"{value!r} is not an engine; expected {expected}")


def engine_option(what: str):  # type: ignore[no-untyped-def]
    """The shared ``--engine`` option: where a packed dataset is read (``what``: what for)."""
    return click.option(
        "--engine",
        default=None,
        metavar="ENGINE",
        callback=lambda _ctx, _param, value: engine_name(value),
        help=f"Where to {what} a packed dataset: duckdb (the default: out of core, nothing "
        "loaded whole), spark (a local session), spark://HOST:PORT (a standalone cluster) or "
        "memory (loaded whole). A CSV folder is always loaded whole, in memory.",
    )


def in_memory(folder: Path | None, engine: str | None) -> bool:
    """Whether a dataset is read whole (a CSV folder, or ``--engine memory``), else opened
    on an engine where it lies; asking an engine for a CSV folder is a usage error."""
    from timeline.model.pack_format import is_packed

    packed = folder is not None and is_packed(folder)
    if packed and engine != "memory":
        return False
    if not packed and engine not in (None, "memory") and (folder is None or folder.is_dir()):
        raise click.BadParameter(
            f"{folder or 'the bundled dataset'} is a CSV folder, read in memory; "
            "pack it (timeline pack) to read it on an engine",
            param_hint="'--engine'",
        )
    return True


def open_or_exit(
    folder: Path | None, engine: str | None, *, masks: bool = False
) -> Dataset | OpenPack:
    """A dataset loaded whole, or a pack opened on its engine (see :func:`in_memory`; with
    ``masks``, for a server, its lanes held as bits); its problems printed and exit 1, or,
    when the engine cannot be reached, one line and exit 1."""
    if in_memory(folder, engine):
        return load_or_exit(folder)
    from timeline.query.ibis_engine import EngineUnreachable
    from timeline.query.pack_source import open_pack

    assert folder is not None  # a pack is never the bundled dataset
    from timeline.query.engine import EngineFailed

    try:
        return check_or_exit(
            folder, lambda: open_pack(folder, engine=engine or "duckdb", masks=masks)
        )
    except (EngineUnreachable, EngineFailed) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None


def check_or_exit(folder: Path, check: Callable[[], T]) -> T:
    """``check()``'s answer, or every problem it raised printed and exit 1."""
    try:
        return check()
    except DatasetError as exc:
        exit_with_problems(folder, exc)


def load_or_exit(folder: Path | None) -> Dataset:
    """Load a dataset, or print every problem and exit 1 (never a traceback)."""
    folder = folder or bundled_data()
    try:
        dataset = load_dataset(folder)
    except DatasetError as exc:
        exit_with_problems(folder, exc)
    for warning in dataset.warnings:
        click.echo(f"warning: {warning}", err=True)
    return dataset


def _option(f: Field):  # type: ignore[no-untyped-def]
    """The click option of a view field, as its kind describes it."""
    settings = f.kind.option()
    choices = settings.pop("choices", None)
    return click.option(
        f.flag,
        f.attr,
        type=click.Choice(choices) if choices else None,
        show_default=bool(choices),
        callback=check_text_option,
        help=f.help,
        **settings,
    )


def view_options(func):  # type: ignore[no-untyped-def]
    """One option per view field (``--actor`` … ``--q``, ``--group-by``, ``--axis``,
    ``--window``): the same view the app's URL describes, with the same names."""
    for f in reversed(ALL_FIELDS):
        if f.flag:
            func = _option(f)(func)
    return func


def view_or_exit(dataset: Dataset, options: dict) -> ViewState:
    """The view the options describe (consumed from ``options``), or every problem and exit 1."""
    values, problems = {}, []
    for f in ALL_FIELDS:
        if f.flag:
            given = options.pop(f.attr)
            texts = list(given) if f.kind.multiple else [] if given is None else [given]
            values[f.attr], bad = read_strict(f, texts)
            problems += bad
    view = view_from(values)
    if not problems:  # names are checked against the dataset once the text is valid
        problems = filter_problems(dataset, view.filters)
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(1)
    return view


ENGINE_VIEW_LIMIT = 20_000  # events an export or a report reads from a pack, at most


def view_data_or_exit(
    folder: Path | None, engine: str | None, options: dict
) -> tuple[Dataset, ViewState]:
    """The dataset an export or a report of the options' view is made from, and the view:
    the dataset loaded whole, or, for a pack opened on an engine, the events in view read
    from it (at most :data:`ENGINE_VIEW_LIMIT`; more is an error saying how to narrow)."""
    opened = open_or_exit(folder, engine)
    if isinstance(opened, Dataset):
        return opened, view_or_exit(opened, options)
    view = view_or_exit(opened.base, options)
    from timeline.query.engine import EngineFailed

    assert folder is not None  # a pack is never the bundled dataset
    try:
        data = check_or_exit(
            folder, lambda: opened.slice(view, limit=ENGINE_VIEW_LIMIT, articles=True)
        )
        in_view = opened.count(view) if data is None else 0
    except EngineFailed as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    if data is None:
        click.echo(
            f"error: {in_view:,} events are in view; read from a pack, at most "
            f"{ENGINE_VIEW_LIMIT:,} are: narrow the filters or the --window",
            err=True,
        )
        raise SystemExit(1)
    return data, view


@contextmanager
def written(out: Path, *expected: type[Exception]) -> Iterator[None]:
    """Around a command's writing: an ``expected`` error (its message is one sentence) and an
    ``OSError`` ("cannot write OUT: reason") become one ``error:`` line and exit 1."""
    try:
        yield
    except expected as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    except OSError as exc:
        click.echo(f"error: cannot write {out}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from None
