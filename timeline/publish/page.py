"""The published page of a view: one HTML file that needs nothing else.

What it holds is the report's model of the view (its events in time order, each excerpt with
its ``[n]`` citation and the paragraph around it, the cited sources), the app's chart laid
out for a few container widths, the vendored plotly.js and the page's own script. Nothing of
an article but the paragraphs that hold quotes is shipped. A Content-Security-Policy allows
the page's two scripts by hash and no request of any kind, so a file meant for an embargoed
story cannot call out, even by mistake.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from typing import Any

import numpy as np
import orjson
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from timeline.chart.figure import timeline_parts
from timeline.chart.payload import figure_payload
from timeline.export.captions import credit_line, plot_width_for
from timeline.load.bundled import bundled_assets, plotly_bundle_name
from timeline.model.dataset import Dataset
from timeline.query.view import ViewState
from timeline.report.model import Entry, Source, build_model, matching

# The chart's widths (CSS px) it is laid out for: the page draws the widest that fits, at
# exactly that width, so every label sits where it was placed and measured (300: the room a
# 320 px phone leaves); each step is at most about a quarter wider than the one before.
WIDTHS = (300, 380, 460, 580, 740, 940, 1180, 1560)
# what a reader of the page can do about events left unlabelled (there is no zoom here)
UNLABELLED_ADVICE = "every event is in the list below the chart"
HEIGHT_MESSAGE = "timeline:height"  # what the page posts to an embedding page: its height
EVENT_DOTS = "event-dots"  # the ``meta`` of traces whose points are events (see publish.js)


@dataclass(frozen=True)
class Published:
    """A published page and what ``timeline publish`` says about it."""

    html: str
    events: int
    title: str


def publish_page(dataset: Dataset, view: ViewState, *, title: str | None = None) -> Published:
    """The page of ``view``: its filters and window choose the events published, its lanes
    and axis the chart; a reader then narrows what is highlighted within them. Raises the
    report's ``ExportError`` when no event is in view (nothing to publish)."""
    events = matching(dataset, view)
    report = build_model(dataset, view, events, title=title)
    figures, hover = _figures(dataset, view)
    data = {
        "title": report.title,
        "description": report.description,
        "scope": report.scope,
        "credit": credit_line(dataset),
        "group": view.group,
        "actors": _used(dataset.actors, report.entries, "actors"),
        "themes": _used(dataset.themes, report.entries, "themes"),
        "events": [
            _event(row, entry) for row, entry in zip(events.index, report.entries, strict=True)
        ],
        "sources": [_source(s) for s in report.sources],
        "figures": figures,
        "hover": hover,
        "template": figure_payload({"data": [], "layout": {}})["layout"]["template"],
        "message": HEIGHT_MESSAGE,
        "wrote": f"Summary, actors and themes: {report.voice.wrote}, not quoted from a source.",
        "dots": EVENT_DOTS,
    }
    scripts = [_read_asset(plotly_bundle_name()), _own("publish.js")]
    html = (
        _environment()
        .get_template("page.html")
        .render(
            report=report,
            events=data["events"],
            facets=[("actor", "Actors", data["actors"]), ("theme", "Themes", data["themes"])],
            credit=data["credit"],
            dense=not any(t.get("meta") == EVENT_DOTS for t in figures[0]["data"]),
            draft=report.voice.notice,
            data=Markup(script_json(data)),  # escaped for a script element
            scripts=[Markup(s) for s in scripts],  # our own files (see content_security_policy)
            style=Markup(_own("publish.css")),
            csp=content_security_policy(scripts),
        )
    )
    # the embed's title (the iframe's accessible name) says DRAFT as the page does
    return Published(html=html, events=len(events), title=report.voice.marked(report.title))


def content_security_policy(scripts: list[str]) -> str:
    """Nothing may be fetched, sent or framed in; only these inline scripts run (by hash).
    Inline style is allowed: plotly.js styles its SVG as it draws, and a style asks nothing
    of the network once ``default-src`` is ``'none'``."""
    for script in scripts:
        if "</script" in script.lower():  # would end the element early: refuse, never patch
            raise ValueError("a script holds '</script' and cannot be inlined")
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def script_json(value: Any) -> str:
    """``value`` as JSON that can sit in a ``<script type="application/json">`` element: no
    ``<``, ``>`` or ``&`` that could end it or start markup, and no line separators."""
    text = orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY).decode()
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _figures(dataset: Dataset, view: ViewState) -> tuple[list[dict], dict[str, str]]:
    """The chart of ``view`` laid out for each of :data:`WIDTHS` (the app's figure; no zoom:
    a window is chosen when publishing, so every label stays where it was placed), and the
    hover text of each event drawn, by row: the same at every width, so written once."""
    kept = dataset.events[view.matching(dataset)]
    drawn = replace(view, event=None)
    figures, hover = [], {}
    for width in WIDTHS:
        plot = plot_width_for(width, dataset, view.group)
        parts = timeline_parts(
            kept, dataset=dataset, view=drawn, width_px=plot, advice=UNLABELLED_ADVICE
        )
        for trace in parts["data"]:
            # the events' dots hold their rows as a plain list (a density cell's count is an
            # array): marked for the page's script, which reads which dot is which event
            if not isinstance(trace.get("customdata"), list):
                continue
            trace["meta"] = EVENT_DOTS
            rows = np.asarray(trace["customdata"], dtype="int64")
            texts = trace.pop("hovertext", None)
            if texts is not None:
                for row, text in zip(rows.tolist(), list(texts), strict=True):
                    hover.setdefault(str(row), str(text))
            trace.update(customdata=rows, x=np.asarray(trace["x"]), y=np.asarray(trace["y"]))
        parts = figure_payload(parts)
        layout = parts["layout"]
        layout.pop("template", None)  # shipped once, beside the figures
        layout.update(width=width, autosize=False, dragmode=False)
        for axis in ("xaxis", "yaxis"):
            layout.setdefault(axis, {})["fixedrange"] = True
        figures.append({"min": width, "data": parts["data"], "layout": layout})
    return figures, hover


def _event(row: Any, entry: Entry) -> dict:
    return {
        "row": int(row),
        "id": entry.id,
        "date": entry.date,
        "title": entry.title,
        "summary": entry.summary,
        "actors": list(entry.actors),
        "themes": list(entry.themes),
        "basis": entry.basis_text,
        "note": entry.note,
        "quotes": [
            {"n": q.number, "text": q.text, "context": q.context, "mark": list(q.mark)}
            for q in entry.quotes
        ],
    }


def _source(source: Source) -> dict:
    return {
        "n": source.number,
        "title": source.title,
        "outlet": source.outlet,
        "author": source.author,
        "published": source.published_text,
        "url": source.link,  # an http(s) address or nothing: never a script
        "accessed": source.accessed,
        "note": source.note,
    }


def _used(vocabulary: tuple[str, ...], entries: tuple[Entry, ...], attr: str) -> list[str]:
    """The names the published events use, in the vocabulary's order."""
    used = {name for entry in entries for name in getattr(entry, attr)}
    return [name for name in vocabulary if name in used]


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("timeline.publish", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _read_asset(name: str) -> str:
    return (bundled_assets() / name).read_text(encoding="utf-8")


def _own(name: str) -> str:
    return (files("timeline.publish") / "static" / name).read_text(encoding="utf-8")
