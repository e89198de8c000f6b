"""Brute-force oracles, written independently of the MILP engine.

``brute_force_allocation`` enumerates every assignment of trips to vehicle
instances (or to "unallocated") and keeps the cheapest valid one. Valid means, per
vehicle: the trips are feasible for its type; busy intervals ``[start − before,
end + after)`` do not overlap; the charge, starting full and recharging while
parked, never goes below zero; the km stay within the budget.
"""

from __future__ import annotations

import itertools
import math

from fleetplan.simulate.problem import AllocationProblem


def vehicle_instances(
    problem: AllocationProblem,
) -> list[tuple[int, float, float, float]]:
    """(type, capacity km, charge km/min, budget km) per vehicle instance."""
    out = []
    years = problem.period.days / 365.0
    for t, ftype in enumerate(problem.types):
        for fv in ftype.vehicles:
            allowed = fv.template.km_per_year_allowed
            out.append(
                (
                    t,
                    ftype.capacity_km if ftype.capacity_km else math.inf,
                    ftype.charge_km_per_min,
                    allowed * years if allowed else math.inf,
                )
            )
    return out


def vehicle_ok(
    problem: AllocationProblem,
    vehicle: tuple[int, float, float, float],
    trips: list[int],
    limit_km: bool = True,
) -> bool:
    """Can one vehicle serve these trips (any order given)?"""
    t, cap, rate, budget = vehicle
    tr = problem.trips
    trips = sorted(trips, key=lambda i: (tr.start_min[i], tr.end_min[i]))
    if any(not problem.feasible[i, t] for i in trips):
        return False
    for a, b in itertools.pairwise(trips):
        free = round(float(tr.end_min[a] + problem.busy_after_min[a, t]), 6)
        begin = round(float(tr.start_min[b] - problem.busy_before_min[b, t]), 6)
        if begin < free:
            return False
    if limit_km and sum(float(tr.distance_km[i]) for i in trips) > budget + 1e-9:
        return False
    if math.isfinite(cap):
        soc = None
        last_end = 0.0
        for i in trips:
            top = cap * float(problem.range_factor[i])
            if soc is None:
                soc = top
            else:
                soc = min(top, soc + rate * (float(tr.start_min[i]) - last_end))
            soc -= float(tr.distance_km[i])
            if soc < -1e-6:
                return False
            last_end = float(tr.end_min[i])
    return True


def brute_force_allocation(
    problem: AllocationProblem, limit_km: bool = True
) -> tuple[float, list[int]]:
    """Cheapest valid assignment: (cost, vehicle instance per trip or -1)."""
    vehicles = vehicle_instances(problem)
    n = problem.num_trips
    best = (math.inf, [-1] * n)
    for choice in itertools.product(range(-1, len(vehicles)), repeat=n):
        cost = 0.0
        for i, v in enumerate(choice):
            cost += (
                float(problem.external_cost_dkk[i])
                if v < 0
                else float(problem.trip_cost_dkk[i, vehicles[v][0]])
            )
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
