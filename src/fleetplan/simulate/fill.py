"""Fill what km budgets leave: unallocated trips onto vehicles with km to spare.

Blocks are allocated in time order, and a vehicle's km budget is a hard limit, so
a run with budgets can end with km left on some vehicles while trips went to an
external option that one of them could have driven. After the run each such trip,
largest saving first, goes to the vehicle that serves it cheapest among those that
are free for its whole busy interval, have the km (budget and, for bikes, the day's
limit) and whose charge, replayed over all its trips from a full battery, never
runs out. Every move lowers the cost and keeps the allocation feasible, so the
allocation only improves; the bound is untouched.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.classes import busy
from fleetplan.simulate.energy import simulate_soc
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import MINUTES_PER_DAY, FleetState

IntArray = npt.NDArray[np.int64]


def _free(problem: AllocationProblem, t: int, mine: IntArray, i: int) -> bool:
    """Trip i's busy interval on type t overlaps none of trips ``mine``."""
    if len(mine) == 0:
        return True
    start, end = busy(problem, t, mine)
    s, e = busy(problem, t, np.array([i]))
    return not bool(((start < e[0]) & (s[0] < end)).any())


def charge_ok(
    problem: AllocationProblem, fresh: FleetState, v: int, g: IntArray
) -> bool:
    if not np.isfinite(fresh.cap_km[v]):
        return True
    trips = problem.trips
    order = g[np.lexsort((trips.end_min[g], trips.start_min[g]))]
    check = simulate_soc(
        float(fresh.cap_km[v]),
        -np.inf,
        float(fresh.cap_km[v]),
        float(fresh.rate_km_per_min[v]),
        trips.start_min[order],
        trips.end_min[order],
        trips.distance_km[order],
        problem.range_factor[order],
    )
    return check.violation < 0


def _day_ok(
    problem: AllocationProblem, fresh: FleetState, v: int, g: IntArray, i: int
) -> bool:
    if not np.isfinite(fresh.day_cap_km[v]):
        return True
    day = problem.trips.start_min // MINUTES_PER_DAY
    same = g[day[g] == day[i]]
    km = problem.trips.distance_km
    return float(km[same].sum() + km[i]) <= fresh.day_cap_km[v] + 1e-9


def day_limits_ok(
    problem: AllocationProblem, fresh: FleetState, v: int, g: IntArray
) -> bool:
    """A bike's km on each day of trips ``g`` within its daily limit."""
    if not np.isfinite(fresh.day_cap_km[v]) or len(g) == 0:
        return True
    day = (problem.trips.start_min[g] // MINUTES_PER_DAY).astype(np.int64)
    per_day = np.bincount(day - day.min(), weights=problem.trips.distance_km[g])
    return bool((per_day <= fresh.day_cap_km[v] + 1e-9).all())


def fill_budgets(problem: AllocationProblem, fresh: FleetState, out: IntArray) -> int:
    """Move unallocated trips of ``out`` onto vehicles with km left (``fresh``: the
    fleet state before the run); returns how many moved."""
    km = problem.trips.distance_km
    used = np.zeros(len(fresh.type_of))
    served = out >= 0
    np.add.at(used, out[served], km[served])
    room = fresh.budget_km - used
    left = np.flatnonzero(~served)
    if len(left) == 0 or not (room > km[left].min() - 1e-9).any():
        return 0
    cost = problem.trip_cost_dkk[:, fresh.type_of]  # trips × vehicles
    saving = problem.external_cost_dkk[left][:, None] - cost[left]
    saving[~problem.feasible[left][:, fresh.type_of]] = -np.inf
    best = saving.max(axis=1)
    moved = 0
    for k in np.argsort(-best, kind="stable"):
        if best[k] <= 1e-9:
            break
        i = int(left[k])
        for v in np.argsort(-saving[k], kind="stable").tolist():
            if saving[k, v] <= 1e-9:
                break
            if room[v] < km[i] - 1e-9:
                continue
            mine = np.flatnonzero(out == v)
            t = int(fresh.type_of[v])
            if not _free(problem, t, mine, i) or not _day_ok(
                problem, fresh, v, mine, i
            ):
                continue
            if not charge_ok(problem, fresh, v, np.append(mine, i)):
                continue
            out[i] = v
            room[v] -= km[i]
            moved += 1
            break
    return moved
