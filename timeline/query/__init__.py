"""Narrowing events: the facets, the filters and the view state (the seam a database engine
would plug into)."""

from timeline.query.facets import FACETS, Filters
from timeline.query.filters import apply_filters, filter_mask, filter_problems
from timeline.query.view import ViewState

__all__ = ["FACETS", "Filters", "ViewState", "apply_filters", "filter_mask", "filter_problems"]
