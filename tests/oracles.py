"""Brute-force oracles, written independently of the MILP engine.

``brute_force_allocation`` enumerates every assignment of trips to vehicle
instances (or to "unallocated") and keeps the cheapest valid one;
``subset_allocation`` finds the same optimum from every set of trips each vehicle
can serve (for up to a dozen trips or so). Valid means, per vehicle: the trips
are feasible for its type; busy intervals ``[start − before, end + after)`` do not
overlap; the charge, starting full and recharging while parked (between one trip's
end and the next one's start), never goes below zero; the km stay within the
budget (allowed km/year × days ÷ 365); a bike's or e-bike's km per calendar day
(of the trip's start) stay within its ``range_km``.
"""

from __future__ import annotations

import itertools
import math
from datetime import date
from typing import NamedTuple

import numpy as np

from fleetplan.simulate.problem import AllocationProblem

TIME_DECIMALS = 6
SOC_TOL_KM = 1e-6
KM_TOL = 1e-9


class OracleVehicle(NamedTuple):
    """One vehicle instance: type, usable range, charge rate, km budget over the
    period, km per day (bikes) and id; inf = no limit."""

    type: int
    cap_km: float
    rate_km_per_min: float
    budget_km: float
    day_km: float
    vehicle_id: str


def vehicle_instances(problem: AllocationProblem) -> list[OracleVehicle]:
    """The vehicle instances in type order (the engine's ``vehicle_ids`` order)."""
    out = []
    years = problem.period.days / 365.0
    for t, ftype in enumerate(problem.types):
        for fv in ftype.vehicles:
            allowed = fv.template.km_per_year_allowed
            daily = fv.template.range_km if fv.template.is_bike else None
            out.append(
                OracleVehicle(
                    t,
                    ftype.capacity_km if ftype.capacity_km else math.inf,
                    ftype.charge_km_per_min,
                    allowed * years if allowed else math.inf,
                    daily if daily else math.inf,
                    fv.vehicle_id,
                )
            )
    return out


def start_day(problem: AllocationProblem, i: int) -> date:
    return problem.trips.start_times[i].date()


def _begin(problem: AllocationProblem, i: int, t: int) -> float:
    tr = problem.trips
    return round(float(tr.start_min[i] - problem.busy_before_min[i, t]), TIME_DECIMALS)


def _free(problem: AllocationProblem, i: int, t: int) -> float:
    tr = problem.trips
    return round(float(tr.end_min[i] + problem.busy_after_min[i, t]), TIME_DECIMALS)


def violations(
    problem: AllocationProblem,
    vehicle: OracleVehicle,
    trips: list[int],
    limit_km: bool = True,
    *,
    limit_charge: bool = True,
    limit_day_km: bool = True,
) -> list[str]:
    """What one vehicle breaks by serving these trips (any order given): a subset
    of ``infeasible``, ``overlap``, ``charge``, ``km``, ``bike_day``."""
    t, cap, rate, budget, daily, _ = vehicle
    tr = problem.trips
    trips = sorted(trips, key=lambda i: (tr.start_min[i], tr.end_min[i]))
    out = []
    if any(not problem.feasible[i, t] for i in trips):
        out.append("infeasible")
    if any(
        _begin(problem, b, t) < _free(problem, a, t)
        for a, b in itertools.pairwise(trips)
    ):
        out.append("overlap")
    if limit_km and sum(float(tr.distance_km[i]) for i in trips) > budget + KM_TOL:
        out.append("km")
    if limit_day_km and math.isfinite(daily):
        per_day: dict[date, float] = {}
        for i in trips:
            day = start_day(problem, i)
            per_day[day] = per_day.get(day, 0.0) + float(tr.distance_km[i])
        if any(km > daily + KM_TOL for km in per_day.values()):
            out.append("bike_day")
    if limit_charge and math.isfinite(cap):
        soc = None
        last_end = 0.0
        for i in trips:
            top = cap * float(problem.range_factor[i])
            if soc is None:
                soc = top
            else:
                soc = min(top, soc + rate * (float(tr.start_min[i]) - last_end))
            soc -= float(tr.distance_km[i])
            if soc < -SOC_TOL_KM:
                out.append("charge")
                break
            last_end = float(tr.end_min[i])
    return out


