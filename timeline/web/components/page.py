"""The page: filters, view options, the chart, the event list and the provenance panel.

Built from a dataset's vocabulary only (nothing here knows a particular dataset). Every
control has a visible label; ids come from :mod:`timeline.web.ids`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from timeline.model.dataset import Dataset, date_span
from timeline.model.problems import Problem
from timeline.query.facets import FACETS, Facet, combine_text
from timeline.query.fields import Field
from timeline.query.view import PRESETS, VIEW_FIELDS
from timeline.web import ids
from timeline.web.components.access import chart_note, disclosure, skip_links
from timeline.web.components.details import placeholder
from timeline.web.components.export_control import export_controls, report_controls
from timeline.web.controls import MAX_OPTIONS, offered

GRAPH_CONFIG = {
    "showSendToCloud": False,
    "displaylogo": False,
    "responsive": True,
    # the camera button would download the chart without its caption: "Export PNG" replaces it
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "toImage"],
    "toImageButtonOptions": {"format": "png", "filename": "timeline", "scale": 2},
}
PRESET_OPTIONS = [
    {"label": "All", "value": "all"},
    *({"label": label, "value": key} for key, (label, _) in PRESETS.items()),
]


def plot_width(viewport: Any) -> int:
    """Expected plot width in px from the window width (lane labels and padding taken off);
    the breakpoints are those of ``assets/style.css``."""
    try:
        width = float(viewport)
    except (TypeError, ValueError, OverflowError):
        return 900
    page = min(width, 1440)
    main = page * 0.64 if page >= 1100 else page - 24
    return int(max(240, main - 150))


def describe(dataset: Dataset, span: str | None = None) -> str:
    """The one-line description under the title, from the dataset's own numbers (``span``:
    its events' span, when ``dataset`` does not hold them all)."""
    n_events, n_sources = dataset.total, len(dataset.sources)
    span = span or (date_span(dataset.events) if len(dataset.events) else "")
    span = f" from {span}" if n_events and span else ""
    return (
        f"{n_events:,} dated events{span}, each tied to the exact words of the "
        f"{n_sources:,} source articles that report it. Click an event to read them."
    )


# Dash's own labels (it takes all of them or none), but for Select All in a long list
LONG_LIST_LABELS = {
    "select_all": "Select all shown",
    "deselect_all": "Deselect All",
    "selected_count": "{num_selected} selected",
    "search": "Search",
    "clear_search": "Clear search",
    "clear_selection": "Clear selection",
    "no_options_found": "No options found",
}


def _field(label: str, control: object, control_id: str, hint: str | None = None) -> html.Div:
    children: list = [html.Label(label, htmlFor=control_id, className="field-label"), control]
    if hint:
        # access.js points the control's aria-describedby at it
        children.append(html.Small(hint, className="field-hint", id=f"{control_id}-hint"))
    return html.Div(children, className="field")


def _control(facet: Facet, f: Field, dataset: Dataset) -> object:
    """The control of one facet field, as its kind describes it: a multi-select of the
    dataset's names, or a text box."""
    cid, props = ids.control(f.attr), f.kind.control_props()
    if f.kind.component == "dropdown":
        choices = facet.choices(dataset)
        # a long list offers some names at a time: its Select All takes those, and says so
        long = {"labels": LONG_LIST_LABELS} if len(choices) > MAX_OPTIONS else {}
        options = offered(choices, None, None)
        return dcc.Dropdown(id=cid, options=options, placeholder=f.placeholder, **props, **long)
    return dcc.Input(id=cid, placeholder=f.placeholder, className="text-input", **props)


def _hint(facet: Facet, f: Field, dataset: Dataset) -> str | None:
    """For a long list of names: how many there are, and that typing finds them."""
    n = len(facet.known(dataset)) if f.kind.component == "dropdown" else 0
    return f"{n:,} to choose from: type to find one." if n > MAX_OPTIONS else None


def filters_panel(dataset: Dataset) -> html.Section:
    """One control per facet field, how they combine, and reset."""
    fields = [
        _field(f.label, _control(facet, f, dataset), ids.control(f.attr), _hint(facet, f, dataset))
        for facet in FACETS
        for f in facet.fields
    ]
    return html.Section(
        [
            html.H2("Filters", className="visually-hidden"),
            html.Div(fields, className="filter-grid"),
            html.Div(
                [
                    html.P(combine_text(), className="combine", id="combine-text"),
                    html.Button("Reset all", id=ids.RESET, className="button", n_clicks=0),
                ],
                className="filter-footer",
            ),
        ],
        className="filters",
        **{"aria-label": "Filters"},
    )


def _toggle(label: str, control_id: str, *, options: list, value: str) -> html.Fieldset:
    # a native group: Dash's own listbox/option roles are taken off by assets/access.js
    return html.Fieldset(
        [
            html.Legend(label, className="toggle-label", id=f"{control_id}-label"),
            dcc.RadioItems(
                id=control_id,
                options=options,
                value=value,
                inline=True,
                className="toggle",
                inputClassName="toggle-input",
                labelClassName="toggle-option",
            ),
        ],
        className="toggle-group",
    )


