"""The class model of one component, as a ``BinaryModel``.

x[i, c] = trip i on class c, u[i] = external; Σ_c x[i, c] + u[i] = 1; for each
maximal overlap K of class c's busy intervals Σ_{i∈K} x[i, c] <= vehicles of c. A
class in ``split`` gets one resource per vehicle instead (capacity 1, its own cost,
its remaining km budget). Its optimum is a lower bound of the component's cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.classes import VehicleClass, busy
from fleetplan.simulate.cliques import maximal_cliques_csr
from fleetplan.simulate.highs_model import BinaryModel
from fleetplan.simulate.km_caps import cumulative_km_caps
from fleetplan.simulate.level_bound import level_columns
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import FleetState

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(slots=True)
class Resource:
    cls: int
    vehicle: int  # fleet index, or -1 for a whole class
    trips: IntArray  # local trip indices
    columns: IntArray  # their model columns


def _class_columns(
    problem: AllocationProblem,
    idx: IntArray,
    vc: VehicleClass,
    feasible: IntArray,
    start: FloatArray,
    end: FloatArray,
    state: FleetState,
    model: BinaryModel,
    cap_cache: dict[bytes, FloatArray],
    cliques: tuple[IntArray, IntArray] | None = None,
    max_levels: int = 0,
) -> IntArray:
    """Columns of a whole class. With per-km rates, the class's km are spread over
    its vehicles' rates cheapest first, at most one vehicle's possible km each (a
    valid lower bound of any split into chains, see ``cumulative_km_caps``); else
    priced at the cheapest type. With ``max_levels`` and ``cliques``, the level
    columns of ``level_bound`` (tighter, larger LP) replace the spread."""
    g = idx[feasible]
    rates = problem.rate_dkk_per_km
    if rates is None:
        cost = problem.trip_cost_dkk[np.ix_(g, list(vc.types))].min(axis=1)
        return model.add_columns(cost)
    km = problem.trips.distance_km[g]
    extra = problem.trip_cost_dkk[g, vc.rep] - km * rates[vc.rep]
    per_vehicle = np.sort(rates[state.type_of[vc.vehicles]])
    key = start.tobytes() + end.tobytes() + g.tobytes()
    if key not in cap_cache or len(cap_cache[key]) < vc.count:
        cap_cache[key] = cumulative_km_caps(start, end, km, max(vc.count, 64))
    caps = cap_cache[key][: vc.count]
    if max_levels > 0 and cliques is not None:
        return level_columns(
            model, extra, km, per_vehicle, caps, cliques[0], cliques[1], max_levels
        )
    cols = model.add_columns(extra)
    widths = np.diff(np.concatenate([[0.0], caps]))
    segments = model.add_columns(per_vehicle, upper=1.0, integer=False)
    model.uppers[-1] = np.maximum(widths, 0.0)
    model.add_row(
        np.concatenate([cols, segments]),
        np.concatenate([km, -np.ones(len(segments))]),
        0.0,
        0.0,
    )
    return cols


def build_model(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    split: set[int],
    state: FleetState,
    max_levels: int = 0,
) -> tuple[BinaryModel, list[Resource]]:
    model = BinaryModel()
    resources: list[Resource] = []
    clique_cache: dict[tuple[bytes, bytes, bytes], tuple[IntArray, IntArray]] = {}
    cap_cache: dict[bytes, FloatArray] = {}
    km_all = problem.trips.distance_km[idx]
    for c, vc in enumerate(classes):
        feasible = np.flatnonzero(problem.feasible[idx, vc.rep])
        if len(feasible) == 0:
            continue
        start, end = busy(problem, vc.rep, idx[feasible])
        key = (feasible.tobytes(), start.tobytes(), end.tobytes())
        if key not in clique_cache:
            clique_cache[key] = maximal_cliques_csr(start, end)
        c_starts, c_members = clique_cache[key]
        c_sizes = np.diff(c_starts)
        owners = [int(v) for v in vc.vehicles] if c in split else [-1]
        for v in owners:
            if v >= 0:
                cols = model.add_columns(
                    problem.trip_cost_dkk[idx[feasible], state.type_of[v]]
                )
                capacity = 1
            else:
                cols = _class_columns(
                    problem,
                    idx,
                    vc,
                    feasible,
                    start,
                    end,
                    state,
                    model,
                    cap_cache,
                    (c_starts, c_members),
                    max_levels,
                )
                capacity = vc.count
            big = c_sizes > capacity
            if big.any():
                member_big = np.repeat(big, c_sizes)
                model.add_rows_csr(
                    np.concatenate([[0], np.cumsum(c_sizes[big])]),
                    cols[c_members[member_big]],
                    np.ones(int(member_big.sum())),
                    np.full(int(big.sum()), -np.inf),
                    np.full(int(big.sum()), float(capacity)),
                )
            if v >= 0 and np.isfinite(state.budget_km[v]):
                room = float(state.budget_km[v] - state.km_used[v])
                model.add_row(cols, km_all[feasible], -np.inf, max(0.0, room))
            resources.append(Resource(c, v, feasible, cols))
    external = model.add_columns(problem.external_cost_dkk[idx])
    col_trip = np.concatenate([r.trips for r in resources] + [np.arange(len(idx))])
    col_index = np.concatenate([r.columns for r in resources] + [external])
    order = np.argsort(col_trip, kind="stable")
    bounds = np.searchsorted(col_trip[order], np.arange(len(idx) + 1))
    model.add_rows_csr(
        bounds,
        col_index[order],
        np.ones(len(order)),
        np.ones(len(idx)),
        np.ones(len(idx)),
    )
    return model, resources
