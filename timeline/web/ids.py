"""Every Dash component id of the app, in one place, so layout, callbacks and tests agree."""

from __future__ import annotations

# Page state
URL = "url"
NOTICES = "notices"
DATASET_PROBLEMS = "dataset-problems"  # shown when edited files are invalid
DATASET_WARNINGS = "dataset-warnings"  # the served dataset's warnings, collapsed

# Filters: one control per facet field, named after its Filters attribute (see control())
ACTORS = "filter-actors"
THEMES = "filter-themes"
SOURCES = "filter-sources"
DATE_FROM = "filter-from"
DATE_TO = "filter-to"
QUERY = "filter-query"
RESET = "filter-reset"
_FILTER_IDS = {
    "actors": ACTORS,
    "themes": THEMES,
    "sources": SOURCES,
    "date_from": DATE_FROM,
    "date_to": DATE_TO,
    "query": QUERY,
    "group": "view-group",
    "axis": "view-axis",
}


def control(attr: str) -> str:
    """The id of the control for a field (a Filters attribute, ``group`` or ``axis``)."""
    return _FILTER_IDS.get(attr, f"filter-{attr.replace('_', '-')}")


# View options
GROUP = _FILTER_IDS["group"]
AXIS = _FILTER_IDS["axis"]
PRESETS = "view-presets"
COUNT = "event-count"

# Chart
GRAPH = "timeline-graph"
EXPORT_CONTAINER = "export-container"  # holds the "Export PNG" control
EXPORT_SIZE = "export-size"
EXPORT_BUTTON = "export-button"
EXPORT_STATUS = "export-status"
EXPORT_REQUEST = "export-request"  # dcc.Store: the browser's current x range, per click
EXPORT_JOB = "export-job"  # dcc.Store: the figure and image options to render
REPORT_FORMAT = "report-format"
REPORT_BUTTON = "report-button"
REPORT_STATUS = "report-status"
REPORT_DOWNLOAD = "report-download"  # dcc.Download: the report file

# Event list and provenance
EVENT_LIST = "event-list"  # holds the rows' <ol> and the note under it
EVENT_ROWS = "event-rows"  # <ol>: its rows are written by assets/timeline.js (listRows)
ROWS = "event-rows-data"  # dcc.Store: the rows to write, as plain data
LIST_NOTE = "event-list-note"  # "showing the first 100 of N", or why nothing is listed
DETAILS = "event-details"
DETAILS_CLOSE = "details-close"
VIEWPORT = "viewport"  # dcc.Store: the browser window's width, to space compressed-axis ticks
LINK_SINK = "link-sink"  # dcc.Store written by the clientside list-link installer
SCROLL_SINK = "scroll-sink"  # dcc.Store written by the clientside scroll-to-details callback
DETAILS_PANEL = "details-panel"
ZOOM = "zoom"  # dcc.Store: {"range": [from, to] | None} after the user zooms the chart
FIRST_VIEW = "first-view"  # dcc.Store: the key of the view drawn into the layout, or None

# Keyboard, screen reader and phone access (timeline/web/access.py, assets/access.js)
SKIP_LINKS = "skip-links"
CHART_REGION = (
    "chart-region"  # <details> holding the chart (a skip link's target); closed on phones
)
LIST_REGION = "events-shown"  # a skip link's target: the event list, the chart's text alternative
FILTERS_DISCLOSURE = "filters-disclosure"  # <details> holding the filters; closed on phones
FOCUS_SINK = "focus-sink"  # dcc.Store written by the clientside focus mover
