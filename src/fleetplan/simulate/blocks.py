"""Blocks: the parts of a problem that the engine solves one at a time, exactly.

1. *Groups.* Trips that no common type can serve never compete for a vehicle
   (without pooling: two locations), so they are solved apart.
2. *Components* within a group: trips whose busy intervals on the group's types
   chain together (see ``classes.components``).
3. *Blocks.* Consecutive components of a group are merged while a vehicle could
   carry something from one to the next that the next one's model must see:
   - an EV that may not be full again: the time from the last end of a trip it
     could serve in the block to the first start of a trip it could serve later is
     shorter than a full recharge (capacity × the highest range factor ÷ rate);
   - a bike or e-bike with a daily km limit that could serve trips of the block and
     of the next component on the same calendar day.

So at the start of every block each EV is full whatever came before, and no daily
limit spans two blocks: blocks are independent but for the km budgets (see
``engine``), and a block's exact optimum with full batteries is a valid bound.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.classes import components_of
from fleetplan.simulate.problem import AllocationProblem

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

MINUTES_PER_DAY = 1440.0


def type_groups(problem: AllocationProblem) -> list[IntArray]:
    """Type indices of each group: types joined by a trip both can serve."""
    m = problem.num_types
    parent = list(range(m))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for row in np.unique(problem.feasible, axis=0) if problem.num_trips else []:
        cols = np.flatnonzero(row)
        for t in cols[1:]:
            a, b = root(int(cols[0])), root(int(t))
            if a != b:
                parent[b] = a
    groups: dict[int, list[int]] = {}
    for t in range(m):
        groups.setdefault(root(t), []).append(t)
    return [np.asarray(g, dtype=np.int64) for g in groups.values()]


def _full_recharge_min(problem: AllocationProblem, t: int, top: float) -> float:
    """Minutes type t needs to fill an empty battery (0 without a battery)."""
    ftype = problem.types[t]
    if ftype.capacity_km is None:
        return 0.0
    if ftype.charge_km_per_min <= 0:
        return float("inf")
    return ftype.capacity_km * top / ftype.charge_km_per_min


def _daily_limited(problem: AllocationProblem, t: int) -> bool:
    template = problem.types[t].template
    return template.is_bike and bool(template.range_km)


def _merge(
    problem: AllocationProblem, types: IntArray, parts: list[IntArray]
) -> list[IntArray]:
    """Merge consecutive components of one group into blocks (module docstring)."""
    trips = problem.trips
    top = float(problem.range_factor.max()) if problem.num_trips else 1.0
    need = {int(t): _full_recharge_min(problem, int(t), top) for t in types}
    charged = [t for t, minutes in need.items() if minutes > 0]
    daily = [int(t) for t in types if _daily_limited(problem, int(t))]
    # per component and watched type: first start / last end of a trip it can serve
    first = {t: np.full(len(parts), np.inf) for t in charged}
    last = {t: np.full(len(parts), -np.inf) for t in charged}
    days = {t: [set() for _ in parts] for t in daily}
    day_of = np.floor(trips.start_min / MINUTES_PER_DAY).astype(np.int64)
    for k, idx in enumerate(parts):
        for t in charged:
            can = idx[problem.feasible[idx, t]]
            if len(can):
                first[t][k] = float(trips.start_min[can].min())
                last[t][k] = float(trips.end_min[can].max())
        for t in daily:
            days[t][k] = set(day_of[idx[problem.feasible[idx, t]]].tolist())
    # the next start after component k of a trip type t can serve
    later = {
        t: [*np.minimum.accumulate(first[t][::-1])[::-1][1:].tolist(), np.inf]
        for t in charged
    }
    blocks: list[list[IntArray]] = [[]]
    block_last = dict.fromkeys(charged, -np.inf)
    block_days: dict[int, set[int]] = {t: set() for t in daily}
    for k, idx in enumerate(parts):
        for t in charged:
            block_last[t] = max(block_last[t], last[t][k])
        for t in daily:
            block_days[t] |= days[t][k]
        blocks[-1].append(idx)
        if k + 1 == len(parts):
            break
        carries = any(later[t][k] - block_last[t] < need[t] for t in charged) or any(
            block_days[t] & days[t][k + 1] for t in daily
        )
        if not carries:
            blocks.append([])
            block_last = dict.fromkeys(charged, -np.inf)
            block_days = {t: set() for t in daily}
    return [np.sort(np.concatenate(b)) for b in blocks if b]


def blocks(problem: AllocationProblem) -> list[IntArray]:
    """Trip indices of each block, ordered by their first start; trips no type can
    serve form blocks of their own (they can only be left)."""
    out: list[IntArray] = []
    served = np.zeros(problem.num_trips, dtype=bool)
    for types in type_groups(problem):
        mine = np.flatnonzero(problem.feasible[:, types].any(axis=1))
        served[mine] = True
        out.extend(_merge(problem, types, components_of(problem, mine, types)))
    orphans = np.flatnonzero(~served)
    if len(orphans):
        out.append(orphans.astype(np.int64))
    out.sort(key=lambda b: (float(problem.trips.start_min[b].min()), int(b[0])))
    return out
