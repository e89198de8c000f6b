"""Benchmark the optimiser's full answer: the 5 distinct best fleets and the front.

Run ``python -m benchmarks.full_answer_bench [--repeat 3] [--cases 50,100]``.
Prints one JSON line per case. Settings as ``fleetplan optimise --data <set>
--candidates all --current reduce --weight 5 --factors os2-defaults`` (issue 15):
the factor set's values win over meta.json's, the meta's service level, allowed
km/yr not enforced, shifts on, the defaults for the rest (target gap 1 %, 5
fleets at least 2 vehicles apart, weights 0, 2.5, 5, 7.5, 10).

- ``full_s`` / ``full_cpu_s``: median wall and CPU seconds of ``--repeat`` runs of
  ``optimise_fleet`` (the instance built inside, as the CLI does);
  ``baseline_s`` one exact allocation of today's fleet in the same process,
  ``ratio`` = full ÷ baseline (the load on a shared machine moves both).
- ``max_gap``, ``status``, ``milp_solves``, ``lp_front`` points, the smallest
  distance between two fleets shown, and ``beats_os2``: some front point at most
  OS2's GA cost and CO2e (anchor-results.md); the meta's slack allows
  unallocated trips, OS2's GA run had 0 (50) and 1 (100), shown beside.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path
from typing import Any

from fleetplan.economics import get_builtin_factor_set
from fleetplan.ingest import read_dataset
from fleetplan.optimise import OptimiseParams, OptimiseResult, optimise_fleet
from fleetplan.simulate import (
    AllocationParams,
    ProblemParams,
    allocate,
    make_input,
    problem_from_input,
)

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
# dataset, OS2 GA (fixed = current) cost kr/yr, CO2e t/yr, unallocated, seconds
CASES: dict[str, tuple[str, float, float, int, float]] = {
    "50": ("synth_50v_60d", 2_171_246, 47.1, 0, 56.3),
    "100": ("synth_100v_90d", 4_074_380, 87.6, 1, 263.1),
}


def _cpu_s() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _apart(res: OptimiseResult) -> int | None:
    sols = res.solutions
    out = [
        sum(abs(a.counts.get(m, 0) - b.counts.get(m, 0)) for m in a.counts | b.counts)
        for i, a in enumerate(sols)
        for b in sols[:i]
    ]
    return min(out) if out else None


def run_case(name: str, repeat: int) -> dict[str, Any]:
    folder, cost, co2e_t, left, os2_s = CASES[name]
    ds = read_dataset(REFERENCE / folder)
    factors = get_builtin_factor_set("os2-defaults")
    inp = make_input(ds, None, factors, factors_explicit=True, with_candidates=True)
    params = OptimiseParams(
        weight=5.0,
        max_unallocated=inp.settings.slack_unallocated_trips,
        max_undriven_km=inp.settings.max_undriven_km,
        limit_km=False,
    )
    began = time.perf_counter()
    allocate(problem_from_input(inp, ProblemParams()), AllocationParams(limit_km=False))
    baseline = time.perf_counter() - began
    times, cpu = [], []
    res: OptimiseResult | None = None
    for _ in range(repeat):
        began, cpu0 = time.perf_counter(), _cpu_s()
        res = optimise_fleet(inp, params)
        times.append(time.perf_counter() - began)
        cpu.append(_cpu_s() - cpu0)
    assert res is not None
    front = [p.solution for p in res.pareto]
    # OS2 accepts unallocated trips up to its slack too; they are reported beside
    beats = any(s.total_cost_dkk <= cost and s.co2e_t <= co2e_t for s in front)
    fewest_left = min((s.unallocated for s in front), default=None)
    return {
        "case": f"optimise.full.{folder}.reduce",
        "runs": repeat,
        "full_s": round(statistics.median(times), 2),
        "full_cpu_s": round(statistics.median(cpu), 2),
        "baseline_s": round(baseline, 2),
        "ratio": round(statistics.median(times) / baseline, 1),
        "os2_s": os2_s,
        "status": str(res.status),
        "max_gap": round(max((s.gap for s in res.solutions), default=0.0), 5),
        "gaps": [round(s.gap, 5) for s in res.solutions],
        "milp_solves": res.milp_solves,
        "fleets": len(res.solutions),
        "min_apart": _apart(res),
        "front_points": len(res.pareto),
        "front_complete": res.front_complete,
        "best": [
            round(res.solutions[0].total_cost_dkk),
            round(res.solutions[0].co2e_t, 2),
        ]
        if res.solutions
        else None,
        "front": [
            [round(s.total_cost_dkk), round(s.co2e_t, 2), s.unallocated] for s in front
        ],
        "os2": [cost, co2e_t, left],
        "beats_os2": beats,
        "front_min_unallocated": fewest_left,
        "rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()
    for name in [c for c in args.cases.split(",") if c]:
        print(json.dumps(run_case(name, args.repeat)), flush=True)


if __name__ == "__main__":
    main()
