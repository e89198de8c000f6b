"""GPS ingest on real-shaped truck data (issue 17, item 7): the whole file run
against a bare polars parse of the same file, and the CLI's start-up.

The file is made by the trace generator from ``truck_days``: 51 trucks over 72
days (the size of the real municipal set: about 440,000 points), reports every
15 s to 2 min at random, silent nights and weekends, GPS jitter, an odometer in
miles, moves inside the yard. Times are written in whole seconds, as the units
send them. Untimed.

- ``gps.trucks.bare_parse``: ``pl.read_csv(path)`` (the baseline);
- ``gps.trucks.ingest``: ``read_gps_file`` + ``ingest_points`` (sniffing, checks,
  times, cleaning, trips, odometer checks, roundtrips, summary counts);
- ``cli.help`` and ``cli.ingest_header_only``: ``fleetplan --help`` and
  ``fleetplan ingest`` of a header-only file (new SQLite database) as processes.

Baseline and case alternate run by run (the machine is shared, so its load
drifts); medians are reported. ``python -m benchmarks.ingest_trucks --repeat 5
[--vehicles 51 --days 72] [--one-thread-too]`` prints one JSON line per case;
``--one-thread-too`` adds ``gps.trucks.ingest_one_thread`` (the per-vehicle
blocks on the calling thread only, ``block_pool.THREADS = 1``) to the rotation,
so the second thread's gain shows in one process at one load.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from benchmarks.registry import BenchCase, register
from fleetplan.domain import Location
from fleetplan.ingest.gps import (
    TraceOptions,
    block_pool,
    generate_trace,
    ingest_points,
    read_gps_file,
    truck_days,
)
from fleetplan.ingest.gps.truck_days import MILES_PER_KM

YARD = (55.70, 12.40)
TRUCKS = TraceOptions(
    sample_s=(15.0, 120.0),
    irregular=True,
    report_parked=False,
    odometer=True,
    odometer_per_km=MILES_PER_KM,
)
SIZES = {"trucks_5v_7d": (5, 7), "trucks_51v_72d": (51, 72)}


def write_trace(folder: Path, vehicles: int, days: int) -> tuple[Path, int, int]:
    """The CSV, its number of points and the roundtrips a fleet manager counts."""
    schedule = truck_days(vehicles, days, seed=1)
    points = generate_trace(schedule.all, {"yard": YARD}, seed=2, options=TRUCKS)
    path = folder / f"trucks_{vehicles}v_{days}d.csv"
    points.write_csv(path, datetime_format="%Y-%m-%dT%H:%M:%S", float_precision=6)
    return path, points.height, len(schedule.roundtrips)


def ingest(path: Path) -> Any:
    read = read_gps_file(path)
    homes = dict.fromkeys(read.frame["vehicle_id"].unique().to_list(), "yard")
    yard = Location("yard", lat=YARD[0], lon=YARD[1])
    return ingest_points(read.frame, [yard], homes)


def one_thread(path: Path) -> Any:
    """``ingest`` with the per-vehicle blocks on the calling thread only."""
    threads = block_pool.THREADS
    block_pool.THREADS = 1
    try:
        return ingest(path)
    finally:
        block_pool.THREADS = threads


def alternate(
    fns: dict[str, Callable[[], Any]], repeat: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds (this process's threads and its child processes) of
    each function, run by run in turn."""
    runs: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            began, cpu_began = time.perf_counter(), _cpu_s()
            fn()
            runs[name].append(time.perf_counter() - began)
            cpu[name].append(_cpu_s() - cpu_began)
    return runs, cpu


def _cpu_s() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _fleetplan(*args: str) -> Callable[[], Any]:
    command = [str(Path(sys.executable).parent / "fleetplan"), *args]
    return lambda: subprocess.run(command, check=False, capture_output=True)


def _setup(size: str) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="fleetplan-trucks-"))
    path, n_points, expected = write_trace(folder, *SIZES[size])
    return {"path": path, "points": n_points, "expected": expected}


def _run(inputs: dict[str, Any]) -> dict[str, Any]:
    result = ingest(inputs["path"])
    return {
        "points": inputs["points"],
        "roundtrips": len(result.roundtrips),
        "roundtrips_expected": inputs["expected"],
    }


TRUCKS_CASE = register(
    BenchCase(
        name="gps.ingest_trucks",
        group="gps",
        sizes=tuple(SIZES),
        setup=_setup,
        run=_run,
        baseline=lambda inputs: pl.read_csv(inputs["path"]),
        default_sizes=("trucks_51v_72d",),
    )
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--vehicles", type=int, default=51)
    parser.add_argument("--days", type=int, default=72)
    parser.add_argument("--one-thread-too", action="store_true")
    args = parser.parse_args(argv)
    machine = f"{platform.machine()} {platform.python_version()}"
    with tempfile.TemporaryDirectory() as folder:
        path, n_points, expected = write_trace(Path(folder), args.vehicles, args.days)
        outcome: dict[str, Any] = {}

        def run() -> None:
            outcome["result"] = ingest(path)

        cases: dict[str, Callable[[], Any]] = {
            "bare": lambda: pl.read_csv(path),
            "ingest": run,
        }
        if args.one_thread_too:
            cases["ingest_one_thread"] = lambda: one_thread(path)
        runs, cpu = alternate(cases, args.repeat)
        header = Path(folder) / "header.csv"
        header.write_text("vehicle_id,time,lat,lon\n")
        db = f"sqlite:///{Path(folder) / 'fleet.sqlite'}"
        cli, cli_cpu = alternate(
            {
                "cli.help": _fleetplan("--help"),
                "cli.ingest_header_only": _fleetplan("ingest", str(header), "--db", db),
            },
            args.repeat,
        )
    med = {k: statistics.median(v) for k, v in {**runs, **cli}.items()}
    med_cpu = {k: statistics.median(v) for k, v in {**cpu, **cli_cpu}.items()}
    result = outcome["result"]
    common = {"points": n_points, "runs": args.repeat, "machine": machine}
    extra: dict[str, dict[str, Any]] = {
        "ingest": {
            "ratio_to_bare_parse": round(med["ingest"] / med["bare"], 2),
            "cpu_ratio_to_bare_parse": round(med_cpu["ingest"] / med_cpu["bare"], 2),
            "target_ratio": 3.0,
            "roundtrips": len(result.roundtrips),
            "roundtrips_expected": expected,
            "odometer_units": result.odometer.units,
        },
        "ingest_one_thread": {
            "ratio_to_bare_parse": round(
                med.get("ingest_one_thread", 0) / med["bare"], 2
            ),
            "wall_to_threaded_ingest": round(
                med.get("ingest_one_thread", 0) / med["ingest"], 2
            ),
        },
        "cli.help": {"target_s": 1.0},
        "cli.ingest_header_only": {"target_s": 1.0},
    }
    names = {
        "bare": "gps.trucks.bare_parse",
        "ingest": "gps.trucks.ingest",
        "ingest_one_thread": "gps.trucks.ingest_one_thread",
    }
    for key, times in {**runs, **cli}.items():
        line = {
            "case": names.get(key, key),
            "median_s": round(med[key], 3),
            "cpu_median_s": round(med_cpu[key], 3),
            **extra.get(key, {}),
            "runs_s": [round(r, 3) for r in times],
            **common,
        }
        print(json.dumps(line))


if __name__ == "__main__":
    main()
