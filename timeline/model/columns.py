"""Handing pandas text columns to pyarrow compute, which works on a whole column in C."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa


def arrow_strings(values: pd.Series) -> pa.LargeStringArray:
    """A text column as one contiguous arrow array (pandas may hold it in several chunks)."""
    array = arrow_chunks(values)
    return array.chunk(0) if array.num_chunks == 1 else array.combine_chunks()


def arrow_chunks(values: pd.Series) -> pa.ChunkedArray:
    """A text column as arrow chunks, without copying the text."""
    array = pa.array(values.astype("str"), type=pa.large_string())
    return array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])


# bytes that may begin or end white space: every ASCII control and space, every non-ASCII byte
_MAYBE_SPACE = np.zeros(256, dtype=bool)
_MAYBE_SPACE[:33] = True
_MAYBE_SPACE[127:] = True


def strip(values: pd.Series) -> pd.Series:
    """``values.str.strip()``, skipped (the column returned as is) when no value can start or
    end with white space: looking at first and last bytes is far cheaper than a copy."""
    array = arrow_strings(values)
    _, offsets_buffer, data_buffer = array.buffers()
    n = len(array)
    offsets = np.frombuffer(offsets_buffer, dtype="int64")[array.offset : array.offset + n + 1]
    nonempty = offsets[1:] > offsets[:-1]
    if array.null_count == 0 and nonempty.any():
        data = np.frombuffer(data_buffer, dtype="uint8")
        first = data[offsets[:-1][nonempty]]
        last = data[offsets[1:][nonempty] - 1]
        if not (_MAYBE_SPACE[first].any() or _MAYBE_SPACE[last].any()):
            return values
    elif array.null_count == 0:
        return values  # all empty
    return values.str.strip()
