"""What the page says when the dataset it is drawn from cannot answer: one line, never a
traceback, and the next request answered as usual."""

from __future__ import annotations

from timeline.model.problems import DatasetError
from timeline.query.engine import EngineFailed

# what a dataset read a view at a time can raise while answering: its engine failing, or
# rows of it not as they were written (both said on the page, never a traceback)
SERVED_FAILURES = (EngineFailed, DatasetError)


def failure_text(exc: Exception) -> str:
    """One line for the page: the engine's failure, or the first problem of the data."""
    if isinstance(exc, DatasetError):
        first = exc.problems[0] if exc.problems else exc
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        return f"The dataset has a problem{more}: {first}. `timeline check` lists them all."
    return f"{exc}. Try again, or change the view."
