"""Lanes: one row per (event, lane), the unit every trace is drawn from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timeline.model.dataset import Dataset
from timeline.model.geometry import MS_PER_DAY
from timeline.query.view import Group as GroupBy

NO_LANE = "(none)"


@dataclass(frozen=True)
class LaneRows:
    """One row per (event, lane): the drawing unit. ``frame_pos`` indexes the events frame."""

    event: np.ndarray  # row position in dataset.events (the events frame's index)
    frame_pos: np.ndarray  # position in the events frame passed in
    lane: np.ndarray  # lane number, 0 = top
    names: tuple[str, ...]  # lane labels, in vocabulary order


def lane_rows(
    events: pd.DataFrame,
    dataset: Dataset,
    group_by: GroupBy,
    *,
    ordered: bool = True,
    lanes_of: np.ndarray | None = None,
) -> LaneRows:
    """Replicate each event into each of its lanes; lanes without events are left out.

    Plain numpy over the dataset's prepared (event, lane code) pairs, so it stays cheap at a
    million events. ``ordered`` sorts rows by event then lane (the density view skips it);
    ``lanes_of`` (row positions, a superset of the events) chooses which lanes exist, so a
    zoomed-in view keeps the lanes of the whole filtered view.
    """
    pairs = dataset.index.lanes(group_by)
    pairs_event, pairs_code, categories = pairs.event, pairs.code, pairs.names
    n = len(dataset.events)
    positions = events.index.to_numpy()
    local = np.full(n, -1, dtype="int64")
    local[positions] = np.arange(positions.size)
    frame_pos = local[pairs_event]
    pick = np.flatnonzero((frame_pos >= 0) & (pairs_code >= 0))  # one pass; then three takes
    frame_pos, code, event = frame_pos[pick], pairs_code[pick], pairs_event[pick]
    has = np.zeros(positions.size, dtype=bool)
    has[frame_pos] = True
    lonely = np.flatnonzero(~has)  # events with no lane entry still get drawn
    if lanes_of is None:
        used = np.flatnonzero(np.bincount(code, minlength=len(categories)))
        any_lonely = lonely.size > 0
    else:
        wide = np.zeros(n, dtype=bool)
        wide[lanes_of] = True
        wide_pick = wide[pairs_event] & (pairs_code >= 0)
        used = np.flatnonzero(np.bincount(pairs_code[wide_pick], minlength=len(categories)))
        covered = np.zeros(n, dtype=bool)
        covered[pairs_event[wide_pick]] = True
        any_lonely = lonely.size > 0 or bool((~covered[lanes_of]).any())
    remap = np.full(len(categories), -1, dtype="int64")
    remap[used] = np.arange(used.size)
    names = [categories[c] for c in used]
    lane = remap[code]
    if any_lonely:
        frame_pos = np.concatenate([frame_pos, lonely])
        event = np.concatenate([event, positions[lonely]])
        lane = np.concatenate([lane, np.full(lonely.size, len(names))])
        names.append(NO_LANE)
    if ordered:
        order = np.lexsort((lane, frame_pos))
        event, frame_pos, lane = event[order], frame_pos[order], lane[order]
    return LaneRows(event, frame_pos, lane, tuple(names))


def stack_offsets(lane: np.ndarray, anchor: np.ndarray, spacing: float = 0.22) -> np.ndarray:
    """Small vertical offsets so events on the same day in the same lane do not hide each other."""
    if lane.size == 0:
        return np.zeros(0)
    day = np.floor(anchor / MS_PER_DAY)
    frame = pd.DataFrame({"lane": lane, "day": day})
    rank = frame.groupby(["lane", "day"], sort=False).cumcount().to_numpy()
    size = frame.groupby(["lane", "day"], sort=False)["day"].transform("size").to_numpy()
    step = np.minimum(spacing, 0.7 / np.maximum(size, 1))
    return (rank - (size - 1) / 2) * step


def band_tracks(
    lane: np.ndarray, lo: np.ndarray, hi: np.ndarray, band: np.ndarray, spacing: float = 0.22
) -> np.ndarray:
    """Vertical offsets that keep overlapping bands in one lane apart, so a siege inside a
    war shows its own ends instead of merging into the war's bar.

    Bands of a lane that overlap in time form a cluster; each takes the lowest free track of
    its cluster (a band starting after every other has ended opens a new cluster), and the
    tracks of a cluster are centred on the lane. Rows that are not bands get 0.
    """
    out = np.zeros(lane.size)
    rows = np.flatnonzero(band)
    if rows.size == 0:
        return out
    order = rows[np.lexsort((lo[rows], lane[rows]))]
    track = np.zeros(lane.size, dtype="int64")
    cluster: list[int] = []
    ends: list[float] = []  # end of the band on each track of the current cluster
    current_lane, reach = None, -np.inf

    def close() -> None:
        n = len(ends)
        step = min(spacing, 0.7 / max(n, 1))
        for r in cluster:
            out[r] = (track[r] - (n - 1) / 2) * step

    for r in order.tolist():
        if lane[r] != current_lane or lo[r] >= reach:
            close()
            cluster, ends, current_lane, reach = [], [], lane[r], -np.inf
        free = next((t for t, end in enumerate(ends) if end <= lo[r]), len(ends))
        if free == len(ends):
            ends.append(hi[r])
        else:
            ends[free] = hi[r]
        track[r] = free
        cluster.append(r)
        reach = max(reach, hi[r])
    close()
    return out
