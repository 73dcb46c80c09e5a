"""Each event's lanes as the bits of an integer, in a DuckDB table held in memory.

A dense view of a pack asks two scans of every event: how many are in view (and their
span), and how many of each lane start in each time bin. Read from Parquet, both decode
every event's list of actor and theme names (at 20 million events, about 0.5 s and 0.8 s on
two cores). Held as bits (bit ``i`` of ``actors`` is the ``i``-th actor name of the pack),
the same questions are integer comparisons, and the density is a count per bin and lane
combination (a few thousand combinations), whose bits are then added up per lane.

Only for DuckDB (the table lives in its memory; Spark scans on a cluster's cores instead),
only for views whose filters are names, dates and a window (a source or a word is asked of
the excerpts and texts: :class:`~timeline.query.ibis_engine.IbisEngine` answers those from
the Parquet files), and only for packs of at most 63 names of a kind. The table is a cache
of the query table: the same rows, the same periods, each event's names once, as the loader
keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from timeline.query.engine import Kind, density_frame
from timeline.query.facets import Filters, search_terms

MAX_NAMES = 63  # bits of a signed 64-bit integer, the sign left alone
COLUMNS: dict[Kind, str] = {"actor": "actors", "theme": "themes"}


@dataclass(frozen=True)
class LaneMasks:
    """The table (``row``, ``start``, ``end``, ``actors`` and ``themes`` as bits) and the
    names each bit stands for, by kind."""

    table: Any
    names: dict[Kind, tuple[str, ...]]

    def answers(self, filters: Filters) -> bool:
        """Whether these filters can be asked of the bits (names, dates; no source, no word)."""
        return not filters.sources and not search_terms(filters.query)

    def chosen(self, kind: Kind, names: tuple[str, ...]) -> Any:
        """The events having any of ``names`` (a name the pack lacks has no bit: none)."""
        known = self.names[kind]
        bits = sum(1 << known.index(name) for name in names if name in known)
        return (self.table[COLUMNS[kind]] & bits) != 0

    def lane_counts(self, frame: pd.DataFrame, kind: Kind, keys: list[str]) -> pd.DataFrame:
        """Counts per combination of lanes (``mask``, ``n``, and ``keys``) as counts per lane:
        ``lane`` and ``keys``, with ``count``; empty cells left out."""
        masks = frame["mask"].to_numpy(dtype="int64")
        counts = frame["n"].to_numpy(dtype="int64")
        names = self.names[kind]
        parts = []
        for bit, name in enumerate(names):
            has = ((masks >> bit) & 1).astype(bool)
            if not has.any():
                continue
            part = frame.loc[has, keys].copy()
            part["lane"], part["count"] = name, counts[has]
            parts.append(part)
        if not parts:
            return pd.DataFrame({"lane": [], **{k: [] for k in keys}, "count": []})
        together = pd.concat(parts, ignore_index=True)
        return together.groupby(["lane", *keys], sort=True)["count"].sum().reset_index()


def build_lane_masks(con: Any, events_parquet: str) -> LaneMasks | None:
    """The table of bits over the engines' events table at ``events_parquet``, built by the
    ibis DuckDB backend ``con``; None when a kind has more than :data:`MAX_NAMES` names.
    A name listed twice in an event's list sets its bit once (bits are or-ed, not added)."""
    raw = con.con
    source = "read_parquet('" + events_parquet.replace("'", "''") + "')"
    names: dict[Kind, tuple[str, ...]] = {}
    for kind, column in COLUMNS.items():
        found = raw.execute(
            f"SELECT DISTINCT unnest({column}) AS name FROM {source} ORDER BY name"
        ).fetchall()
        names[kind] = tuple(str(name) for (name,) in found if name is not None)
        if len(names[kind]) > MAX_NAMES:
            return None
    bits = ", ".join(
        f"list_reduce(list_prepend(0::BIGINT, list_transform({column}, lambda x: "
        f"(1::BIGINT << (list_position({_literal(names[kind])}, x) - 1)))), "
        f"lambda a, b: a | b) AS {column}"
        for kind, column in COLUMNS.items()
    )
    table = f"timeline_lanes_{abs(hash(events_parquet))}"
    raw.execute(
        f'CREATE OR REPLACE TABLE {table} AS SELECT row, start, "end", {bits} FROM {source}'
    )
    return LaneMasks(con.table(table), names)


def _literal(names: tuple[str, ...]) -> str:
    """A SQL list of strings."""
    return "[" + ", ".join("'" + n.replace("'", "''") + "'" for n in names) + "]"


def expand_choices(masks: LaneMasks, frame: pd.DataFrame, kind: Kind) -> list[tuple[str, int]]:
    """Counts per lane combination as each name with its count, the most frequent first."""
    frame = frame.assign(one=0)
    counted = masks.lane_counts(frame, kind, ["one"])
    found = [(str(n), int(c)) for n, c in zip(counted["lane"], counted["count"], strict=True)]
    return sorted(found, key=lambda item: (-item[1], item[0]))


def expand_density(masks: LaneMasks, frame: pd.DataFrame, kind: Kind) -> pd.DataFrame:
    """Counts per bin and lane combination as the engines' density answer."""
    counted = masks.lane_counts(frame, kind, ["bin"])
    return density_frame(counted["lane"], counted["bin"], counted["count"])
