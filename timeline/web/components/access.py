"""Page parts for keyboard, screen-reader and phone use: skip links, the note that the event
list is the chart's text alternative, and disclosures that fold away on narrow screens.

On wide screens the disclosures start open and their summaries are hidden; below the phone
breakpoint of ``assets/access.css`` ``assets/access.js`` closes them, so the first screen
holds the title and the events, with filters and chart one tap away.
"""

from __future__ import annotations

from dash import html

from timeline.web import ids


def skip_links() -> html.Nav:
    """Visible on focus: the first Tab stops of the page."""
    return html.Nav(
        [
            html.A("Skip to the event list", href=f"#{ids.LIST_REGION}", className="skip-link"),
            html.A("Skip to the chart", href=f"#{ids.CHART_REGION}", className="skip-link"),
        ],
        id=ids.SKIP_LINKS,
        className="skip-links",
        **{"aria-label": "Skip links"},
    )


def chart_note() -> html.P:
    """Tells screen-reader and keyboard users where the chart's marks are as text."""
    return html.P(
        "The chart's marks are not reachable from the keyboard: the event list below holds "
        "the same events (date, title, actors and number of sources), and each of its rows "
        "opens the event's sources.",
        className="visually-hidden chart-note",
    )


def disclosure(
    summary: str, children: list, disclosure_id: str, *, class_name: str = ""
) -> html.Details:
    """A <details> that is open on wide screens and folded behind ``summary`` on phones."""
    return html.Details(
        [html.Summary(summary, className="disclosure-summary"), *children],
        id=disclosure_id,
        open=True,
        tabIndex=-1,  # a skip link may land here
        className=f"disclosure {class_name}".strip(),
        **{"data-phone-collapse": "true"},
    )
