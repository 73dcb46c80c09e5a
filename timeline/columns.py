"""Handing pandas text columns to pyarrow compute, which works on a whole column in C."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa


def arrow_strings(values: pd.Series) -> pa.LargeStringArray:
    """A text column as one contiguous arrow array (pandas may hold it in several chunks)."""
    array = pa.array(values.astype("str"), type=pa.large_string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array
