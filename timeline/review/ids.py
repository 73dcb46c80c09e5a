"""Every component id of the review page, in one place, so layout, callbacks, the page's
script (``static/review.js``) and tests agree."""

from __future__ import annotations

MESSAGE = "review-message"  # what the last action did, or why it was refused
COUNTS = "review-counts"
VERSION = "review-version"  # bumped after every change: the page redraws from it
CURRENT = "review-current"  # the event under the cursor (set by the list and by j/k)
SHOWN = "review-shown"  # the event whose values the edit form holds (set when it is filled)
SELECTION = "review-selection"  # text selected in the article view: {source, text}
FOCUS_SINK = "review-focus-sink"

CANDIDATES = "review-candidates"  # the checklist of candidates: its value is the selection
ACCEPT, REJECT, DEFER = "review-accept", "review-reject", "review-defer"
MERGE, UNDO, REDO = "review-merge", "review-undo", "review-redo"
MERGE_GROUP = "review-merge-group"
GROUP_INFO = "review-group-info"

EDIT_HEADING = "review-edit-heading"
FIELD = {  # the edit form: one input per editable column
    "date": "review-date",
    "end_date": "review-end-date",
    "date_basis": "review-basis",
    "note": "review-note",
    "title": "review-title",
    "label": "review-label",
    "summary": "review-summary",
    "actors": "review-actors",
    "themes": "review-themes",
}
NEW_ACTORS, NEW_THEMES = "review-new-actors", "review-new-themes"
SAVE = "review-save"

EXCERPT_LIST = "review-excerpt-list"  # the current event's excerpts
EXCERPTS = "review-excerpts"  # the excerpts chosen to split off
SPLIT = "review-split"
ARTICLE_PICK = "review-article-pick"
ARTICLE_VIEW = "review-article"
ADD_EXCERPT = "review-add-excerpt"

CHART = "review-chart"
FINISH_PATH, FINISH = "review-finish-path", "review-finish"

ACTIONS = (ACCEPT, REJECT, DEFER, MERGE, UNDO, REDO, MERGE_GROUP, SAVE, SPLIT, ADD_EXCERPT, FINISH)
