"""Vehicles for a class's trips: chains by colouring, each on a vehicle with the
charge and km budget for it; and the charge window cut when a vehicle's trips in
the per-vehicle model drain its battery (see ``energy``)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.class_model import Resource
from fleetplan.simulate.classes import VehicleClass, busy
from fleetplan.simulate.cliques import colour_intervals
from fleetplan.simulate.energy import SocCheck, simulate_soc
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import FleetState

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


# window cuts added per vehicle and round: the most violated ones
MAX_CUTS_PER_ROUND = 8


def energy_cuts(
    problem: AllocationProblem,
    idx: IntArray,
    state: FleetState,
    res: Resource,
    served: IntArray,
) -> list[tuple[IntArray, FloatArray, float]]:
    """Charge window cuts (see ``energy``) that the trips ``served`` (local, on the
    per-vehicle resource ``res``) violate: for each served trip k as a window's end,
    the most violated window starting at a served trip's start (full battery at
    most) or at the block's start (the charge then), up to ``MAX_CUTS_PER_ROUND``
    of them, most violated first. Each cut is (columns, values, upper bound)."""
    v = res.vehicle
    if not np.isfinite(state.cap_km[v]) or len(served) == 0:
        return []
    trips = problem.trips
    g = idx[served]
    if soc_of(problem, state, v, g).violation < 0:
        return []
    rate = float(state.rate_km_per_min[v])
    start, end = trips.start_min[g], trips.end_min[g]
    weight = trips.distance_km[g] + rate * (end - start)
    total = np.concatenate([[0.0], np.cumsum(weight)])
    t0 = max(float(state.last_end[v]), float(trips.start_min[idx].min()))
    soc0 = state.charge_at(v, t0, float(problem.range_factor[idx[0]]))
    full = state.cap_km[v] * problem.range_factor[g]
    found: dict[float, tuple[float, float, float]] = {}
    for k in range(len(g)):
        # from a served trip j's start: Σ_{j..k} w > full_j + rate·(end_k − start_j)
        over = (total[k + 1] - total[: k + 1]) - (
            full[: k + 1] + rate * (end[k] - start[: k + 1])
        )
        j = int(np.argmax(over))
        best, t_a, rhs = float(over[j]), float(start[j]), float(full[j])
        from_start = total[k + 1] - (soc0 + rate * (end[k] - t0))
        if from_start > best:
            best, t_a, rhs = float(from_start), t0, soc0
        if best > 1e-6:
            found[float(end[k])] = (best, t_a, rhs)
    cuts = []
    g_all = idx[res.trips]
    for t_b, (_, t_a, rhs) in sorted(found.items(), key=lambda kv: -kv[1][0])[
        :MAX_CUTS_PER_ROUND
    ]:
        inside = (trips.start_min[g_all] >= t_a) & (trips.end_min[g_all] <= t_b)
        g_in = g_all[inside]
        vals = trips.distance_km[g_in] + rate * (
            trips.end_min[g_in] - trips.start_min[g_in]
        )
        cuts.append((res.columns[inside], vals, rhs + rate * (t_b - t_a)))
    return cuts


def soc_of(
    problem: AllocationProblem, state: FleetState, v: int, g: IntArray
) -> SocCheck:
    """Vehicle v's state of charge along trips g, from where it stands now."""
    trips = problem.trips
    return simulate_soc(
        float(state.soc_km[v]),
        float(state.last_end[v]),
        float(state.cap_km[v]),
        float(state.rate_km_per_min[v]),
        trips.start_min[g],
        trips.end_min[g],
        trips.distance_km[g],
        problem.range_factor[g],
    )


def assign_chains(
    problem: AllocationProblem,
    idx: IntArray,
    vc: VehicleClass,
    local: IntArray | list[int],
    state: FleetState,
    out: IntArray,
    *,
    force: bool = False,
    prefer: FloatArray | None = None,
) -> bool:
    """Colour the class's trips into chains and give each chain a vehicle; False
    when some chain fits no vehicle (with ``force`` it still gets the cheapest
    free one, as a plan for ``greedy.guided_assign``). ``prefer``: km planned
    per vehicle (``km_plan``), longest chain to the most planned km."""
    if len(local) == 0:
        return True
    loc = np.asarray(local, dtype=np.int64)
    start, end = busy(problem, vc.rep, idx[loc])
    colours = colour_intervals(start, end)
    # each colour's trips in ``loc`` order (a stable sort by colour)
    by_colour = np.argsort(colours, kind="stable")
    cuts = np.flatnonzero(np.diff(colours[by_colour])) + 1
    chains = np.split(loc[by_colour], cuts)
    km = problem.trips.distance_km
    chain_km = [float(km[idx[ch]].sum()) for ch in chains]
    ranked = sorted(range(len(chains)), key=lambda k: (-chain_km[k], int(chains[k][0])))
    rate = problem.trip_cost_dkk[idx[loc[0]], state.type_of[vc.vehicles]]
    room = state.budget_km[vc.vehicles] - state.km_used[vc.vehicles]
    if prefer is not None:
        order = np.lexsort((rate, -prefer[vc.vehicles]))
    elif np.isfinite(room).any():
        # the longest chain to the vehicle with the most km left, so that a class's
        # vehicles use their budgets evenly instead of the cheapest ones leaving
        # the fleet early (at most the class's rate spread dearer)
        order = np.lexsort((rate, -room))
    else:
        order = np.argsort(rate, kind="stable")
    ranked_vehicles = vc.vehicles[order]
    vehicles = ranked_vehicles.tolist()
    # the vehicles' figures read once (plain floats: the same comparisons)
    used = state.km_used[ranked_vehicles].tolist()
    limit = (state.budget_km[ranked_vehicles] + 1e-9).tolist()
    daily = np.isfinite(state.day_cap_km[ranked_vehicles]).tolist()
    electric = np.isfinite(state.cap_km[ranked_vehicles]).tolist()
    taken: set[int] = set()
    fitted = True
    for k in ranked:
        chain = chains[k]
        g = idx[chain]
        chosen = -1
        for p, v in enumerate(vehicles):
            if v in taken:
                continue
            if used[p] + chain_km[k] > limit[p]:
                continue
            if daily[p] and not state.fits_days(problem, v, g):
                continue
            if electric[p] and soc_of(problem, state, v, g).violation >= 0:
                continue
            chosen = v
            break
        if chosen < 0:
            fitted = False
            if not force:
                return False
            chosen = next(v for v in vehicles if v not in taken)
        taken.add(chosen)
        out[chain] = chosen
    return fitted
