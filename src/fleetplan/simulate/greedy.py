"""The greedy baseline: trips in start order, the greenest free vehicle first.

"Greenest" = lowest energy + societal CO2e cost for the trip (ties: lower fleet
index). A trip no vehicle can take goes to its external option. Used as the
baseline of the benchmarks and to finish components when a run is stopped; never
as the answer of the exact method. ``guided_assign`` follows a plan (the class
model's vehicles) and falls back to the greedy choice only where the plan's
vehicle cannot take the trip.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import FleetState

IntArray = npt.NDArray[np.int64]

# above this many vehicles a vectorised filter (``FleetState.may_fit``) comes first;
# below it testing vehicles one by one, cheapest first, stops sooner
FILTER_MIN_VEHICLES = 200
# ``guided_assign``'s plan entries: the trip is left as planned / has no plan
LEFT, NO_PLAN = -1, -2


def greedy_assign(
    problem: AllocationProblem,
    state: FleetState,
    trip_indices: Sequence[int] | IntArray,
    out: IntArray,
) -> float:
    """Assign the given trips (any order; processed by start) and update ``state``.

    Writes vehicle indices (-1 = unallocated) into ``out`` and returns the cost.
    """
    idx = np.asarray(trip_indices, dtype=np.int64)
    return guided_assign(problem, state, idx, np.full(len(idx), NO_PLAN), out)


def guided_assign(
    problem: AllocationProblem,
    state: FleetState,
    trip_indices: IntArray,
    plan: IntArray,
    out: IntArray,
) -> float:
    """Assign trips ``trip_indices`` in start order, trip k to vehicle ``plan[k]``
    when it can take it (``LEFT``: left, as planned; ``NO_PLAN``), else to the greenest
    vehicle that can; update ``state``, write ``out`` and return the cost."""
    trips = problem.trips
    idx = np.asarray(trip_indices, dtype=np.int64)
    order = np.lexsort((trips.end_min[idx], trips.start_min[idx]))
    cost = 0.0
    type_cost = problem.trip_cost_dkk  # per trip and type (not per vehicle: memory)
    for i, planned in zip(idx[order].tolist(), plan[order].tolist(), strict=True):
        chosen = -1
        if planned >= 0 and state.fits(problem, planned, i):
            chosen = planned
        elif planned != LEFT:
            maybe = (
                np.flatnonzero(state.may_fit(problem, i))
                if len(state.vehicle_ids) > FILTER_MIN_VEHICLES
                else np.arange(len(state.vehicle_ids))
            )
            by_cost = maybe[
                np.argsort(type_cost[i, state.type_of[maybe]], kind="stable")
            ]
            for v in by_cost.tolist():
                if state.fits(problem, v, i):
                    chosen = v
                    break
        out[i] = chosen
        if chosen >= 0:
            state.serve(problem, chosen, i)
            cost += float(type_cost[i, state.type_of[chosen]])
        else:
            cost += float(problem.external_cost_dkk[i])
    return cost


def trivial_bound(problem: AllocationProblem, trip_indices: IntArray) -> float:
    """Σ over trips of the cheaper of its best feasible type and its external cost
    (ignores overlaps, charge and km limits, so it never exceeds the optimum)."""
    if len(trip_indices) == 0:
        return 0.0
    cost = np.where(
        problem.feasible[trip_indices], problem.trip_cost_dkk[trip_indices], np.inf
    )
    best = np.minimum(
        cost.min(axis=1, initial=np.inf), problem.external_cost_dkk[trip_indices]
    )
    return float(best.sum())
