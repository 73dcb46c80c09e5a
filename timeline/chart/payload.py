"""Figures as the JSON the browser receives, built from plain dicts: the callbacks' fast path.

``go.Figure`` validates and deep-copies every property, which costs more than building a
large figure; the app's callbacks send these payloads instead, and the tests pin them to
exactly what ``go.Figure(parts).to_plotly_json()`` would send.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

import numpy as np
import plotly.graph_objects as go


@functools.cache
def _default_template() -> dict:
    """The template ``go.Figure`` applies by itself, so both paths draw alike."""
    return go.Figure().layout.template.to_plotly_json()


def figure_payload(parts: dict) -> dict:
    """A figure's parts as what ``go.Figure(parts).to_plotly_json()`` would send."""
    payload = to_payload(parts)
    payload["layout"].setdefault("template", _default_template())
    return payload


def to_payload(value: Any) -> Any:
    """Numeric numpy arrays as plotly.js typed-array specs; other arrays as lists."""
    if isinstance(value, dict):
        return {k: to_payload(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if not value or not isinstance(value[0], dict | list | tuple | np.ndarray | np.generic):
            return value  # a list of plain values (hover texts, ticks) is sent as it is
        return [to_payload(v) for v in value]
    if isinstance(value, np.ndarray):
        return typed_array(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


# plotly.js's typed arrays: JavaScript has no 64-bit integers, so plotly.py narrows them
_SHORT_TYPES = {
    "int8": "i1",
    "uint8": "u1",
    "int16": "i2",
    "uint16": "u2",
    "int32": "i4",
    "uint32": "u4",
    "float32": "f4",
    "float64": "f8",
}
_NARROW = {
    "int64": ("int8", "int16", "int32"),
    "uint64": ("uint8", "uint16", "uint32"),
}


def typed_array(values: np.ndarray) -> Any:
    """A numpy array as plotly.py sends it: ``{"dtype", "bdata"}`` (base64 of its bytes) for
    numeric arrays, 64-bit integers narrowed to the smallest type that holds them, else a
    list. Plotly's own converter goes through narwhals and a read-only copy per array, which
    cost more than the rest of a dense figure."""
    if values.size == 0 or values.dtype.kind not in "fiu":
        return values.tolist()
    dtype = str(values.dtype)
    if dtype in _NARROW:
        low, high = values.min(), values.max()
        fits = (t for t in _NARROW[dtype] if np.iinfo(t).min <= low and high <= np.iinfo(t).max)
        narrow = next(fits, None)
        if narrow is None:
            return values.tolist()
        values, dtype = values.astype(narrow), narrow
    if dtype not in _SHORT_TYPES:
        return values.tolist()
    spec = {
        "dtype": _SHORT_TYPES[dtype],
        "bdata": base64.b64encode(np.ascontiguousarray(values)).decode("ascii"),
    }
    if values.ndim > 1:
        spec["shape"] = str(values.shape)[1:-1]
    return spec
