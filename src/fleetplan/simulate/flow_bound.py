"""A lower bound per component from the track values of ``track_flow``.

Within one component, group the types whose vehicles are interchangeable except for
the per-km rate: the same feasible trips, busy times and fixed part of the cost
(``trip_cost = extra_i + km_i × rate``). When every trip is feasible for at most one
group, the groups are independent. For a group with vehicles of rates
``r_1 <= … <= r_n`` serving trips T (the rest external), with ``S_l`` the km of its
l cheapest vehicles and ``δ_l = r_{l+1} − r_l`` (Abel summation, see
``level_bound``):

    cost = Σ_{i∉T} ext_i + Σ_{i∈T} (extra_i + r_n km_i) − Σ_{l<n} δ_l S_l
         = Σ_i ext_i − Σ_{i∈T} g_i − Σ_{l<n} δ_l S_l,

with ``g_i = ext_i − extra_i − r_n km_i``.

``S_l`` is the km of l chains, so ``S_l <= M_l`` (the most km of the group's trips
that overlap at most l deep, ``track_values``; km rounded up to metres keeps it an
upper bound), and ``Σ_{i∈T} g_i <= Σ_i max(g_i, 0)``. Hence

    cost >= Σ_i ext_i − Σ_i max(g_i, 0) − Σ_{l<n} δ_l M_l,

whatever the assignment, charge or km budgets (all relaxed). Trips that no group
can serve are external.

When a trip is feasible for two groups (say EVs that cannot take the longest trips
next to petrol cars that can), the groups that share trips are merged into one
relaxed group: a trip is feasible for it when one member type can take it, busy from
the latest start to the earliest end of its members' busy times, and its ``extra``
is the least of its members'. Every assignment of the members is one of the merged
group at no more cost, so the bound stays valid (it is weaker: the EVs may take the
long trips in the relaxation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import TIME_DECIMALS, FleetState
from fleetplan.simulate.track_flow import track_values

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_METRES = 1000.0


@dataclass(frozen=True, slots=True)
class _Group:
    part: int  # component number
    trips: IntArray  # global trip indices the group can serve
    start: FloatArray  # per trip: busy from (rounded; the latest of the members)
    end: FloatArray  # per trip: busy until (the earliest of the members)
    rates: FloatArray  # per vehicle, ascending
    extra: FloatArray  # per trip: cost minus km × rate (the least of the members)


def _clusters(served: npt.NDArray[np.bool_]) -> IntArray:
    """Per column of ``served`` (trips × groups): the number of its cluster, where
    groups that share a trip are in one cluster."""
    count = served.shape[1]
    share = (served.T.astype(np.int64) @ served.astype(np.int64)) > 0
    cluster = np.full(count, -1, dtype=np.int64)
    for seed in range(count):
        if cluster[seed] >= 0:
            continue
        number = int(cluster.max()) + 1
        stack = [seed]
        cluster[seed] = number
        while stack:
            for other in np.flatnonzero(share[stack.pop()] & (cluster < 0)):
                cluster[other] = number
                stack.append(int(other))
    return cluster


def _groups(
    problem: AllocationProblem, idx: IntArray, state: FleetState, part: int
) -> list[_Group]:
    """The component's groups (merged where they share trips, see the module
    docstring).

    Types are compared by their columns on the component's trips (feasibility,
    rounded busy times, the cost besides km × rate), all types at once."""
    rates = problem.rate_dkk_per_km
    assert rates is not None
    types = np.flatnonzero(np.bincount(state.type_of, minlength=problem.num_types))
    if len(types) == 0:
        return []
    km = problem.trips.distance_km[idx]
    cells = np.ix_(idx, types)
    feasible = problem.feasible[cells]
    extra = problem.trip_cost_dkk[cells] - km[:, None] * rates[types]
    start = np.round(
        problem.trips.start_min[idx, None] - problem.busy_before_min[cells],
        TIME_DECIMALS,
    )
    end = np.round(
        problem.trips.end_min[idx, None] + problem.busy_after_min[cells],
        TIME_DECIMALS,
    )
    columns = np.concatenate(
        [
            feasible.astype(np.float64),
            np.where(feasible, start, 0.0),
            np.where(feasible, end, 0.0),
            np.where(feasible, np.round(extra, 9), 0.0),
        ]
    )
    seen: dict[bytes, int] = {}
    label = np.array(
        [seen.setdefault(col.tobytes(), len(seen)) for col in columns.T.copy()]
    )
    first = np.array([int(np.argmax(label == g)) for g in range(len(seen))])
    cluster = _clusters(feasible[:, first])[label]
    groups: list[_Group] = []
    for c in range(int(cluster.max()) + 1):
        cols = np.flatnonzero(cluster == c)
        f = feasible[:, cols]
        on = f.any(axis=1)
        if not on.any():
            continue
        vehicle_rates = np.sort(
            rates[state.type_of[np.isin(state.type_of, types[cols])]]
        )
        groups.append(
            _Group(
                part,
                idx[on],
                np.where(f, start[:, cols], -np.inf).max(axis=1)[on],
                np.where(f, end[:, cols], np.inf).min(axis=1)[on],
                vehicle_rates,
                np.where(f, extra[:, cols], np.inf).min(axis=1)[on],
            )
        )
    return groups


def _levels(rates: FloatArray) -> int:
    """Levels l < n with a rate step after them (the rest add nothing)."""
    steps = np.flatnonzero(np.diff(rates) > 0)
    return int(steps[-1]) + 1 if len(steps) else 0


def flow_bounds(
    problem: AllocationProblem, parts: Sequence[IntArray], state: FleetState
) -> FloatArray:
    """A lower bound on each component's cost (energy + CO2e + external) by the
    module docstring; all -inf without per-km rates."""
    out = np.full(len(parts), -np.inf)
    if problem.rate_dkk_per_km is None:
        return out
    groups: list[_Group] = []
    for number, idx in enumerate(parts):
        groups.extend(_groups(problem, idx, state, number))
        out[number] = float(problem.external_cost_dkk[idx].sum())
    lanes = []
    for g in groups:
        metres = np.ceil(problem.trips.distance_km[g.trips] * _METRES - 1e-6)
        lanes.append((g.start, g.end, np.maximum(metres, 0).astype(np.int64)))
    values = track_values(lanes, [_levels(g.rates) for g in groups])
    for g, m in zip(groups, values, strict=True):
        km = problem.trips.distance_km[g.trips]
        gain = problem.external_cost_dkk[g.trips] - g.extra - g.rates[-1] * km
        levels = len(m)
        saving = float(np.maximum(gain, 0.0).sum())
        saving += float(np.diff(g.rates)[:levels] @ (m / _METRES))
        out[g.part] -= saving
    return out
