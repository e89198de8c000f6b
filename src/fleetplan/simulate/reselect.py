"""Re-select each budgeted vehicle's trips exactly, given the others' (a local search).

Blocks are allocated in time order, so a vehicle's km budget is spent on the trips
that came first, not on those that save most per km. After the run, for one vehicle
v at a time, with every other vehicle's trips fixed: among v's own trips and the
unallocated trips v may drive, choose a set whose busy intervals do not overlap and
whose km fit v's budget, saving the most (external cost − v's cost per trip). That
is a weighted interval scheduling problem with one knapsack row, solved exactly by
dynamic programming over the trips sorted by end and the budget in ``units`` steps:

    F[k][r] = max(F[k−1][r], w_k + F[p(k)][r − ⌈km_k / u⌉])

with p(k) the number of trips ending at or before trip k's start. Rounding each
trip's km up (and the budget down) to whole units only loses capacity, so every
set the DP picks keeps the budget. The new set is kept when it saves more than the
old one and v's charge, replayed over it from a full battery, never runs out (and a
bike's daily km hold); the allocation only improves and stays feasible.
"""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.classes import busy
from fleetplan.simulate.fill import charge_ok, day_limits_ok
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import FleetState

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# DP table cells per vehicle (float32, 6 MB): on synth_20v_30d with km budgets
# 1.5 M found the same sets as 4 M (23,209 vs 23,208 kr) in two thirds the time
MAX_CELLS = 1_500_000
MAX_UNITS = 20_000
MAX_PASSES = 3
_EPS = 1e-6


def best_schedule(
    weight: FloatArray,
    start: FloatArray,
    end: FloatArray,
    km: FloatArray,
    budget_km: float,
) -> IntArray:
    """Indices of a set of non-overlapping ``[start, end)`` intervals with the
    largest total ``weight`` whose ``km`` (rounded up to the DP's unit) fit
    ``budget_km``; only positive weights are taken."""
    cand = np.flatnonzero(weight > _EPS)
    if len(cand) == 0:
        return cand
    order = cand[np.argsort(end[cand], kind="stable")]
    w, s, e = weight[order], start[order], end[order]
    prev = np.searchsorted(e, s, side="right")  # trips ending at or before start
    n = len(order)
    units = int(min(MAX_UNITS, max(1, MAX_CELLS // (n + 1))))
    if np.isfinite(budget_km):
        unit = max(budget_km, 1e-9) / units
        need = np.ceil(km[order] / unit - 1e-9).astype(np.int64)
        cap = units if budget_km > 0 else 0
    else:
        need, cap = np.zeros(n, dtype=np.int64), 0
    # float32 halves the memory traffic; a row not improved is copied exactly,
    # so the walk back below compares equal values, and the caller re-prices the
    # chosen set in float64
    table = np.empty((n + 1, cap + 1), dtype=np.float32)
    table[0] = 0.0
    take = np.empty(cap + 1, dtype=np.float32)
    for k in range(n):
        row = table[k + 1]
        row[:] = table[k]
        q = int(need[k])
        if q <= cap:
            np.add(table[prev[k], : cap + 1 - q], w[k], out=take[: cap + 1 - q])
            np.maximum(row[q:], take[: cap + 1 - q], out=row[q:])
    chosen: list[int] = []
    k, r = n, cap
    while k > 0:
        if table[k, r] != table[k - 1, r]:
            chosen.append(int(order[k - 1]))
            r -= int(need[k - 1])
            k = int(prev[k - 1])
        else:
            k -= 1
    return np.array(sorted(chosen), dtype=np.int64)


def reselect_budgets(
    problem: AllocationProblem,
    fresh: FleetState,
    out: IntArray,
    until: float = float("inf"),
) -> int:
    """Improve ``out`` vehicle by vehicle (module docstring) until the
    ``time.perf_counter()`` deadline ``until``; ``fresh``: the fleet state before
    the run. Returns how many times a vehicle's trips changed."""
    budgeted = np.flatnonzero(np.isfinite(fresh.budget_km))
    if len(budgeted) == 0:
        return 0
    external = problem.external_cost_dkk
    km = problem.trips.distance_km
    changed = 0
    # a vehicle is looked at again only after another one released trips
    seen_release = np.full(len(fresh.type_of), -1)
    releases = 0
    for _ in range(MAX_PASSES):
        improved = False
        for v in budgeted.tolist():
            if seen_release[v] == releases:
                continue
            if time.perf_counter() > until:
                return changed
            seen_release[v] = releases
            t = int(fresh.type_of[v])
            mine = np.flatnonzero(out == v)
            # the unallocated trips v may drive (the DP skips those saving nothing)
            pool = np.flatnonzero((out < 0) & problem.feasible[:, t])
            if len(pool) == 0:
                continue
            cand = np.concatenate([mine, pool])
            weight = external[cand] - problem.trip_cost_dkk[cand, t]
            start, end = busy(problem, t, cand)
            pick = cand[
                best_schedule(weight, start, end, km[cand], float(fresh.budget_km[v]))
            ]
            old = float((external[mine] - problem.trip_cost_dkk[mine, t]).sum())
            new = float((external[pick] - problem.trip_cost_dkk[pick, t]).sum())
            if new <= old + _EPS * max(1.0, abs(old)):
                continue
            if not charge_ok(problem, fresh, v, pick) or not day_limits_ok(
                problem, fresh, v, pick
            ):
                continue
            out[mine] = -1
            out[pick] = v
            changed += 1
            improved = True
            if np.setdiff1d(mine, pick).size:
                releases += 1
                seen_release[v] = releases
        if not improved:
            break
    return changed
