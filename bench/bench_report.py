"""Time the report in each format on synthetic datasets of growing size: linear or not.

    python bench/bench_report.py                      # 1k, 4k and 10k events, all formats
    python bench/bench_report.py --sizes 1000,4000 --formats docx,md
    python bench/bench_report.py --chart              # with the chart (Kaleido), as the app

Each size is generated (``timeline synth``'s generator, a fixed seed) into a temporary folder
and loaded once; each format's report of all its events is then built in this process, and
timed. "per event" is the time divided by the events, and "vs 1st" that per-event time
against the smallest size's in the same run: about 1.0x for work that grows linearly, about
the size ratio for work that grows with its square. The report is built without its chart
unless ``--chart``: the chart is one picture whatever the format, and its Kaleido start-up
would hide how the text scales. PDF is skipped when there is no Chromium. It prints measured
numbers; it asserts nothing (``tests/report/test_docx.py`` checks that Word's work is linear).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not another one installed
DEFAULT_SIZES = (1_000, 4_000, 10_000)
FORMATS = ("html", "md", "docx", "pdf")


def machine() -> str:
    """Where the numbers were measured (the load average: others' work slows these down)."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {load}"
    )


def time_report(dataset, fmt: str, chart: bool) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Seconds to build the report of every event in ``fmt``, and its size in bytes."""
    from timeline.query.filters import Filters
    from timeline.query.view import ViewState
    from timeline.report import build_report

    started = time.perf_counter()
    data = build_report(dataset, ViewState(Filters()), fmt=fmt, chart=chart)  # type: ignore[arg-type]
    return time.perf_counter() - started, len(data)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--chart", action="store_true", help="include the chart (Kaleido)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    from timeline.export.browser import find_chromium
    from timeline.load.loader import load_dataset
    from timeline.synth import generate_dataset

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if "pdf" in formats and find_chromium() is None:
        print("no Chromium: PDF skipped")
        formats.remove("pdf")
    print(machine())
    print(f"{'format':>6} | {'events':>7} | {'seconds':>8} | {'ms/event':>8} | {'vs 1st':>6} | KB")
    print("-" * 60)
    first: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="timeline-bench-report-") as tmp:
        for size in sizes:
            folder = Path(tmp) / f"n{size}"
            generate_dataset(folder, events=size, seed=args.seed)
            dataset = load_dataset(folder)
            for fmt in formats:
                took, size_bytes = time_report(dataset, fmt, args.chart)
                per_event = took / size * 1000
                first.setdefault(fmt, per_event)
                print(
                    f"{fmt:>6} | {size:>7,} | {took:>8.2f} | {per_event:>8.2f} | "
                    f"{per_event / first[fmt]:>5.1f}x | {size_bytes / 1024:,.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
