"""Blocks: the parts of a problem that the engine solves one at a time, exactly.

1. *Groups.* Trips that no common type can serve never compete for a vehicle
   (without pooling: two locations), so they are solved apart.
2. *Components* within a group: trips whose busy intervals on the group's types
   chain together (see ``classes.components_of``).
3. *Blocks.* Consecutive components of a group are merged while a vehicle could
   carry something from one to the next that the next one's model must see:
   - an EV that may not be full again. Its deficit (usable range × the highest
     range factor − charge, in km) at the end of a component is at most
     ``D_k = min(full, max(0, D_{k−1} − rate·gap) + W_k + drop_k)``, where ``W_k``
     is the most km one vehicle of its type can drive in component k (a heaviest
     chain of non-overlapping busy intervals), ``gap`` the time from the last end
     of a trip it can serve before to the first start of one in k, and ``drop_k``
     what a lower range factor in k takes off a full battery. ``D`` starts at 0
     (a block starts full) and the block ends once ``rate·gap ≥ D`` for every EV
     type to its next trip: whatever the allocation, each EV is full again.
   - a bike or e-bike with a daily km limit that could serve trips of the block and
     of the next component on the same calendar day.

So at the start of every block each EV is full whatever came before, and no daily
limit spans two blocks: blocks are independent but for the km budgets (see
``engine``), and a block's exact optimum with full batteries is a valid bound.

4. A group whose vehicles have a km budget that can bind is one block when it is
   small (``JOINT_MAX_COLUMNS``): the per-vehicle model then holds each budget as
   one row, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.classes import busy, components_of
from fleetplan.simulate.km_caps import heaviest_chain_km
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import MINUTES_PER_DAY, FleetState

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def type_groups(problem: AllocationProblem) -> list[IntArray]:
    """Type indices of each group: types joined by a trip both can serve."""
    m = problem.num_types
    parent = list(range(m))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    # the distinct rows of ``feasible`` (a few dozen), found on packed bits
    packed = np.packbits(problem.feasible, axis=1)
    rows = np.unique(packed.view(np.dtype((np.void, packed.shape[1]))).ravel())
    for row in rows:
        bits = np.unpackbits(np.frombuffer(row.tobytes(), dtype=np.uint8))[:m]
        cols = np.flatnonzero(bits)
        for t in cols[1:].tolist():
            a, b = root(int(cols[0])), root(t)
            if a != b:
                parent[b] = a
    groups: dict[int, list[int]] = {}
    for t in range(m):
        groups.setdefault(root(t), []).append(t)
    return [np.asarray(g, dtype=np.int64) for g in groups.values()]


@dataclass(frozen=True, slots=True)
class _Usage:
    """Per component: whether a type can serve any of its trips, the most km one
    vehicle of it can drive there, its first start and last end of those trips and
    the lowest and highest range factor among them."""

    used: BoolArray
    driven_km: FloatArray
    first_start: FloatArray
    last_end: FloatArray
    low: FloatArray
    high: FloatArray


def _usage(
    problem: AllocationProblem, t: int, comp_of: IntArray, mine: IntArray, parts: int
) -> _Usage:
    trips = problem.trips
    can = mine[problem.feasible[mine, t]]
    start, end = busy(problem, t, can)
    order = np.argsort(end, kind="stable")
    can, start, end = can[order], start[order], end[order]
    best = heaviest_chain_km(start, end, trips.distance_km[can])
    comp = comp_of[can]
    used = np.zeros(parts, dtype=bool)
    used[comp] = True
    # components come in end order: the last position of each in ``can``
    last_pos = np.zeros(parts, dtype=np.int64)
    np.maximum.at(last_pos, comp, np.arange(1, len(can) + 1))
    at_end = best[np.maximum.accumulate(last_pos)]
    driven = np.diff(np.concatenate([[0.0], at_end]))
    first = np.full(parts, np.inf)
    np.minimum.at(first, comp, trips.start_min[can])
    last = np.full(parts, -np.inf)
    np.maximum.at(last, comp, trips.end_min[can])
    rf = problem.range_factor[can]
    low = np.full(parts, np.inf)
    np.minimum.at(low, comp, rf)
    high = np.full(parts, -np.inf)
    np.maximum.at(high, comp, rf)
    return _Usage(used, driven, first, last, low, high)


def _ev_carries(
    problem: AllocationProblem, types: IntArray, parts: list[IntArray]
) -> list[bool]:
    """Per component boundary k → k+1: may an EV be short of full at k+1?"""
    carries = [False] * max(0, len(parts) - 1)
    mine = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    comp_of = np.zeros(problem.num_trips, dtype=np.int64)
    for k, idx in enumerate(parts):
        comp_of[idx] = k
    cache: dict[bytes, _Usage] = {}
    for t in (int(t) for t in types):
        ftype = problem.types[t]
        if ftype.capacity_km is None:
            continue
        key = b"".join(
            a[mine, t].tobytes()
            for a in (problem.feasible, problem.busy_before_min, problem.busy_after_min)
        )
        if key not in cache:
            cache[key] = _usage(problem, t, comp_of, mine, len(parts))
        use = cache[key]
        cap, rate = ftype.capacity_km, ftype.charge_km_per_min
        deficit, last_end, last_low, last_k = 0.0, -np.inf, 1.0, -1
        for k in np.flatnonzero(use.used).tolist():
            low, high = float(use.low[k]), float(use.high[k])
            if last_k >= 0:
                # a higher range factor here enlarges a full battery
                need = deficit + cap * max(0.0, high - last_low)
                regained = rate * (float(use.first_start[k]) - last_end)
                if regained < need:
                    for b in range(last_k, k):
                        carries[b] = True
                deficit = max(0.0, need - regained)
            deficit = min(cap * high, deficit + use.driven_km[k] + cap * (high - low))
            last_end, last_low, last_k = float(use.last_end[k]), low, k
    return carries


def _daily_limited(problem: AllocationProblem, t: int) -> bool:
    template = problem.types[t].template
    return template.is_bike and bool(template.range_km)


def _bike_carries(
    problem: AllocationProblem, types: IntArray, parts: list[IntArray]
) -> list[bool]:
    """Per boundary: may a daily-limited bike serve trips on the same day on both
    sides?"""
    day_of = np.floor(problem.trips.start_min / MINUTES_PER_DAY).astype(np.int64)
    carries = [False] * max(0, len(parts) - 1)
    for t in (int(t) for t in types if _daily_limited(problem, int(t))):
        last_day: int | None = None
        last_k = -1
        for k, idx in enumerate(parts):
            can = idx[problem.feasible[idx, t]]
            if len(can) == 0:
                continue
            first = int(day_of[can].min())
            if last_day is not None and first <= last_day:
                for b in range(last_k, k):
                    carries[b] = True
            last_day, last_k = int(day_of[can].max()), k
    return carries


def _merge(
    problem: AllocationProblem, types: IntArray, parts: list[IntArray]
) -> list[IntArray]:
    """Merge consecutive components of one group into blocks (module docstring)."""
    carries = [
        a or b
        for a, b in zip(
            _ev_carries(problem, types, parts),
            _bike_carries(problem, types, parts),
            strict=True,
        )
    ]
    out: list[list[IntArray]] = [[]]
    for k, idx in enumerate(parts):
        out[-1].append(idx)
        if k < len(carries) and not carries[k]:
            out.append([])
    return [np.sort(np.concatenate(b)) for b in out if b]


@dataclass(frozen=True, slots=True)
class Block:
    """Trips ``idx`` (sorted); ``whole``: every trip its group's vehicles could serve,
    solved at once because a km budget binds and the group is small."""

    idx: IntArray
    whole: bool = False


# a group with a binding km budget is solved as one block when its per-vehicle
# model has at most this many trip-vehicle columns: its budgets are then exact
JOINT_MAX_COLUMNS = 3_000


def _joint(
    problem: AllocationProblem, types: IntArray, mine: IntArray, state: FleetState
) -> bool:
    """Whether the group has a binding km budget and is small enough to be one
    block."""
    in_group = np.isin(state.type_of, types)
    if not np.isfinite(state.budget_km[in_group]).any():
        return False
    per_type = problem.feasible[mine][:, types].sum(axis=0)
    counts = np.bincount(state.type_of[in_group], minlength=problem.num_types)[types]
    return int(per_type @ counts) <= JOINT_MAX_COLUMNS


def blocks(problem: AllocationProblem, state: FleetState) -> list[Block]:
    """The blocks, ordered by their first start; trips no type can serve form a
    block of their own (they can only be left)."""
    out: list[Block] = []
    served = np.zeros(problem.num_trips, dtype=bool)
    for types in type_groups(problem):
        mine = np.flatnonzero(problem.feasible[:, types].any(axis=1))
        if len(mine) == 0:
            continue
        served[mine] = True
        if _joint(problem, types, mine, state):
            out.append(Block(mine.astype(np.int64), whole=True))
            continue
        parts = components_of(problem, mine, types)
        out.extend(Block(b) for b in _merge(problem, types, parts))
    orphans = np.flatnonzero(~served)
    if len(orphans):
        out.append(Block(orphans.astype(np.int64)))
    out.sort(key=lambda b: (float(problem.trips.start_min[b.idx].min()), int(b.idx[0])))
    return out
