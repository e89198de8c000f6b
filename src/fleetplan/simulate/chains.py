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


def energy_cut(
    problem: AllocationProblem,
    idx: IntArray,
    state: FleetState,
    res: Resource,
    served: IntArray,
) -> tuple[IntArray, FloatArray, float] | None:
    v = res.vehicle
    if not np.isfinite(state.cap_km[v]):
        return None
    trips = problem.trips
    g = idx[served]
    check = soc_of(problem, state, v, g)
    if check.violation < 0:
        return None
    rate = float(state.rate_km_per_min[v])
    end_k = float(trips.end_min[g[check.violation]])
    if check.window_start >= 0:
        t0 = float(trips.start_min[g[check.window_start]])
        rhs = float(state.cap_km[v] * problem.range_factor[g[check.window_start]])
    else:
        t0 = max(float(state.last_end[v]), float(trips.start_min[idx].min()))
        rhs = state.charge_at(v, t0, float(problem.range_factor[idx[0]]))
    g_all = idx[res.trips]
    inside = (trips.start_min[g_all] >= t0) & (trips.end_min[g_all] <= end_k)
    g_in = g_all[inside]
    vals = trips.distance_km[g_in] + rate * (
        trips.end_min[g_in] - trips.start_min[g_in]
    )
    return res.columns[inside], vals, rhs + rate * (end_k - t0)


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
    local: list[int],
    state: FleetState,
    out: IntArray,
    *,
    force: bool = False,
) -> bool:
    """Colour the class's trips into chains and give each chain a vehicle; False
    when some chain fits no vehicle (with ``force`` it still gets the cheapest
    free one, as a plan for ``greedy.guided_assign``)."""
    if not local:
        return True
    loc = np.asarray(local, dtype=np.int64)
    start, end = busy(problem, vc.rep, idx[loc])
    colours = colour_intervals(start, end)
    chains = [loc[colours == k] for k in range(int(colours.max()) + 1)]
    km = problem.trips.distance_km
    chains.sort(key=lambda ch: (-float(km[idx[ch]].sum()), int(ch[0])))
    rate = problem.trip_cost_dkk[idx[loc[0]], state.type_of[vc.vehicles]]
    room = state.budget_km[vc.vehicles] - state.km_used[vc.vehicles]
    if np.isfinite(room).any():
        # the longest chain to the vehicle with the most km left, so that a class's
        # vehicles use their budgets evenly instead of the cheapest ones leaving
        # the fleet early (at most the class's rate spread dearer)
        order = np.lexsort((rate, -room))
    else:
        order = np.argsort(rate, kind="stable")
    vehicles = [int(v) for v in vc.vehicles[order]]
    taken: set[int] = set()
    fitted = True
    for chain in chains:
        g = idx[chain]
        chosen = -1
        for v in vehicles:
            if v in taken:
                continue
            if state.km_used[v] + float(km[g].sum()) > state.budget_km[v] + 1e-9:
                continue
            if not state.fits_days(problem, v, g):
                continue
            if (
                np.isfinite(state.cap_km[v])
                and soc_of(problem, state, v, g).violation >= 0
            ):
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
