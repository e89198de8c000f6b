"""The class model of one component, as a ``BinaryModel``.

x[i, c] = trip i on class c, u[i] = external; Σ_c x[i, c] + u[i] = 1; at most
"vehicles of c" of class c's busy intervals overlap at any moment: one row per
maximal overlap larger than that when those rows are the smaller form, else the
vehicle flow of ``load_flow`` (the same polytope with two non-zeros per trip; the
overlaps of a class of hundreds of vehicles hold hundreds of trips each). A class
in ``split`` gets one resource per vehicle instead (capacity 1, its own cost, its
remaining km budget, a bike's km left on each day). Its optimum is a lower bound
of the component's cost.
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
from fleetplan.simulate.load_flow import checkpoint_rows, events, peak_overlap
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import MINUTES_PER_DAY, FleetState

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


# classes up to this many vehicles take one row per maximal overlap (HiGHS solves
# those ~25 % faster on the reference sets); larger ones take the flow
CLIQUE_MAX_VEHICLES = 100


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
    members = np.asarray(vc.vehicles, dtype=np.int64)
    by_rate = np.argsort(rates[state.type_of[members]], kind="stable")
    per_vehicle = rates[state.type_of[members]][by_rate]
    key = start.tobytes() + end.tobytes() + g.tobytes()
    if key not in cap_cache or len(cap_cache[key]) < vc.count:
        cap_cache[key] = cumulative_km_caps(start, end, km, max(vc.count, 64))
    caps = cap_cache[key][: vc.count]
    if max_levels > 0 and cliques is not None:
        return level_columns(
            model, extra, km, per_vehicle, caps, cliques[0], cliques[1], max_levels
        )
    cols = model.add_columns(extra)
    widths = np.maximum(np.diff(np.concatenate([[0.0], caps])), 0.0)
    left = np.maximum(state.budget_km[members] - state.km_used[members], 0.0)[by_rate]
    segments = model.add_columns(per_vehicle, upper=1.0, integer=False)
    model.pivots[model.num_rows] = int(segments[0])
    model.add_row(
        np.concatenate([cols, segments]),
        np.concatenate([km, -np.ones(len(segments))]),
        0.0,
        0.0,
    )
    if (left >= widths).all():
        # the cheapest segments fill first, so widths are the cumulative caps
        model.uppers[-1] = widths
        return cols
    # a budget below its width (km budgets over a long period): segment s, the
    # s-th cheapest vehicle, drives at most its km left, and any j of them at
    # most caps[j-1] together, so the cheapest j at most that (methods §8)
    # (as running sums p_k = p_{k-1} + y_k with p_k ≤ caps[k]: three non-zeros
    # per row however large the class)
    model.uppers[-1] = left
    j = len(segments)
    sums = model.add_columns(np.zeros(j), upper=1.0, integer=False)
    model.uppers[-1] = caps.astype(np.float64)
    # row k: p_k − p_{k−1} − y_k = 0 (no p_{−1})
    model.pivots.update(
        zip(range(model.num_rows, model.num_rows + j), sums.tolist(), strict=True)
    )
    model.add_rows_csr(
        np.concatenate([[0], np.cumsum(np.r_[2, np.full(j - 1, 3)])]),
        np.concatenate(
            [[sums[0], segments[0]]]
            + [[sums[k], sums[k - 1], segments[k]] for k in range(1, j)]
        ).astype(np.int64),
        np.concatenate([[1.0, -1.0]] + [[1.0, -1.0, -1.0]] * (j - 1)),
        np.zeros(j),
        np.zeros(j),
    )
    return cols


def add_load_rows(
    model: BinaryModel,
    cols: IntArray,
    start: FloatArray,
    end: FloatArray,
    capacity: int,
    cliques: tuple[IntArray, IntArray] | None = None,
) -> None:
    """At most ``capacity`` of the columns' busy intervals at once (nothing to add
    when they never overlap more): with the maximal overlaps ``cliques``
    (``maximal_cliques_csr``) one row per overlap larger than ``capacity``; else
    one idle column per checkpoint and the flow rows of ``load_flow``."""
    if cliques is not None:
        model.add_overlap_rows(cols, cliques[0], cliques[1], capacity)
        return
    if peak_overlap(start, end) <= capacity:
        return
    ev = checkpoint_rows(events(start, end))
    e = ev.count
    busy = ev.start_event != ev.end_event
    idle = model.add_columns(np.zeros(e), upper=np.inf, integer=False)
    busy_cols = cols[busy]
    # row r: z_{r-1} + Σ ends at r − Σ starts at r − z_r = 0, z_{-1} = capacity
    rows = np.concatenate(
        (ev.start_event[busy], ev.end_event[busy], np.arange(e), np.arange(1, e))
    )
    columns = np.concatenate((busy_cols, busy_cols, idle, idle[:-1]))
    values = np.concatenate(
        (-np.ones(len(busy_cols)), np.ones(len(busy_cols)), -np.ones(e), np.ones(e - 1))
    )
    order = np.argsort(rows, kind="stable")
    rhs = np.zeros(e)
    rhs[0] = -float(capacity)
    model.pivots.update(
        zip(range(model.num_rows, model.num_rows + e), idle.tolist(), strict=True)
    )
    model.add_rows_csr(
        np.searchsorted(rows[order], np.arange(e + 1)),
        columns[order],
        values[order],
        rhs,
        rhs,
    )


def _add_day_rows(
    model: BinaryModel,
    cols: IntArray,
    problem: AllocationProblem,
    g: IntArray,
    state: FleetState,
    v: int,
) -> None:
    """A bike's km on each day at most what its daily limit leaves."""
    days = (problem.trips.start_min[g] // MINUTES_PER_DAY).astype(np.int64)
    km = problem.trips.distance_km[g]
    for d in np.unique(days).tolist():
        on_day = days == d
        room = float(state.day_cap_km[v]) - state.day_km.get((v, d), 0.0)
        if float(km[on_day].sum()) > room + 1e-9:  # else the row cannot bind
            model.add_row(cols[on_day], km[on_day], -np.inf, max(0.0, room))


def _add_soft_row(
    model: BinaryModel, cols: IntArray, km: FloatArray, upper: float
) -> None:
    """Σ km ≤ upper, a row the rounding of a fractional LP may loosen."""
    model.soft_rows.append(model.num_rows)
    model.soft_terms.append((cols, km, upper))
    model.add_row(cols, km, -np.inf, upper)


def build_model(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    split: set[int],
    state: FleetState,
    max_levels: int = 0,
    class_caps: FloatArray | None = None,
) -> tuple[BinaryModel, list[Resource]]:
    """The model; ``class_caps``: the most km each class may drive by the km plan
    (``km_plan``), as soft rows."""
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
        # the maximal overlaps: rows for small classes, level columns; a class of
        # hundreds of vehicles has hundreds of trips in each and takes the flow
        cliques = None
        if max_levels > 0 or vc.count <= CLIQUE_MAX_VEHICLES:
            key = (feasible.tobytes(), start.tobytes(), end.tobytes())
            if key not in clique_cache:
                clique_cache[key] = maximal_cliques_csr(start, end)
            cliques = clique_cache[key]
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
                    cliques,
                    max_levels,
                )
                capacity = vc.count
            small = vc.count <= CLIQUE_MAX_VEHICLES
            add_load_rows(model, cols, start, end, capacity, cliques if small else None)
            if v >= 0 and np.isfinite(state.budget_km[v]):
                room = float(state.budget_km[v] - state.km_used[v])
                model.add_row(cols, km_all[feasible], -np.inf, max(0.0, room))
            if v >= 0 and np.isfinite(state.day_cap_km[v]):
                _add_day_rows(model, cols, problem, idx[feasible], state, v)
            resources.append(Resource(c, v, feasible, cols))
    if class_caps is not None:
        for c in np.flatnonzero(np.isfinite(class_caps)).tolist():
            mine = [r for r in resources if r.cls == c]
            if mine:
                _add_soft_row(
                    model,
                    np.concatenate([r.columns for r in mine]),
                    np.concatenate([km_all[r.trips] for r in mine]),
                    max(0.0, float(class_caps[c])),
                )
    external = model.add_columns(problem.external_cost_dkk[idx])
    col_trip = np.concatenate([r.trips for r in resources] + [np.arange(len(idx))])
    col_index = np.concatenate([r.columns for r in resources] + [external])
    order = np.argsort(col_trip, kind="stable")
    bounds = np.searchsorted(col_trip[order], np.arange(len(idx) + 1))
    model.trip_rows = (model.num_rows, model.num_rows + len(idx))
    model.add_rows_csr(
        bounds,
        col_index[order],
        np.ones(len(order)),
        np.ones(len(idx)),
        np.ones(len(idx)),
    )
    return model, resources
