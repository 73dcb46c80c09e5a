"""The review page: pure builders of Dash components. All data goes in as text children,
which Dash escapes, so markup in any field or article is shown, never run."""

from __future__ import annotations

from dash import dcc, html

from timeline.model.dataset import Dataset
from timeline.model.schema import DATE_BASES
from timeline.review import ids
from timeline.review.actions import excerpt_value
from timeline.review.state import GROUP, GROUP_REASON, STATUS, State, names_of
from timeline.web.components.details import marked

SHORTCUTS = (
    ("j / k", "next / previous candidate"),
    ("x or space", "check the candidate (for bulk actions and merges)"),
    ("a", "accept"),
    ("r", "reject"),
    ("d", "defer"),
    ("m", "merge the checked candidates"),
    ("g", "merge the proposed group"),
    ("e", "edit the candidate"),
    ("u", "undo"),
    ("shift+u", "redo"),
)
BUTTONS = (
    (ids.ACCEPT, "Accept", "a"),
    (ids.REJECT, "Reject", "r"),
    (ids.DEFER, "Defer", "d"),
    (ids.MERGE, "Merge checked", "m"),
    (ids.UNDO, "Undo", "u"),
    (ids.REDO, "Redo", "shift+u"),
)


def candidate_row(event: dict[str, str], n_excerpts: int) -> str:
    """One candidate as the list shows it: status, date, title, excerpts and proposed group.
    Plain text: Dash 4's checklist fails on focus when its labels are components."""
    row = f"{event[STATUS].upper()} · {event['date']} · {event['title']} · "
    row += f"{n_excerpts} excerpt{'s' if n_excerpts != 1 else ''}"
    if event.get(GROUP):
        row += f" · proposed group {event[GROUP]}: {event.get(GROUP_REASON) or ''}"
    return row


def candidate_options(state: State) -> list[dict]:
    """The checklist's options: candidates not rejected, each group's members together."""
    counts: dict[str, int] = {}
    for excerpt in state["excerpts"]:
        counts[excerpt["event_id"]] = counts.get(excerpt["event_id"], 0) + 1
    shown = [e for e in state["events"] if e[STATUS] != "rejected"]
    first: dict[str, int] = {}
    for position, event in enumerate(shown):
        first.setdefault(event.get(GROUP) or f"\0{event['id']}", position)
    shown.sort(key=lambda e: first[e.get(GROUP) or f"\0{e['id']}"])
    return [{"label": candidate_row(e, counts.get(e["id"], 0)), "value": e["id"]} for e in shown]


def counts_text(state: State) -> str:
    """'3 accepted, 1 deferred, 10 candidates, 2 rejected'."""
    tally = {s: 0 for s in ("accepted", "deferred", "candidate", "rejected")}
    for event in state["events"]:
        tally[event[STATUS]] += 1
    return ", ".join(f"{n} {s}" for s, n in tally.items())


def article_view(dataset: Dataset, source_id: str, quotes: list[str]) -> list:
    """The article as paragraphs, with the event's quotes in it marked."""
    article = dataset.articles.get(source_id)
    if article is None:
        return [html.P("Choose an article to read.", className="details-hint")]
    spans = sorted(s for q in quotes if (s := article.locate(q)) is not None)
    paragraphs, offset = [], 0
    for line in article.text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        inside = [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]
        children: list = []
        cursor = start
        for a, b in inside:
            if a < cursor:
                continue
            children += marked(article.text[cursor:b], a - cursor, b - cursor)
            cursor = b
        children.append(article.text[cursor:end])
        paragraphs.append(html.P([c for c in children if c != ""]))
    return paragraphs


def _field(label: str, control: object) -> html.Div:
    """A control with its visible label, tied by ``for`` (screen readers and access.js)."""
    name = getattr(control, "id", None)
    return html.Div(
        [html.Label(label, htmlFor=name, className="field-label"), control], className="field"
    )


def _text(key: str, label: str, *, area: bool = False) -> html.Label:
    if area:
        box = dcc.Textarea(id=ids.FIELD[key], className="text-input", rows=2)
    else:
        box = dcc.Input(id=ids.FIELD[key], type="text", className="text-input", debounce=False)
    return _field(label, box)


