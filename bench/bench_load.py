"""Measure generation, loading, filtering and memory on synthetic datasets of growing size.

    python bench/bench_load.py                       # 1k, 10k, 100k and 1M events
    python bench/bench_load.py --sizes 1000,100000   # just these

Each size is generated into a temporary folder; loading and filtering run in a fresh child
process (so its peak RSS is its own), and ``timeline check`` runs as a separate command, as a
user would run it. "start" is what ``timeline serve`` does before it listens (load, print the
check summary, build the app), plus the first page layout the browser asks for, in its own
process: its wall time until that layout is answered, its CPU time (DuckDB's threads
included) and its peak RSS. It prints measured numbers; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not another one installed
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
FILTER_REPEATS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", nargs=1, help=argparse.SUPPRESS)
    parser.add_argument("--start-child", nargs=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_in_child(Path(args.child[0]))))
        return
    if args.start_child:
        start_in_child(Path(args.start_child[0]))
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(machine())
    print(HEADER)
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        for size in sizes:
            print(row(size, measure(size, Path(tmp) / f"n{size}", args.seed)), flush=True)


HEADER = (
    f"{'events':>9} | {'generate s':>10} | {'load s':>6} | {'load CPU s':>10} | "
    f"{'check s':>7} | {'check CPU s':>11} | {'check RSS MB':>12} | {'filter p50 ms':>13} | "
    f"{'filter p95 ms':>13} | {'mask p50 ms':>11} | {'load RSS MB':>11} | {'start s':>7} | "
    f"{'start CPU s':>11} | {'start RSS MB':>12}\n" + "-" * 190
)


def row(size: int, m: dict[str, float]) -> str:
    return (
        f"{size:>9,} | {m['generate_s']:>10.2f} | {m['load_s']:>6.2f} | {m['load_cpu_s']:>10.2f} | "
        f"{m['check_s']:>7.2f} | {m['check_cpu_s']:>11.2f} | {m['check_rss_mb']:>12.0f} | "
        f"{m['filter_p50_ms']:>13.1f} | {m['filter_p95_ms']:>13.1f} | {m['mask_p50_ms']:>11.1f} | "
        f"{m['load_rss_mb']:>11.0f} | {m['start_s']:>7.2f} | {m['start_cpu_s']:>11.2f} | "
        f"{m['start_rss_mb']:>12.0f}"
    )


def machine() -> str:
    import psutil

    cpu = platform.processor() or platform.machine()
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{platform.python_implementation()} {platform.python_version()} on {platform.system()} "
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM; load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


def measure(size: int, folder: Path, seed: int) -> dict[str, float]:
    """Generate (in a child, timed), then load/filter in a child, then ``timeline check``."""
    generate = [
        sys.executable,
        "-c",
        "import sys; from pathlib import Path; from timeline.synth import generate_dataset; "
        "generate_dataset(Path(sys.argv[1]), events=int(sys.argv[2]), seed=int(sys.argv[3]))",
        str(folder),
        str(size),
        str(seed),
    ]
    generate_s, _, _, _ = run(generate)
    _, _, _, output = run([sys.executable, __file__, "--child", str(folder)])
    result = json.loads(output.strip().splitlines()[-1])
    check = run([sys.executable, "-m", "timeline", "check", str(folder)])
    start = run([sys.executable, __file__, "--start-child", str(folder)], ready="ready")
    return {
        **result,
        "generate_s": generate_s,
        "check_s": check[0],
        "check_cpu_s": check[1],
        "check_rss_mb": check[2],
        "start_s": start[0],
        "start_cpu_s": start[1],
        "start_rss_mb": start[2],
    }


def run(command: list[str], ready: str | None = None) -> tuple[float, float, float, str]:
    """Wall time, CPU time (user + system: what a busy shared machine does not inflate),
    peak RSS (MB, from wait4: this child's own, or a descendant's if larger) and stdout of a
    command. With ``ready``, the wall time ends when the command prints a line starting so
    (a server is ready then; tearing a million objects down after it is not start time)."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # children import this checkout too
    with tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        assert child.stdout is not None
        lines, took = [], None
        for line in child.stdout:
            lines.append(line)
            if took is None and ready is not None and line.startswith(ready):
                took = time.perf_counter() - started
        _, status, usage = os.wait4(child.pid, 0)
        took = took if took is not None else time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed:\n{stderr}")
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, "".join(lines)


def filter_changes(dataset) -> list:  # type: ignore[no-untyped-def]
    """About 20 varied filter changes, as a user would make them one after another."""
    from timeline.query.filters import Filters

    actors, themes = dataset.actors, dataset.themes
    sources = tuple(dataset.sources["id"])
    return [
        Filters(),
        Filters(actors=actors[:1]),
        Filters(actors=actors[:2]),
        Filters(actors=actors[-1:]),
        Filters(themes=themes[:1]),
        Filters(actors=actors[:1], themes=themes[1:3]),
        Filters(date_from="1990", date_to="1999"),
        Filters(date_from="2020-03", date_to="2020-06"),
        Filters(date_from="2001-09-11", date_to="2001-09-11"),
        Filters(actors=actors[2:5], date_from="2010"),
        Filters(query="summit"),
        Filters(query="border clash"),
        Filters(query="ruritania treaty"),
        Filters(actors=actors[:1], query="gas"),
        Filters(sources=sources[:1]),
        Filters(sources=sources[-3:], themes=themes[:2]),
        Filters(themes=themes[-1:], date_to="1980"),
        Filters(actors=actors[5:10], themes=themes[2:4], date_from="1975", date_to="2015"),
        Filters(query="officials"),
        Filters(),
    ]


def start_in_child(folder: Path) -> None:
    """What ``timeline serve`` does before it listens, then the page layout a browser asks for
    first: the app is ready when that is answered."""
    from timeline.options import load_or_exit
    from timeline.web.app import create_app

    dataset = load_or_exit(folder)
    app = create_app(dataset)
    print(f"ok: {dataset.summary()}")
    reply = app.server.test_client().get("/_dash-layout")
    if reply.status_code != 200:
        raise SystemExit(f"/_dash-layout answered {reply.status_code}")
    print("ready", flush=True)


def measure_in_child(folder: Path) -> dict[str, float]:
    """Load once, then time each filter change: the mask alone and the filtered frame."""
    import resource

    import numpy as np

    from timeline.load.loader import load_dataset
    from timeline.query.filters import apply_filters, filter_mask

    started, cpu = time.perf_counter(), time.process_time()
    dataset = load_dataset(folder)
    load_s, load_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    changes = filter_changes(dataset)
    mask_ms, filter_ms = [], []
    for _ in range(max(1, FILTER_REPEATS // len(changes))):
        for filters in changes:
            started = time.perf_counter()
            filter_mask(dataset, filters)
            mask_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            apply_filters(dataset, filters)
            filter_ms.append((time.perf_counter() - started) * 1000)
    return {
        "load_s": load_s,
        "load_cpu_s": load_cpu_s,
        "filter_p50_ms": float(np.percentile(filter_ms, 50)),
        "filter_p95_ms": float(np.percentile(filter_ms, 95)),
        "mask_p50_ms": float(np.percentile(mask_ms, 50)),
        "load_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    main()