def view_toolbar() -> html.Div:
    """Count, lanes, axis, zoom presets and the place for the export control."""
    return html.Div(
        [
            html.P(id=ids.COUNT, className="count", role="status", **{"aria-live": "polite"}),
            *(
                _toggle(f.label, ids.control(f.attr), **f.kind.control_props())
                for f in VIEW_FIELDS
                if f.kind.component == "toggle"
            ),
            _toggle("Show", ids.PRESETS, options=PRESET_OPTIONS, value="all"),
            html.Div(
                [export_controls(), report_controls()], id=ids.EXPORT_CONTAINER, className="export"
            ),
        ],
        className="toolbar",
    )


def details_panel() -> html.Aside:
    """The provenance panel; filled when an event is chosen."""
    return html.Aside(
        [
            html.Div(
                [
                    html.H2("Event and sources", className="panel-title"),
                    html.Button(
                        "Close",
                        id=ids.DETAILS_CLOSE,
                        className="button button-quiet",
                        n_clicks=0,
                        **{"aria-label": "Close the event details"},
                    ),
                ],
                className="panel-header",
            ),
            html.Div(placeholder(), id=ids.DETAILS, className="details-body"),
        ],
        id=ids.DETAILS_PANEL,
        className="details",
        **{"aria-label": "Event details"},  # opening one moves focus to its title
    )


def problems_banner(problems: Sequence[Problem], loaded_at: str | None) -> html.Section | None:
    """Shown when the dataset's files were edited into an invalid state: what is wrong, and
    that the last good version is still being shown."""
    if not problems:
        return None
    since = f" (loaded at {loaded_at})" if loaded_at else ""
    return html.Section(
        [
            html.H2(f"The dataset files have {len(problems)} problem(s)"),
            html.P(
                f"Showing the last good version of the data{since}. Fix the files and reload "
                "the page; nothing was lost."
            ),
            html.Ul([html.Li(str(p)) for p in problems[:50]]),
        ],
        id=ids.DATASET_PROBLEMS,
        className="dataset-problems",
        role="alert",
    )


def warnings_banner(warnings: Sequence[Problem]) -> html.Details | None:
    """The served dataset's warnings (events without excerpts, uncited sources…), collapsed:
    the data is usable, but an edit may have lost something."""
    if not warnings:
        return None
    return html.Details(
        [
            html.Summary(f"The dataset has {len(warnings)} warning(s)"),
            html.Ul([html.Li(str(w)) for w in warnings[:50]]),
        ],
        id=ids.DATASET_WARNINGS,
        className="dataset-warnings",
    )


def draft_banner(dataset: Dataset) -> html.P | None:
    """A draft says it is one beside the title, in words (not only in colour)."""
    voice = dataset.metadata.voice
    if not voice.mark:
        return None
    return html.P(voice.notice, className="draft-mark")


def build_layout(
    dataset: Dataset,
    *,
    title: str,
    problems: Sequence[Problem] = (),
    loaded_at: str | None = None,
    span: str | None = None,
) -> html.Div:
    """The whole page (``span``: the events' span, for a dataset read a view at a time)."""
    return html.Div(
        [
            skip_links(),
            problems_banner(problems, loaded_at),
            warnings_banner(dataset.warnings),
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.VIEWPORT),
            dcc.Store(id=ids.SCROLL_SINK),
            dcc.Store(id=ids.LINK_SINK),
            dcc.Store(id=ids.ZOOM),
            dcc.Store(id=ids.FOCUS_SINK),
            html.Header(
                [
                    html.H1(title),
                    draft_banner(dataset),
                    html.P(describe(dataset, span), className="description"),
                ],
                className="page-header",
            ),
            html.Main(
                [
                    html.Div(
                        [
                            disclosure("Filters", [filters_panel(dataset)], ids.FILTERS_DISCLOSURE),
                            view_toolbar(),
                            html.Ul(id=ids.NOTICES, className="notices", role="status"),
                            disclosure(
                                "Show chart",
                                [
                                    chart_note(),
                                    html.Div(
                                        dcc.Graph(
                                            id=ids.GRAPH,
                                            config=GRAPH_CONFIG,
                                            className="graph",
                                            figure={"data": [], "layout": {"height": 320}},
                                        ),
                                        className="graph-frame",
                                    ),
                                ],
                                ids.CHART_REGION,
                                class_name="chart-disclosure",
                            ),
                            html.Section(
                                [
                                    html.H2("Events shown", className="list-title"),
                                    html.Div(
                                        [
                                            html.Ol(id=ids.EVENT_ROWS, className="list"),
                                            html.P(id=ids.LIST_NOTE, className="list-note"),
                                            dcc.Store(id=ids.ROWS, data=[]),
                                        ],
                                        id=ids.EVENT_LIST,
                                    ),
                                ],
                                className="event-list",
                                id=ids.LIST_REGION,
                                tabIndex=-1,  # a skip link's target
                                **{"aria-label": "Events shown"},
                            ),
                        ],
                        className="main-column",
                    ),
                    details_panel(),
                ],
                className="page-grid",
            ),
        ],
        className="page",
    )
