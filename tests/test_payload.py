"""The callback's hand-made fast paths give exactly what the libraries they skip would give."""

from __future__ import annotations

import json

import numpy as np
from _plotly_utils.utils import to_typed_array_spec
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from plotly.utils import PlotlyJSONEncoder

from timeline.chart.axis import MONTH_ABBR, tick_label
from timeline.chart.payload import typed_array

DTYPES = st.sampled_from(
    ["int8", "uint8", "int16", "int32", "uint32", "int64", "uint64", "float32", "float64", "bool"]
)


def sent(value: object) -> object:
    """What the browser receives for a value: its JSON, as plotly.py encodes it."""
    return json.loads(json.dumps(value, cls=PlotlyJSONEncoder))


@given(hnp.arrays(DTYPES, hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=6)))
def test_typed_array_is_what_plotly_sends(values: np.ndarray) -> None:
    assert sent(typed_array(values)) == sent(to_typed_array_spec(values))


@given(st.sampled_from(["int64", "uint64"]), st.sampled_from([1, 200, 40_000, 3_000_000_000]))
def test_wide_integers_are_narrowed_as_plotly_narrows_them(dtype: str, top: int) -> None:
    values = np.array([0, top], dtype=dtype)
    assert sent(typed_array(values)) == sent(to_typed_array_spec(values))


def numpy_label(ms: float, unit: str) -> str:
    """The definition: numpy's calendar (floored to the day), written as the axis writes it."""
    day = np.datetime64(int(ms), "ms").astype("datetime64[D]")
    year = int(day.astype("datetime64[Y]").astype("int64")) + 1970
    month = int(day.astype("datetime64[M]").astype("int64")) % 12
    dom = int((day - day.astype("datetime64[M]")).astype("int64")) + 1
    if unit == "Y":
        return str(year)
    if unit == "M":
        return f"{MONTH_ABBR[month]}<br>{year}"
    return f"{dom} {MONTH_ABBR[month]}<br>{year}"


FIRST = float(np.datetime64("0000-06-01", "ms").astype("int64"))  # before year 1 too
LAST = float(np.datetime64("9999-12-31T23:59:59", "ms").astype("int64"))


@given(st.floats(FIRST, LAST), st.sampled_from("DMY"))
def test_tick_labels_follow_the_calendar(ms: float, unit: str) -> None:
    assert tick_label(ms, unit) == numpy_label(ms, unit)


@given(st.integers(-3, 3), st.sampled_from([-1.0, -0.5, 0.0, 0.5]), st.sampled_from("DMY"))
def test_tick_labels_at_midnight(day: int, offset: float, unit: str) -> None:
    ms = day * 86_400_000.0 + offset
    assert tick_label(ms, unit) == numpy_label(ms, unit)