def vehicle_ok(
    problem: AllocationProblem,
    vehicle: OracleVehicle,
    trips: list[int],
    limit_km: bool = True,
) -> bool:
    """Can one vehicle serve these trips (any order given)?"""
    return not violations(problem, vehicle, trips, limit_km)


def assignment_cost(
    problem: AllocationProblem, vehicles: list[OracleVehicle], choice: list[int]
) -> float:
    """Trip costs on the chosen vehicles plus external costs of the rest (-1)."""
    return sum(
        float(problem.external_cost_dkk[i])
        if v < 0
        else float(problem.trip_cost_dkk[i, vehicles[v].type])
        for i, v in enumerate(choice)
    )


def brute_force_allocation(
    problem: AllocationProblem, limit_km: bool = True
) -> tuple[float, list[int]]:
    """Cheapest valid assignment: (cost, vehicle instance per trip or -1)."""
    vehicles = vehicle_instances(problem)
    n = problem.num_trips
    best = (math.inf, [-1] * n)
    for choice in itertools.product(range(-1, len(vehicles)), repeat=n):
        cost = assignment_cost(problem, vehicles, list(choice))
        if cost >= best[0] - 1e-9:
            continue
        groups: dict[int, list[int]] = {}
        for i, v in enumerate(choice):
            if v >= 0:
                groups.setdefault(v, []).append(i)
        if all(
            vehicle_ok(problem, vehicles[v], g, limit_km) for v, g in groups.items()
        ):
            best = (cost, list(choice))
    return best


def feasible_sets(
    problem: AllocationProblem,
    vehicle: OracleVehicle,
    limit_km: bool = True,
    *,
    limit_charge: bool = True,
    limit_day_km: bool = True,
) -> list[tuple[int, ...]]:
    """Every set of trips the vehicle can serve (the empty one included).

    The family is closed under removing a trip (fewer km; more time parked and
    less driven before the trips after it, and the charge recursion is monotone),
    so each set is found by adding its last trip to a smaller set."""
    n = problem.num_trips
    found: list[tuple[int, ...]] = [()]
    frontier: list[tuple[int, ...]] = [()]
    while frontier:
        grown = []
        for base in frontier:
            for j in range(base[-1] + 1 if base else 0, n):
                trial = (*base, j)
                if not violations(
                    problem,
                    vehicle,
                    list(trial),
                    limit_km,
                    limit_charge=limit_charge,
                    limit_day_km=limit_day_km,
                ):
                    grown.append(trial)
        found.extend(grown)
        frontier = grown
    return found


def subset_allocation(
    problem: AllocationProblem,
    limit_km: bool = True,
    *,
    limit_charge: bool = True,
    limit_day_km: bool = True,
) -> tuple[float, list[int]]:
    """The optimum of ``brute_force_allocation`` for up to ~14 trips: every set of
    trips each vehicle can serve, then a dynamic programme over the vehicles on
    the bitmask of trips served (the most saved against the external cost)."""
    vehicles = vehicle_instances(problem)
    n = problem.num_trips
    external = problem.external_cost_dkk.astype(np.float64)
    masks = np.arange(1 << n, dtype=np.int64)
    best = np.full(1 << n, -np.inf)
    best[0] = 0.0
    picks = []
    for vehicle in vehicles:
        gain = external - problem.trip_cost_dkk[:, vehicle.type]
        after = best.copy()
        pick = np.zeros(1 << n, dtype=np.int64)  # the set this vehicle serves
        for trips in feasible_sets(
            problem,
            vehicle,
            limit_km,
            limit_charge=limit_charge,
            limit_day_km=limit_day_km,
        ):
            if not trips:
                continue
            f = sum(1 << i for i in trips)
            free = masks[(masks & f) == 0]
            value = best[free] + float(gain[list(trips)].sum())
            better = value > after[free | f]
            after[free[better] | f] = value[better]
            pick[free[better] | f] = f
        best = after
        picks.append(pick)
    mask = int(np.argmax(best))
    choice = [-1] * n
    for v in range(len(vehicles) - 1, -1, -1):
        f = int(picks[v][mask])
        for i in range(n):
            if f >> i & 1:
                choice[i] = v
        mask ^= f
    return float(external.sum() - best.max()), choice