def edit_form() -> html.Form:
    """The edit form of the event under the cursor; its values are set when the cursor moves."""
    basis = [{"label": b, "value": b} for b in DATE_BASES]
    return html.Form(
        [
            html.H3("Edit", id=ids.EDIT_HEADING),
            html.Div(
                [
                    _text("date", "Date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                    _text("end_date", "End date (optional)"),
                    _field(
                        "Date basis",
                        dcc.Dropdown(id=ids.FIELD["date_basis"], options=basis, clearable=False),
                    ),
                ],
                className="review-form-row",
            ),
            _text("note", "Note: how the date was established", area=True),
            _text("title", "Title"),
            _text("label", "Label on the chart (optional)"),
            _text("summary", "Summary", area=True),
            _field("Actors", dcc.Dropdown(id=ids.FIELD["actors"], multi=True)),
            _field(
                "New actors (; between names)",
                dcc.Input(id=ids.NEW_ACTORS, type="text", className="text-input"),
            ),
            _field("Themes", dcc.Dropdown(id=ids.FIELD["themes"], multi=True)),
            _field(
                "New themes (; between names)",
                dcc.Input(id=ids.NEW_THEMES, type="text", className="text-input"),
            ),
            html.Button("Save changes", id=ids.SAVE, type="button", n_clicks=0),
        ],
        className="review-form",
        **{"aria-labelledby": ids.EDIT_HEADING},
    )


def vocabulary_options(state: State, kind: str, chosen: str) -> list[dict]:
    """The declared names of a kind, plus any chosen one (so a value is never hidden)."""
    names = [v["name"] for v in state["vocabulary"] if v["kind"] == kind]
    names += [n for n in names_of(chosen) if n not in names]
    return [{"label": n, "value": n} for n in names]


def excerpt_items(state: State, event_id: str) -> list[html.Li]:
    """The current event's excerpts, each with its article."""
    return [
        html.Li([html.B(x["source_id"]), ": ", html.Q(x["quote"])])
        for x in state["excerpts"]
        if x["event_id"] == event_id
    ]


def excerpt_options(state: State, event_id: str) -> list[dict]:
    """The current event's excerpts as choices (choose some to split them off)."""
    return [
        {
            "label": html.Span([html.B(x["source_id"]), ": ", x["quote"]]),
            "value": excerpt_value(x["source_id"], x["quote"]),
        }
        for x in state["excerpts"]
        if x["event_id"] == event_id
    ]


def build_layout(title: str, sources: list[dict]) -> html.Div:
    """The whole page; its lists and form are filled by the callbacks."""
    toolbar = [
        html.Button(
            f"{label} ({key})",
            id=bid,
            type="button",
            n_clicks=0,
            **{"aria-keyshortcuts": key.replace("shift+u", "Shift+U")},
        )
        for bid, label, key in BUTTONS
    ]
    shortcuts = html.Details(
        [
            html.Summary("Keyboard shortcuts"),
            html.Dl([c for key, what in SHORTCUTS for c in (html.Dt(key), html.Dd(what))]),
        ],
        className="review-shortcuts",
        open=True,
    )
    candidates = html.Section(
        [
            html.H2("Candidates", id="review-candidates-heading"),
            html.Div(
                toolbar,
                className="review-toolbar",
                role="toolbar",
                **{"aria-label": "Review actions"},
            ),
            dcc.Checklist(
                id=ids.CANDIDATES,
                options=[],
                value=[],
                className="review-list",
                labelClassName="review-item",
            ),
        ],
        className="review-candidates",
        **{"aria-labelledby": "review-candidates-heading"},
    )
    detail = html.Section(
        [
            html.H2("Candidate", id="review-detail-heading"),
            html.Div(id=ids.GROUP_INFO),
            html.Button(
                "Merge the proposed group (g)", id=ids.MERGE_GROUP, type="button", n_clicks=0
            ),
            edit_form(),
            html.H3("Excerpts"),
            html.Ol(id=ids.EXCERPT_LIST, className="review-excerpts"),
            _field(
                "Excerpts to split off into a new event",
                dcc.Dropdown(id=ids.EXCERPTS, options=[], value=[], multi=True),
            ),
            html.Button(
                "Split the checked excerpts into a new event",
                id=ids.SPLIT,
                type="button",
                n_clicks=0,
            ),
            html.H3("Article"),
            _field(
                "Article to read",
                dcc.Dropdown(id=ids.ARTICLE_PICK, options=sources, clearable=False),
            ),
            html.P(
                "Select a passage in the article, then press Add as excerpt.",
                className="details-hint",
            ),
            html.Button("Add as excerpt", id=ids.ADD_EXCERPT, type="button", n_clicks=0),
            html.Div(id=ids.ARTICLE_VIEW, className="review-article article-text"),
        ],
        className="review-detail details",
        **{"aria-labelledby": "review-detail-heading"},
    )
    chart = html.Section(
        [
            html.H2("Accepted events", id="review-chart-heading"),
            dcc.Graph(id=ids.CHART, config={"displaylogo": False, "showSendToCloud": False}),
            html.H2("Finish"),
            _field(
                "Write the dataset to (default: beside the draft, named …-reviewed)",
                dcc.Input(id=ids.FINISH_PATH, type="text", className="text-input"),
            ),
            html.Button("Finish", id=ids.FINISH, type="button", n_clicks=0),
        ],
        className="review-chart",
        **{"aria-labelledby": "review-chart-heading"},
    )
    return html.Div(
        [
            html.Header(
                [html.H1(f"Review: {title}"), html.P(id=ids.COUNTS), shortcuts],
                className="page-header",
            ),
            html.P(
                id=ids.MESSAGE, role="status", **{"aria-live": "polite"}, className="review-message"
            ),
            html.Div([candidates, detail, chart], className="review-grid"),
            dcc.Store(id=ids.VERSION, data=0),
            dcc.Store(id=ids.CURRENT),
            dcc.Store(id=ids.SHOWN),
            dcc.Store(id=ids.SELECTION),
            dcc.Store(id=ids.FOCUS_SINK),
        ],
        className="page review-page",
    )
