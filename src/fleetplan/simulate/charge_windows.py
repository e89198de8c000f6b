"""Every charge window cut of a per-vehicle resource that can bind, added at once.

``chains.energy_cuts`` finds the windows an integral answer violates, one round of
cuts and one MIP at a time. On small blocks where charge binds (short-range EVs on
slow chargers, 20–40 trips) that took 10–20 MIP rounds of 1–4 s each: HiGHS
branched on a weak LP and the next round started from scratch. Here every window
whose trips could drain the battery is a row from the start, so the LP already
carries the charge limits and the cut rounds only confirm.

A window runs from ``t_a`` (the block's start, or a trip's start) to ``t_b`` (a
trip's end); its cut (``energy``) is ``Σ_{i in window} y_i (km_i + rate·dur_i) ≤
soc(t_a) + rate·(t_b − t_a)``. The charge at a trip's start is at most the battery
full in that trip's month; for a window starting at a trip j that the vehicle may
not serve, the first trip it serves in the window starts full at most too, so the
most a battery holds over the window's trips bounds ``soc(t_a)`` (valid whatever
is served; equal to ``full_j`` when the range factor is the same). A window whose
trips weigh at most its right-hand side in total cannot bind and is left out.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.class_model import Resource
from fleetplan.simulate.highs_model import BinaryModel
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import FleetState

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# resources with more trips keep the cut rounds alone: the windows grow as n²
# (n³ work to list them) and a large block's LP slows with hundreds of rows
WINDOW_MAX_TRIPS = 80
_TOL_KM = 1e-6


def add_window_cuts(
    problem: AllocationProblem,
    idx: IntArray,
    state: FleetState,
    res: Resource,
    model: BinaryModel,
) -> int:
    """Add every binding-capable window cut of an EV's own resource ``res`` (at
    most ``WINDOW_MAX_TRIPS`` trips, else none); returns how many rows."""
    v = res.vehicle
    if v < 0 or not np.isfinite(state.cap_km[v]):
        return 0
    if not 0 < len(res.trips) <= WINDOW_MAX_TRIPS:
        return 0
    added = _add_resource_cuts(problem, idx, state, v, res, model)
    model.presolve_mip |= added > 0
    return added


def _add_resource_cuts(
    problem: AllocationProblem,
    idx: IntArray,
    state: FleetState,
    v: int,
    res: Resource,
    model: BinaryModel,
) -> int:
    trips = problem.trips
    g = idx[res.trips]
    start, end = trips.start_min[g], trips.end_min[g]
    rate = float(state.rate_km_per_min[v])
    weight = trips.distance_km[g] + rate * (end - start)
    full = state.cap_km[v] * problem.range_factor[g]
    # the same block start and charge there as ``chains.energy_cuts``
    t0 = max(float(state.last_end[v]), float(trips.start_min[idx].min()))
    soc0 = state.charge_at(v, t0, float(problem.range_factor[idx[0]]))
    starts = np.unique(start[start >= t0])
    # most a battery holds at the start of any trip from each start on
    order = np.argsort(start, kind="stable")
    suffix_full = np.maximum.accumulate(full[order][::-1])[::-1]
    first = np.searchsorted(start[order], starts, side="left")
    t_a = np.concatenate([[t0], starts])
    soc_a = np.concatenate([[soc0], suffix_full[first]])
    t_b = np.unique(end)
    inside = (start[None, None, :] >= t_a[:, None, None]) & (
        end[None, None, :] <= t_b[None, :, None]
    )
    total = inside.astype(np.float64) @ weight
    upper = soc_a[:, None] + rate * (t_b[None, :] - t_a[:, None])
    binds = (t_b[None, :] > t_a[:, None]) & (total > upper + _TOL_KM)
    a_of, b_of = np.nonzero(binds)
    if len(a_of) == 0:
        return 0
    members = inside[a_of, b_of]  # cut × trip
    cut_of, trip_of = np.nonzero(members)
    model.add_rows_csr(
        np.searchsorted(cut_of, np.arange(len(a_of) + 1)),
        res.columns[trip_of],
        weight[trip_of],
        np.full(len(a_of), -np.inf),
        upper[a_of, b_of],
    )
    return len(a_of)
