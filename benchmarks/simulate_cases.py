"""Simulation benchmarks on the reference datasets, against OS2 FleetOptimiser.

Same data and settings as ``reference/anchor-results.md``: the dataset's meta.json
settings, ``--factors os2-defaults``, fleet = current (1 × each current car), all
locations pooled (one location here). Timed: the exact ``allocate`` call (the problem
is built untimed, as OS2's "sim s" times its simulator call); baseline: the greedy
allocation of the same problem in the same process. Reported cost and CO2e are the
simulated fleet's yearly totals (fixed + energy + societal CO2e + external).

The harness times ``run`` (allocation + yearly report); the line also carries the
medians over the runs so far of the ``allocate`` call alone, in wall time and in
process CPU time (``allocate_s``, ``allocate_cpu_s``): on a shared machine the CPU
time is the figure least inflated by other processes.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.registry import BenchCase, register
from fleetplan.economics import get_builtin_factor_set
from fleetplan.ingest import read_dataset
from fleetplan.simulate import (
    AllocationProblem,
    SimulationInput,
    make_input,
    problem_from_input,
)
from fleetplan.simulate.engine import allocate
from fleetplan.simulate.result import AllocationParams, Method
from fleetplan.simulate.simulation import build_report

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"

# (dataset, shifts) -> OS2 manual greedy: yearly cost kr, CO2e t, unallocated, sim s
ANCHORS: dict[tuple[str, bool], tuple[float, float, int, float]] = {
    ("synth_20v_30d", True): (995_431, 18.5, 0, 0.7),
    ("synth_20v_30d", False): (970_651, 11.6, 0, 0.7),
    ("synth_50v_60d", True): (2_494_035, 47.1, 0, 7.9),
    ("synth_50v_60d", False): (2_417_739, 26.6, 0, 7.6),
    ("synth_100v_90d", True): (4_983_331, 87.6, 0, 25.4),
    ("synth_100v_90d", False): (4_828_283, 46.4, 0, 31.3),
}
PARAMS = AllocationParams(time_limit_s=60.0, limit_km=False)
# the same without re-bounding by finer classes (the allocation alone)
PLAIN = AllocationParams(time_limit_s=60.0, limit_km=False, refine_time_share=0.0)
# each vehicle's allowed km/year over the period (``--limit-km``): the sets'
# historical km exceed these budgets by about 9 %, so trips must be left
KM_BUDGETS = AllocationParams(time_limit_s=60.0, limit_km=True)


@dataclass(frozen=True, slots=True)
class Prepared:
    dataset: str
    shifts: bool
    inp: SimulationInput
    problem: AllocationProblem
    params: AllocationParams = PARAMS
    wall_s: list[float] = field(default_factory=list)  # per run of ``allocate``
    cpu_s: list[float] = field(default_factory=list)


def prepare(
    dataset: str,
    shifts: bool,
    folder: Path = REFERENCE,
    params: AllocationParams = PARAMS,
) -> Prepared:
    data = read_dataset(folder / dataset)
    inp = make_input(
        data, None, get_builtin_factor_set("os2-defaults"), use_shifts=shifts
    )
    return Prepared(dataset, shifts, inp, problem_from_input(inp), params)


def run(prep: Prepared) -> dict[str, Any]:
    began, began_cpu = time.perf_counter(), time.process_time()
    result = allocate(prep.problem, prep.params)
    prep.wall_s.append(time.perf_counter() - began)
    prep.cpu_s.append(time.process_time() - began_cpu)
    report = build_report(prep.inp, prep.problem, result)
    anchor = ANCHORS.get((prep.dataset, prep.shifts))
    line: dict[str, Any] = {
        "trips": prep.problem.num_trips,
        "status": str(result.status),
        "gap": result.gap,
        "objective_dkk": result.objective_dkk,
        "bound_dkk": result.lower_bound_dkk,
        "cost_dkk_per_year": report.simulated.total_cost_dkk,
        "current_cost_dkk_per_year": report.current.total_cost_dkk,
        "co2e_t_per_year": report.simulated.co2e_t,
        "unallocated": result.num_unallocated,
        "vehicles_used": len({int(v) for v in result.vehicle_index if v >= 0}),
        "energy_repairs": result.energy_repairs,
        "allocate_s": statistics.median(prep.wall_s),
        "allocate_cpu_s": statistics.median(prep.cpu_s),
    }
    if anchor is not None:
        line.update(
            os2_cost_dkk_per_year=anchor[0],
            os2_co2e_t_per_year=anchor[1],
            os2_unallocated=anchor[2],
            os2_sim_s=anchor[3],
        )
    return line


def greedy(prep: Prepared) -> None:
    allocate(
        prep.problem,
        AllocationParams(method=Method.GREEDY, limit_km=prep.params.limit_km),
    )


def _case(
    name: str,
    shifts: bool,
    sizes: tuple[str, ...],
    defaults: tuple[str, ...],
    params: AllocationParams = PARAMS,
) -> BenchCase:
    return register(
        BenchCase(
            name=name,
            group="simulate",
            sizes=sizes,
            setup=lambda size: prepare(size, shifts, params=params),
            run=run,
            baseline=greedy,
            default_sizes=defaults,
        )
    )


NO_SHIFTS = _case(
    "simulate.no_shifts",
    False,
    ("synth_20v_30d", "synth_50v_60d", "synth_100v_90d"),
    ("synth_50v_60d", "synth_100v_90d"),
)
SHIFTS = _case(
    "simulate.shifts",
    True,
    ("synth_20v_30d", "synth_50v_60d", "synth_100v_90d"),
    ("synth_50v_60d",),
)
NO_SHIFTS_PLAIN = _case(
    "simulate.no_shifts.no_rebound",
    False,
    ("synth_20v_30d", "synth_50v_60d", "synth_100v_90d"),
    ("synth_50v_60d", "synth_100v_90d"),
    PLAIN,
)
SHIFTS_PLAIN = _case(
    "simulate.shifts.no_rebound",
    True,
    ("synth_20v_30d", "synth_50v_60d", "synth_100v_90d"),
    ("synth_50v_60d",),
    PLAIN,
)
KM = _case(
    "simulate.km_budgets",
    False,
    ("synth_20v_30d", "synth_50v_60d", "synth_100v_90d"),
    ("synth_20v_30d", "synth_50v_60d"),
    KM_BUDGETS,
)
