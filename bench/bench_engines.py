"""Ask a view's questions of a packed dataset on each engine, each in a process of its own.

    python bench/bench_engines.py --pack big                       # DuckDB over an existing pack
    python bench/bench_engines.py --events 1000000 --memory --spark
    python bench/bench_engines.py --pack big --repeats 7

Engines: ``duckdb`` (always), ``memory`` (with --memory: the pack loaded whole, as the
commands load a dataset today) and ``spark`` (with --spark: a standalone cluster of a master
and two workers started on loopback, as the tests start one). For each: the time to open the
dataset (for memory, to load it), then the median and the spread (fastest–slowest) over
``--repeats`` runs of each question a page asks, and the process's peak RSS (for Spark, the
Python driver's: the JVMs are not counted). Every engine's answers are compared with the
first one's and the result printed. It prints measured numbers; it asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not another one installed

SPAN = ("1400-01-01", "2026-01-01")  # the density's span: synthetic events lie within it


def questions() -> dict[str, Callable]:
    """The questions, in the order a page asks them: the whole dataset, then narrower views."""
    import numpy as np

    from timeline.query.filters import Filters
    from timeline.query.view import ViewState
    from timeline.synth.names import ACTORS, THEME_NAMES

    span = tuple(np.datetime64(day, "us") for day in SPAN)
    whole = ViewState()
    actor = ViewState(filters=Filters(actors=(ACTORS[0],)))
    narrow = ViewState(filters=Filters(actors=(ACTORS[0],), themes=(THEME_NAMES[0],)))
    year = ViewState(window=("2014-01-01", "2015-01-01"))
    words = ViewState(filters=Filters(query="summit"))
    return {
        "count, whole": lambda e: e.count(whole),
        "choices (actors), whole": lambda e: e.choices(whole, "actor"),
        "density (actors x 64 bins), whole": lambda e: e.density(
            whole, kind="actor", bins=64, span=span
        ),
        "first 100 events, whole": lambda e: e.events(whole, limit=100),
        "count, one actor": lambda e: e.count(actor),
        "choices (themes), actor + theme": lambda e: e.choices(narrow, "theme"),
        "first 100 events, a year": lambda e: e.events(year, limit=100),
        "density (themes), a year": lambda e: e.density(
            year, kind="theme", bins=64, span=tuple(np.datetime64(d, "us") for d in year.window)
        ),
        "count, words": lambda e: e.count(words),
        "one event's excerpts": lambda e: e.excerpts(_an_event(e)),
    }


def _an_event(engine: object) -> str:
    from timeline.query.view import ViewState

    return str(engine.events(ViewState(window=("2014-01-01", "2015-01-01")), limit=1)["id"][0])


def digest(answer: object) -> str:
    """An answer's fingerprint, equal across engines when the answers are."""
    import pandas as pd

    text = answer.to_csv(index=False) if isinstance(answer, pd.DataFrame) else repr(answer)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def child(pack: Path, engine: str, repeats: int, master: str | None) -> dict:
    """Open the pack on ``engine`` and time each question (run in a process of its own)."""
    from timeline.query.engine import MemoryEngine
    from timeline.query.ibis_engine import pack_engine

    started = time.perf_counter()
    if engine == "memory":
        from timeline.load.loader import load_dataset

        opened = MemoryEngine(load_dataset(pack))
    else:
        opened = pack_engine(pack, engine=master if engine == "spark" else engine)
    open_s = time.perf_counter() - started
    times, answers = {}, {}
    for name, ask in questions().items():
        runs = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            answer = ask(opened)
            runs.append(time.perf_counter() - t0)
        times[name] = runs
        answers[name] = digest(answer)
    return {"open_s": open_s, "times": times, "answers": answers, "peak_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: since its exec, unlike getrusage's, which a child
    inherits from the parent that forked it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(pack: Path, engine: str, repeats: int, master: str | None) -> dict:
    command = [sys.executable, __file__, "--child", engine, "--pack", str(pack)]
    command += ["--repeats", str(repeats)] + (["--master", master] if master else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{engine} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(results: dict[str, dict]) -> None:
    engines = list(results)
    print(f"{'':40}" + "".join(f"{e:>24}" for e in engines))
    print(
        f"{'open (memory: load) s':40}" + "".join(f"{results[e]['open_s']:>24.2f}" for e in engines)
    )
    for name in questions():
        cells = []
        for e in engines:
            runs = results[e]["times"][name]
            ms = [run * 1000 for run in runs]
            cells.append(f"{statistics.median(ms):>9.0f} ms ({min(ms):.0f}–{max(ms):.0f})")
        print(f"{name:40}" + "".join(f"{c:>24}" for c in cells))
    print(f"{'peak RSS MB':40}" + "".join(f"{results[e]['peak_mb']:>24.0f}" for e in engines))
    first = engines[0]
    for e in engines[1:]:
        differ = [
            q for q in questions() if results[e]["answers"][q] != results[first]["answers"][q]
        ]
        print(
            f"{e} answers equal to {first}'s: {'yes' if not differ else 'no: ' + ', '.join(differ)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path)
    parser.add_argument("--events", type=int, help="synthesize (packed) a dataset of N events")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--spark", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--master", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.pack, args.child, args.repeats, args.master)))
        return
    with tempfile.TemporaryDirectory(prefix="timeline-engines-") as tmp:
        pack = args.pack
        if pack is None:
            from timeline.pack.stream import write_parts
            from timeline.synth import generate_dataset

            pack = Path(tmp) / "pack"
            started = time.perf_counter()
            generate_dataset(pack, events=args.events or 100_000, writer=write_parts)
            print(f"synth --format parquet: {time.perf_counter() - started:.1f} s")
        rows = json.loads((pack / "manifest.json").read_text())["tables"]["events"]["rows"]
        print(f"{rows:,} events, {args.repeats} runs of each question")
        results = {"duckdb": run_child(pack, "duckdb", args.repeats, None)}
        if args.memory:
            results["memory"] = run_child(pack, "memory", args.repeats, None)
        if args.spark:
            sys.path.insert(0, str(ROOT / "tests"))
            from engines.spark_cluster import standalone_cluster

            with standalone_cluster(Path(tmp)) as cluster:
                results["spark (2 workers)"] = run_child(
                    pack, "spark", args.repeats, cluster.master
                )
        report(results)


if __name__ == "__main__":
    main()
