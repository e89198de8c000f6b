"""Benchmark GPS ingestion (target: >= 1 million points in <= 10 s, median of 3).

Run ``python -m benchmarks.ingest_bench [--repeat 3] [--dataset synth_20v_30d]
[--min-points 1000000]``. A seeded trace of the dataset's roundtrips (sampled every
1-8 s, so the point count passes ``--min-points``) is written to a CSV in a temp
folder, untimed. Prints one JSON line per case with the median, the runs and the
ratio to the baseline timed in the same process:

- ``gps.parse``: ``read_points_csv`` only (the baseline);
- ``gps.ingest_file``: read + clean + trips + roundtrips, the whole file run;
- ``gps.ingest_memory``: the pipeline on the already-parsed frame.

Also prints how many roundtrips and km came back versus the source.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fleetplan.ingest import read_dataset
from fleetplan.ingest.gps import (
    TraceOptions,
    generate_trace,
    ingest_points,
    read_points_csv,
)

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def _median_s(fn: Callable[[], Any], repeat: int) -> tuple[float, list[float], Any]:
    runs: list[float] = []
    out: Any = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), runs, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dataset", default="synth_20v_30d")
    parser.add_argument("--min-points", type=int, default=1_000_000)
    args = parser.parse_args()

    data = read_dataset(REFERENCE / args.dataset)
    homes = {loc.location_id: (loc.lat, loc.lon) for loc in data.locations}
    vehicle_homes = {v.vehicle_id: v.location_id for v in data.vehicles}
    sample_max_s = 8.0
    points = generate_trace(
        data.roundtrips,
        homes,
        seed=1,
        options=TraceOptions(sample_s=(1.0, sample_max_s)),
    )
    while points.height < args.min_points and sample_max_s > 1.5:
        sample_max_s /= 2
        points = generate_trace(
            data.roundtrips,
            homes,
            seed=1,
            options=TraceOptions(sample_s=(1.0, sample_max_s)),
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gps_points.csv"
        points.write_csv(path)
        size_mb = path.stat().st_size / 1e6
        parse_s, parse_runs, frame = _median_s(
            lambda: read_points_csv(path), args.repeat
        )

        def whole() -> Any:
            return ingest_points(read_points_csv(path), data.locations, vehicle_homes)

        file_s, file_runs, result = _median_s(whole, args.repeat)
        mem_s, mem_runs, _ = _median_s(
            lambda: ingest_points(frame, data.locations, vehicle_homes), args.repeat
        )
    common = {
        "points": points.height,
        "file_mb": round(size_mb, 1),
        "runs": args.repeat,
    }
    for case, median, runs in (
        ("gps.parse", parse_s, parse_runs),
        ("gps.ingest_file", file_s, file_runs),
        ("gps.ingest_memory", mem_s, mem_runs),
    ):
        line = {
            "case": case,
            "median_s": round(median, 3),
            "runs_s": [round(r, 3) for r in runs],
            "ratio_to_parse": round(median / parse_s, 2),
            "points_per_s": round(points.height / median),
            **common,
        }
        print(json.dumps(line))
    source_km = sum(r.distance_km for r in data.roundtrips)
    print(
        json.dumps(
            {
                "case": "gps.accuracy",
                "dataset": args.dataset,
                "roundtrips_source": len(data.roundtrips),
                "roundtrips_ingested": len(result.roundtrips),
                "km_share": round(
                    sum(r.distance_km for r in result.roundtrips) / source_km, 4
                ),
                "target_met": file_s <= 10.0 and points.height >= 1_000_000,
            }
        )
    )


if __name__ == "__main__":
    main()
