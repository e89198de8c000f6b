"""``python -m benchmarks <group|case> [--repeat N] [--size NAME]``."""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from typing import Any

from benchmarks import (
    charge_cases,
    ingest_trucks,
    simulate_cases,
    transition_plan_bench,
)
from benchmarks.registry import BenchCase, cases

LOADED = (simulate_cases, charge_cases, ingest_trucks, transition_plan_bench)


def _timed(fn: Any, arg: Any, repeat: int) -> tuple[list[float], Any]:
    times, out = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        out = fn(arg)
        times.append(time.perf_counter() - began)
    return times, out


def run_case(case: BenchCase, size: str, repeat: int) -> dict[str, Any]:
    """Set up, time the run and the baseline, and return the JSON line's fields."""
    inputs = case.setup(size)
    times, figures = _timed(case.run, inputs, repeat)
    line: dict[str, Any] = {
        "case": case.name,
        "size": size,
        "median_s": statistics.median(times),
        "runs": repeat,
    }
    if case.baseline is not None:
        base_times, _ = _timed(case.baseline, inputs, repeat)
        base = statistics.median(base_times)
        line["baseline_median_s"] = base
        line["ratio_to_baseline"] = line["median_s"] / base if base > 0 else None
    line.update(figures)
    line["machine"] = f"{platform.machine()} {platform.python_version()}"
    return line


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("target", help="a group (simulate) or a case name")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", default=None, help="instance name (default: case's)")
    args = parser.parse_args(argv)
    for case in cases(args.target):
        sizes = [args.size] if args.size else list(case.default_sizes or case.sizes)
        for size in sizes:
            print(json.dumps(run_case(case, size, args.repeat)), flush=True)


if __name__ == "__main__":
    main()
