"""Narrowing a dataset's events: pure functions of (dataset, filters) -> mask or frame.

This is the seam a database engine would plug into: everything above it (the page, the
exports, the CLI) asks only for :func:`filter_mask` / :func:`apply_filters` and
:func:`filter_problems`. How selections combine is each facet's ``rule``
(:func:`~timeline.query.facets.combine_text`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.model.dataset import Dataset
from timeline.query.facets import FACETS, MAX_QUERY_LENGTH, Filters, date_bound

__all__ = [
    "MAX_QUERY_LENGTH",
    "Filters",
    "apply_filters",
    "date_bound",
    "filter_mask",
    "filter_problems",
]


def filter_problems(dataset: Dataset, filters: Filters) -> list[str]:
    """Why these filters cannot apply to this dataset: unknown names, bad dates. Empty if fine."""
    return [p for facet in FACETS for p in facet.problems(dataset, filters)]


def filter_mask(dataset: Dataset, filters: Filters) -> np.ndarray:
    """Boolean mask over ``dataset.events`` of the events that match. Unknown names match
    nothing; invalid dates do not narrow (see :func:`filter_problems` to report them)."""
    mask = np.ones(len(dataset.events), dtype=bool)
    for facet in FACETS:
        narrowed = facet.mask(dataset, filters, mask)
        if narrowed is not None:
            mask &= narrowed
    return mask


def apply_filters(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """The matching events, in time order, keeping their row positions as the index."""
    return dataset.events[filter_mask(dataset, filters)]
