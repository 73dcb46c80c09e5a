"""The ``timeline publish`` command: the filtered view as one embeddable HTML page."""

from __future__ import annotations

import html
from pathlib import Path

import click

from timeline.options import (
    data_option,
    load_or_exit,
    output_option,
    title_option,
    view_options,
    view_or_exit,
)
from timeline.options import written as writing


def iframe_snippet(out: Path, title: str, message: str) -> str:
    """What to paste into an article: the page in an iframe that takes the height the page
    posts (``message``), as Datawrapper's and Flourish's embeds do; without the script the
    iframe keeps its first height and scrolls."""
    src = html.escape(out.name, quote=True)
    label = html.escape(title, quote=True)
    return (
        f'<iframe src="{src}" title="{label}" data-timeline-embed '
        'style="width:100%;height:900px;border:0" loading="lazy"></iframe>\n'
        "<script>window.addEventListener('message',function(e){"
        f"var h=e.data&&e.data['{message}'];if(typeof h!=='number')return;"
        "document.querySelectorAll('iframe[data-timeline-embed]').forEach(function(f){"
        "if(f.contentWindow===e.source)f.style.height=h+'px';});});</script>"
    )


@click.command(name="publish")
@data_option
@view_options
@title_option("Page")
@output_option(".html: one self-contained page to put on any static host or embed")
def publish(data_dir: Path | None, title: str | None, out: Path, **options: object) -> None:
    """Write the filtered timeline as one self-contained HTML page to embed in an article:
    the chart, the events, filters and every excerpt with its citation, with no request to
    anything outside the file. Prints the <iframe> snippet that embeds it."""
    from timeline.export.files import ExportError, atomic_write, guard_dataset
    from timeline.model.dataset import counted
    from timeline.publish.page import HEIGHT_MESSAGE, publish_page

    if out.suffix.lower() not in (".html", ".htm"):
        raise click.BadParameter(
            f"{out.name!r}: a published page is HTML; name it .html", param_hint="'-o' / '--output'"
        )
    dataset = load_or_exit(data_dir)
    view = view_or_exit(dataset, options)
    with writing(out, ExportError):
        guard_dataset(dataset, out)
        page = publish_page(dataset, view, title=title)
        data = page.html.encode("utf-8")
        atomic_write(out, data)
    click.echo(f"wrote {out} ({counted(page.events, 'event')}, {len(data) / 1e6:.1f} MB)")
    click.echo("embed it with:")
    click.echo(iframe_snippet(out, page.title, HEIGHT_MESSAGE))
