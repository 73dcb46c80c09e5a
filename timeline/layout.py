"""The page: filters, view options, the chart, the event list and the provenance panel.

Built from a dataset's vocabulary only (nothing here knows a particular dataset). Every
control has a visible label; ids come from :mod:`timeline.ids`.
"""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from timeline import ids
from timeline.dataset import Dataset, date_span
from timeline.details import placeholder
from timeline.export_control import export_controls
from timeline.problems import Problem

GRAPH_CONFIG = {
    "showSendToCloud": False,
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "filename": "timeline", "scale": 2},
}
COMBINE_TEXT = (
    "An event is shown when it has any of the chosen actors, and any of the chosen themes, "
    "and a quote from any chosen source, and falls within the dates, and contains every "
    "searched word (in its title, summary or quotes). Empty boxes do not narrow."
)
PRESETS = [
    {"label": "All", "value": "all"},
    {"label": "Last 5 years", "value": "5y"},
    {"label": "Last year", "value": "1y"},
    {"label": "Last 3 months", "value": "3m"},
]
DATE_PLACEHOLDER = "YYYY, YYYY-MM or YYYY-MM-DD"


def describe(dataset: Dataset) -> str:
    """The one-line description under the title, from the dataset's own numbers."""
    n_events, n_sources = len(dataset.events), len(dataset.sources)
    span = f" from {date_span(dataset.events)}" if n_events else ""
    return (
        f"{n_events} dated events{span}, each tied to the exact words of the "
        f"{n_sources} source articles that report it. Click an event to read them."
    )


def _field(label: str, control: object, control_id: str, hint: str | None = None) -> html.Div:
    children: list = [html.Label(label, htmlFor=control_id, className="field-label"), control]
    if hint:
        children.append(html.Small(hint, className="field-hint"))
    return html.Div(children, className="field")


def filters_panel(dataset: Dataset) -> html.Section:
    """Actor, theme and source pickers, date bounds, search, how they combine, reset."""
    sources = [
        {"label": f"{title} ({published})", "value": source_id}
        for source_id, title, published in zip(
            dataset.sources["id"],
            dataset.sources["title"],
            dataset.sources["published_label"],
            strict=True,
        )
    ]
    return html.Section(
        [
            html.H2("Filters", className="visually-hidden"),
            html.Div(
                [
                    _field(
                        "Actors",
                        dcc.Dropdown(
                            id=ids.ACTORS,
                            options=list(dataset.actors),
                            multi=True,
                            placeholder="Any actor",
                        ),
                        ids.ACTORS,
                    ),
                    _field(
                        "Themes",
                        dcc.Dropdown(
                            id=ids.THEMES,
                            options=list(dataset.themes),
                            multi=True,
                            placeholder="Any theme",
                        ),
                        ids.THEMES,
                    ),
                    _field(
                        "Source article",
                        dcc.Dropdown(
                            id=ids.SOURCES, options=sources, multi=True, placeholder="Any source"
                        ),
                        ids.SOURCES,
                    ),
                    _field(
                        "From",
                        dcc.Input(
                            id=ids.DATE_FROM,
                            type="text",
                            debounce=True,
                            placeholder=DATE_PLACEHOLDER,
                            className="text-input",
                        ),
                        ids.DATE_FROM,
                    ),
                    _field(
                        "To",
                        dcc.Input(
                            id=ids.DATE_TO,
                            type="text",
                            debounce=True,
                            placeholder=DATE_PLACEHOLDER,
                            className="text-input",
                        ),
                        ids.DATE_TO,
                    ),
                    _field(
                        "Search",
                        dcc.Input(
                            id=ids.QUERY,
                            type="search",
                            debounce=0.6,
                            placeholder="Words in title, summary or quotes",
                            maxLength=200,
                            className="text-input",
                        ),
                        ids.QUERY,
                    ),
                ],
                className="filter-grid",
            ),
            html.Div(
                [
                    html.P(COMBINE_TEXT, className="combine", id="combine-text"),
                    html.Button("Reset all", id=ids.RESET, className="button", n_clicks=0),
                ],
                className="filter-footer",
            ),
        ],
        className="filters",
        **{"aria-label": "Filters"},
    )


def _toggle(label: str, control_id: str, options: list, value: str) -> html.Div:
    return html.Div(
        [
            html.Span(label, className="toggle-label", id=f"{control_id}-label"),
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
        role="radiogroup",
        **{"aria-labelledby": f"{control_id}-label"},
    )


def view_toolbar() -> html.Div:
    """Count, lanes, axis, zoom presets and the place for the export control."""
    return html.Div(
        [
            html.P(id=ids.COUNT, className="count", role="status", **{"aria-live": "polite"}),
            _toggle(
                "Lanes",
                ids.GROUP,
                [{"label": "by actor", "value": "actor"}, {"label": "by theme", "value": "theme"}],
                "actor",
            ),
            _toggle(
                "Time axis",
                ids.AXIS,
                [
                    {"label": "compressed", "value": "compressed"},
                    {"label": "linear", "value": "linear"},
                ],
                "compressed",
            ),
            _toggle("Show", ids.PRESETS, PRESETS, "all"),
            html.Div(export_controls(), id=ids.EXPORT_CONTAINER, className="export"),
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
        **{"aria-label": "Event details", "aria-live": "polite"},
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


def build_layout(
    dataset: Dataset,
    *,
    title: str,
    problems: Sequence[Problem] = (),
    loaded_at: str | None = None,
) -> html.Div:
    """The whole page."""
    return html.Div(
        [
            problems_banner(problems, loaded_at),
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.VIEWPORT),
            dcc.Store(id=ids.SCROLL_SINK),
            dcc.Store(id=ids.LINK_SINK),
            dcc.Store(id=ids.ZOOM),
            html.Header(
                [html.H1(title), html.P(describe(dataset), className="description")],
                className="page-header",
            ),
            html.Main(
                [
                    html.Div(
                        [
                            filters_panel(dataset),
                            view_toolbar(),
                            html.Ul(id=ids.NOTICES, className="notices", role="status"),
                            html.Div(
                                dcc.Graph(
                                    id=ids.GRAPH,
                                    config=GRAPH_CONFIG,
                                    className="graph",
                                    figure={"data": [], "layout": {"height": 320}},
                                ),
                                className="graph-frame",
                            ),
                            html.Section(
                                [
                                    html.H2("Events shown", className="list-title"),
                                    html.Div(id=ids.EVENT_LIST),
                                ],
                                className="event-list",
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
