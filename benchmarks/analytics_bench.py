"""Benchmark the analyses (targets: <= 1 s each).

Run ``python -m benchmarks.analytics_bench [--repeat 5] [--vehicles 120 --days 365]
[--skip-demo]``. Prints one JSON line per case: the median of the runs, the number of
runs and the ratio to a baseline timed in the same process.

- ``peaks.*``: peak concurrency over a seeded synthetic year of 120 vehicles; the
  baseline is a plain-Python sort-and-sweep of the same events (no per-vehicle merge,
  no profile).
- ``demo.*``: every analysis on the demo municipality read from a SQLite file
  (written once, untimed). ``demo.load_dataset`` times ``store.load_dataset`` without
  segments (the analyses read roundtrips only); each
  ``demo.<kind>`` times the analysis on the loaded dataset, with the load time as the
  baseline and ``from_sqlite_s`` = load + analysis.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from fleetplan.analytics import (
    AnalysisKind,
    analyse,
    concurrency_steps,
    peak_concurrency,
)
from fleetplan.domain import Period, Roundtrip


def synthetic_year(
    vehicles: int, days: int, seed: int = 120
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seeded trips: each vehicle makes 0-6 trips a day between 06:00 and 22:00,
    15-240 min long, some crossing midnight; returns (vehicle, start_min, end_min)."""
    rng = np.random.default_rng(seed)
    per_day = rng.integers(0, 7, size=(vehicles, days))
    vehicle = np.repeat(np.tile(np.arange(vehicles), days), per_day.T.ravel())
    day = np.repeat(np.repeat(np.arange(days), vehicles), per_day.T.ravel())
    start = day * 1_440 + rng.integers(6 * 60, 22 * 60, size=len(vehicle))
    end = start + rng.integers(15, 240, size=len(vehicle))
    return vehicle.astype(np.int64), start.astype(np.int64), end.astype(np.int64)


def as_roundtrips(
    vehicle: np.ndarray, start: np.ndarray, end: np.ndarray
) -> list[Roundtrip]:
    origin = datetime(2026, 1, 1)
    return [
        Roundtrip(
            str(i),
            f"v{v}",
            f"L{v % 4}",
            origin + timedelta(minutes=int(s)),
            origin + timedelta(minutes=int(e)),
            10.0,
        )
        for i, (v, s, e) in enumerate(zip(vehicle, start, end, strict=True))
    ]


def baseline_sweep(start: np.ndarray, end: np.ndarray) -> int:
    events = sorted([(int(s), 1) for s in start] + [(int(e), -1) for e in end])
    level = peak = 0
    for _, delta in events:
        level += delta
        peak = max(peak, level)
    return peak


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        begin = time.perf_counter()
        func()
        runs.append(time.perf_counter() - begin)
    return runs


def demo_cases(repeat: int) -> None:
    from fleetplan.demo import build_demo_dataset
    from fleetplan.store import (
        create_engine_for,
        load_dataset,
        save_dataset,
        upgrade_database,
    )

    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine_for(f"sqlite:///{Path(folder) / 'demo.sqlite'}")
        upgrade_database(engine)
        save_dataset(engine, build_demo_dataset())
        loads = timed(lambda: load_dataset(engine, with_segments=False), repeat)
        dataset = load_dataset(engine, with_segments=False)
        engine.dispose()
    load_s = statistics.median(loads)
    print(
        json.dumps(
            {
                "case": "demo.load_dataset",
                "median_s": round(load_s, 4),
                "runs": len(loads),
                "roundtrips": len(dataset.roundtrips),
            }
        )
    )
    for kind in AnalysisKind:
        runs = timed(lambda k=kind: analyse(k, dataset), repeat)
        median = statistics.median(runs)
        print(
            json.dumps(
                {
                    "case": f"demo.{kind.value}",
                    "median_s": round(median, 4),
                    "runs": len(runs),
                    "baseline_s": round(load_s, 4),
                    "ratio_to_baseline": round(median / load_s, 3),
                    "from_sqlite_s": round(load_s + median, 4),
                    "target_s": 1.0,
                    "analysis_within_target": median <= 1.0,
                    "from_sqlite_within_target": load_s + median <= 1.0,
                }
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--vehicles", type=int, default=120)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    vehicle, start, end = synthetic_year(args.vehicles, args.days)
    trips = as_roundtrips(vehicle, start, end)
    period = Period(datetime(2026, 1, 1), datetime(2026, 1, 1) + timedelta(args.days))
    baseline = statistics.median(timed(lambda: baseline_sweep(start, end), args.repeat))
    cases: dict[str, Callable[[], object]] = {
        "peaks.sweep_arrays": lambda: concurrency_steps(vehicle, start, end),
        "peaks.report_from_roundtrips": lambda: peak_concurrency(trips, period),
    }
    for name, func in cases.items():
        runs = timed(func, args.repeat)
        median = statistics.median(runs)
        print(
            json.dumps(
                {
                    "case": name,
                    "vehicles": args.vehicles,
                    "days": args.days,
                    "roundtrips": len(trips),
                    "median_s": round(median, 4),
                    "runs": len(runs),
                    "baseline_s": round(baseline, 4),
                    "ratio_to_baseline": round(median / baseline, 3),
                    "target_s": 1.0,
                    "within_target": median <= 1.0,
                }
            )
        )
    if not args.skip_demo:
        demo_cases(args.repeat)


if __name__ == "__main__":
    main()
