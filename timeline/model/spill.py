"""Where DuckDB spills what does not fit in memory: a folder of this process's own in the
system's temporary folder, removed when the process ends.

DuckDB's default is ``.tmp`` in the working directory, which may be a dataset folder (``cd
my-pack && timeline check .``): nothing may ever be written there. Every connection the
package opens (:func:`connect`) is pointed at this folder instead.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any


@functools.cache
def spill_folder() -> Path:
    """This process's spill folder, made on first use and removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="timeline-duckdb-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def connect(**config: Any) -> Any:
    """An in-memory DuckDB connection (``config``: its settings) that spills to
    :func:`spill_folder` and draws no progress bar (a command's output is its own)."""
    import duckdb

    con = duckdb.connect(config={"temp_directory": str(spill_folder()), **config})
    con.execute("SET enable_progress_bar = false")  # a connection's setting, not a global one
    return con
