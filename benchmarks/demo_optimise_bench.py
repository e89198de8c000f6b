"""The optimiser's full answer on the demo municipality, as the web page runs it.

Run ``python -m benchmarks.demo_optimise_bench [--repeat 3]``. The Optimering
form's start values (``web.optimisation_view.form_defaults``: the data's last 4
weeks, all locations, all candidates, today's models only going down, leases kept,
weight 5, 10 s per solve) go through the ``optimise`` job kind as a web run's do
(issue 15: the full answer ≤ 60 s, no leased vehicle removed, vans' work on vans).

Prints one JSON line: median wall and CPU seconds of ``--repeat`` runs, the
status, the worst gap, the best fleet's cost and CO2e, how many leased vehicles
today's fleet has and how many of them the best fleet keeps, vans today and in
the best fleet, the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import threading
import time
from datetime import date
from typing import Any

from fleetplan.demo import build_demo_dataset
from fleetplan.domain import Dataset, category_of, todays_vehicles
from fleetplan.jobs.optimise_kind import optimise_kind
from fleetplan.jobs.runner import JobContext
from fleetplan.web.optimisation_view import form_defaults, form_to_params


def _cpu_s() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _leased_kept(dataset: Dataset, fleet: dict[str, int], end: str) -> tuple[int, int]:
    """Today's vehicles whose lease runs past the period, and how many the fleet
    keeps (its own id as a key)."""
    last = date.fromisoformat(end[:10])
    leased = [
        v.vehicle_id
        for v in todays_vehicles(dataset)
        if v.lease_end is not None and v.lease_end > last
    ]
    return len(leased), sum(1 for vid in leased if fleet.get(vid, 0) >= 1)


def _vans(dataset: Dataset, fleet: dict[str, int]) -> tuple[int, int]:
    by_id = {v.vehicle_id: v for v in dataset.vehicles}
    today = sum(1 for v in todays_vehicles(dataset) if category_of(v) == "van")
    kept = sum(
        n for key, n in fleet.items() if category_of(by_id[key.split("@")[0]]) == "van"
    )
    return today, kept


def run_once(dataset: Dataset) -> tuple[float, float, dict[str, Any]]:
    defaults = form_defaults(dataset)
    job = optimise_kind(lambda: dataset)(form_to_params(defaults, defaults))
    ctx = JobContext(lambda *_: None, "bench", threading.Event())
    wall, cpu = time.perf_counter(), _cpu_s()
    out = job(ctx)
    return time.perf_counter() - wall, _cpu_s() - cpu, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    dataset = build_demo_dataset()
    walls, cpus, out = [], [], {}
    for _ in range(args.repeat):
        wall, cpu, out = run_once(dataset)
        walls.append(wall)
        cpus.append(cpu)
    sols = out.get("solutions", [])
    best = out["fleets"][0] if out.get("fleets") else {}
    leased, kept = _leased_kept(dataset, best, out["period"]["end"])
    vans_today, vans_best = _vans(dataset, best)
    line = {
        "case": "demo, Optimering's defaults",
        "period": out.get("period"),
        "trips": out.get("trips"),
        "full_s": statistics.median(walls),
        "full_cpu_s": statistics.median(cpus),
        "runs": args.repeat,
        "status": out.get("status"),
        "max_gap": max((s.get("gap", 0.0) for s in sols), default=None),
        "best": [round(sols[0]["total_cost_dkk"]), round(sols[0]["co2e_t"], 2)]
        if sols
        else None,
        "front_points": len(out.get("pareto", [])),
        "leased_today": leased,
        "leased_kept_by_best": kept,
        "vans_today": vans_today,
        "vans_in_best": vans_best,
        "rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0),
        "load_before_after": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
