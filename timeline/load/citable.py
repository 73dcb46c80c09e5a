"""Whether each article can be cited: a reader finds an article by the outlet that ran it or
by its address, so a source with neither is reported (a warning: the data is still valid).

An outlet the article does not name is written in square brackets, as a supplied title is
(``[not named in the article]``): that says the gap was looked into, and is not reported.
A ``sources.csv`` without the citation columns at all is the minimal format and is not
reported row by row.
"""

from __future__ import annotations

from timeline.load.tables import Collector, Table

CITATION_COLUMNS = ("outlet", "url")
UNCITABLE = (
    "cannot be cited: neither outlet nor url is given; name the outlet that ran the article "
    "or give its address (or, when the article names neither, say so in outlet in square "
    "brackets, e.g. [not named in the article], and why in note)"
)


def warn_uncitable(table: Table, out: Collector) -> None:
    """One warning per source of ``sources.csv`` with no outlet and no URL, on its line."""
    if all(column in table.absent for column in CITATION_COLUMNS):
        return
    frame = table.frame
    missing = (frame["outlet"] == "") & (frame["url"] == "") & (frame["id"] != "")
    out.rows(table, missing, "id", UNCITABLE, severity="warning")
