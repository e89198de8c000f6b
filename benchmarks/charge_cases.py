"""Allocation benchmarks where EV charge binds, on the demo municipality.

- ``demo_home_care_jan``: the home-care location's four weeks from Monday 4 May
  moved 16 weeks back (weekdays kept) to 12 January – 9 February, so every EV runs
  at January's range factor, with its own battery and charger.
- ``demo_home_care_jan_40kwh``: the same with every EV given a 40 kWh battery and a
  3.7 kW charger (evening visits end late, the mornings start early: a night does not
  refill it), so the charge carries from day to day.
- ``demo_today``: the whole demo municipality, six months, today's fleet.

Timed: ``allocate`` (the problem is built untimed); baseline: the greedy
allocation of the same problem. The line carries status, gap and unallocated trips.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from datetime import datetime, timedelta
from typing import Any

from benchmarks.registry import BenchCase, register
from fleetplan.demo import build_demo_dataset
from fleetplan.demo.places import HOME_CARE
from fleetplan.domain import Dataset, Period, VehicleType
from fleetplan.economics import get_builtin_factor_set
from fleetplan.simulate import AllocationProblem, make_input, problem_from_input
from fleetplan.simulate.engine import allocate
from fleetplan.simulate.from_dataset import current_fleet
from fleetplan.simulate.result import AllocationParams, Method

PARAMS = AllocationParams(time_limit_s=120.0, limit_km=False)
FIRST_DAY = datetime(2026, 5, 4)  # a Monday
WEEKS = 4
SHIFT = timedelta(weeks=16)  # to Monday 12 January 2026
SIZES = ("demo_home_care_jan", "demo_home_care_jan_40kwh", "demo_today")


def winter_home_care(small_battery: bool) -> tuple[Dataset, Period]:
    """The demo's home care in January (module docstring)."""
    demo = build_demo_dataset()
    last_day = FIRST_DAY + timedelta(weeks=WEEKS)
    trips = tuple(
        dataclasses.replace(
            r,
            start_time=r.start_time - SHIFT,
            end_time=r.end_time - SHIFT,
            segments=(),
        )
        for r in demo.roundtrips
        if r.location_id == HOME_CARE and FIRST_DAY <= r.start_time < last_day
    )
    vehicles = tuple(
        dataclasses.replace(
            v,
            battery_kwh=40.0,
            range_km=40_000.0 / v.wltp_wh_per_km if v.wltp_wh_per_km else 250.0,
            charge_kw=3.7,
        )
        if small_battery and v.vehicle_type is VehicleType.EV
        else v
        for v in demo.vehicles
        if v.location_id == HOME_CARE or v.is_candidate
    )
    data = dataclasses.replace(demo, vehicles=vehicles, roundtrips=trips)
    return data, Period(FIRST_DAY - SHIFT, last_day - SHIFT)


@dataclasses.dataclass(slots=True)
class Prepared:
    problem: AllocationProblem
    wall_s: list[float] = dataclasses.field(default_factory=list)


def prepare(size: str) -> Prepared:
    factors = get_builtin_factor_set("dk-2025")
    if size == "demo_today":
        demo = build_demo_dataset()
        inp = make_input(demo, current_fleet(demo, None), factors)
    else:
        data, period = winter_home_care(size.endswith("40kwh"))
        inp = make_input(
            data,
            current_fleet(data, None),
            factors,
            period=period,
            locations=[HOME_CARE],
        )
    return Prepared(problem_from_input(inp))


def run(prep: Prepared) -> dict[str, Any]:
    began = time.perf_counter()
    result = allocate(prep.problem, PARAMS)
    prep.wall_s.append(time.perf_counter() - began)
    return {
        "trips": prep.problem.num_trips,
        "status": str(result.status),
        "gap": result.gap,
        "objective_dkk": result.objective_dkk,
        "bound_dkk": result.lower_bound_dkk,
        "unallocated": result.num_unallocated,
        "components": result.components,
        "allocate_s": statistics.median(prep.wall_s),
    }


def greedy(prep: Prepared) -> None:
    allocate(prep.problem, AllocationParams(method=Method.GREEDY, limit_km=False))


CHARGE = register(
    BenchCase(
        name="simulate.charge",
        group="charge",
        sizes=SIZES,
        setup=prepare,
        run=run,
        baseline=greedy,
        default_sizes=SIZES,
    )
)
