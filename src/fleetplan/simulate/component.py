"""Solve one component exactly: class model, colouring, vehicles, energy repair.

1. Class model (``BinaryModel``): x[i, c] = trip i on class c, u[i] = external;
   Σ_c x[i, c] + u[i] = 1; for each maximal overlap K of class c's busy intervals
   Σ_{i∈K} x[i, c] <= vehicles of c. Its optimum is the component's lower bound.
2. Each class's trips are coloured in start order into chains; chains go to the
   class's vehicles, longest chain to the cheapest vehicle with the charge and km
   budget for it.
3. If some chain fits no vehicle, the affected classes are split into one resource
   per vehicle (capacity 1, its own cost, its remaining km budget) and solved again,
   adding a charge window cut (see ``energy``) for each violated window until every
   vehicle's charge stays >= 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.classes import VehicleClass, busy
from fleetplan.simulate.cliques import colour_intervals, maximal_cliques_csr
from fleetplan.simulate.energy import SocCheck, simulate_soc
from fleetplan.simulate.highs_model import BinaryModel, lp_bound, solve_binary
from fleetplan.simulate.level_bound import level_columns
from fleetplan.simulate.problem import AllocationProblem
from fleetplan.simulate.state import FleetState

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(slots=True)
class _Resource:
    cls: int
    vehicle: int  # fleet index, or -1 for a whole class
    trips: IntArray  # local trip indices
    columns: IntArray  # their model columns


@dataclass(frozen=True, slots=True)
class ComponentSolution:
    vehicle_of: IntArray  # per local trip: fleet vehicle index or -1
    cost_dkk: float
    bound_dkk: float
    optimal: bool
    repaired: bool


def max_single_vehicle_km(start: FloatArray, end: FloatArray, km: FloatArray) -> float:
    """Most km one vehicle can drive among these busy intervals (weighted interval
    scheduling: ``best[j] = max(best[j-1], km_j + best[last ending by start_j])``)."""
    order = np.argsort(end, kind="stable")
    s, e, w = start[order], end[order], km[order]
    prev = np.searchsorted(e, s, side="right")
    best = np.zeros(len(s) + 1)
    for j in range(len(s)):
        best[j + 1] = max(best[j], w[j] + best[prev[j]])
    return float(best[-1])


_DENSITY_CELLS = 2_000_000


def cumulative_km_caps(
    start: FloatArray, end: FloatArray, km: FloatArray, vehicles: int
) -> FloatArray:
    """Upper bounds ``M[l-1]`` on the km that any l vehicles can drive together.

    Three valid bounds, the least is kept: the total km; l × the most one vehicle
    can drive (``max_single_vehicle_km``); and spreading each trip's km evenly over
    its busy interval, l vehicles carry at most the l densest active trips at every
    moment, so ``M[l-1] <= ∫ (sum of the l largest active densities) dt``.
    """
    total = float(km.sum())
    single = max_single_vehicle_km(start, end, km)
    levels = np.arange(1, vehicles + 1, dtype=np.float64)
    caps = np.minimum(levels * single, total)
    points = np.unique(np.concatenate([start, end]))
    if len(points) < 2 or (len(points) - 1) * len(km) > _DENSITY_CELLS:
        return caps
    mids = (points[:-1] + points[1:]) / 2.0
    lengths = np.diff(points)
    duration = np.maximum(end - start, 1e-9)
    active = (start[None, :] <= mids[:, None]) & (end[None, :] > mids[:, None])
    density = np.where(active, (km / duration)[None, :], 0.0)
    top = -np.sort(-density, axis=1)[:, :vehicles]
    spread = (np.cumsum(top, axis=1) * lengths[:, None]).sum(axis=0)
    if len(spread) < vehicles:
        spread = np.concatenate([spread, np.full(vehicles - len(spread), spread[-1])])
    return np.minimum(caps, spread)


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


def _build(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    split: set[int],
    state: FleetState,
    max_levels: int = 0,
) -> tuple[BinaryModel, list[_Resource]]:
    model = BinaryModel()
    resources: list[_Resource] = []
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
            resources.append(_Resource(c, v, feasible, cols))
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


def _energy_cut(
    problem: AllocationProblem,
    idx: IntArray,
    state: FleetState,
    res: _Resource,
    served: IntArray,
) -> tuple[IntArray, FloatArray, float] | None:
    v = res.vehicle
    if not np.isfinite(state.cap_km[v]):
        return None
    trips = problem.trips
    g = idx[served]
    check = _soc_of(problem, state, v, g)
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


def _soc_of(
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


def _assign_chains(
    problem: AllocationProblem,
    idx: IntArray,
    vc: VehicleClass,
    local: list[int],
    state: FleetState,
    out: IntArray,
) -> bool:
    """Colour the class's trips into chains and give each chain a vehicle."""
    if not local:
        return True
    loc = np.asarray(local, dtype=np.int64)
    start, end = busy(problem, vc.rep, idx[loc])
    colours = colour_intervals(start, end)
    chains = [loc[colours == k] for k in range(int(colours.max()) + 1)]
    km = problem.trips.distance_km
    chains.sort(key=lambda ch: (-float(km[idx[ch]].sum()), int(ch[0])))
    rate = problem.trip_cost_dkk[idx[loc[0]], state.type_of[vc.vehicles]]
    vehicles = [int(v) for v in vc.vehicles[np.argsort(rate, kind="stable")]]
    taken: set[int] = set()
    for chain in chains:
        g = idx[chain]
        chosen = -1
        for v in vehicles:
            if v in taken:
                continue
            if state.km_used[v] + float(km[g].sum()) > state.budget_km[v] + 1e-9:
                continue
            if (
                np.isfinite(state.cap_km[v])
                and _soc_of(problem, state, v, g).violation >= 0
            ):
                continue
            chosen = v
            break
        if chosen < 0:
            return False
        taken.add(chosen)
        out[chain] = chosen
    return True


def _independent(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    split: set[int],
    state: FleetState,
    previous_end_min: float,
) -> bool:
    """Whether the split vehicles start this component fully charged whatever came
    before (the gap since the last earlier trip recharges a full battery) and have
    no km budget, so that the per-vehicle model's bound is a valid bound."""
    begin = float(problem.trips.start_min[idx].min())
    top = float(problem.range_factor[idx].max())
    for c in split:
        for v in classes[c].vehicles:
            if np.isfinite(state.budget_km[v]):
                return False
            cap = float(state.cap_km[v]) * top
            if not np.isfinite(cap) or not np.isfinite(previous_end_min):
                continue
            if state.rate_km_per_min[v] * (begin - previous_end_min) < cap:
                return False
    return True


def solve_component(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    state: FleetState,
    time_limit_s: float,
    max_rounds: int,
    previous_end_min: float = -np.inf,
) -> ComponentSolution | None:
    """Solve trips ``idx`` given the fleet state; None if HiGHS found no solution."""
    split: set[int] = set()
    bound = None
    optimal = True
    for _ in range(max_rounds):
        model, resources = _build(problem, idx, classes, split, state)
        for _cut_round in range(max_rounds + 1):
            if _cut_round == max_rounds:
                return None
            sol = solve_binary(model, time_limit_s)
            if not sol.solved:
                return None
            if bound is None:
                bound, optimal = sol.bound, sol.optimal
            cuts = 0
            for res in resources:
                if res.vehicle < 0:
                    continue
                served = np.sort(res.trips[sol.values[res.columns] > 0.5])
                cut = _energy_cut(problem, idx, state, res, served)
                if cut is not None:
                    model.add_row(cut[0], cut[1], -np.inf, cut[2])
                    cuts += 1
            if cuts == 0:
                break
        out = np.full(len(idx), -1, dtype=np.int64)
        failed: set[int] = set()
        for c, vc in enumerate(classes):
            members = [r for r in resources if r.cls == c]
            if c in split:
                for res in members:
                    out[res.trips[sol.values[res.columns] > 0.5]] = res.vehicle
                continue
            local = sorted(
                int(j) for r in members for j in r.trips[sol.values[r.columns] > 0.5]
            )
            if not _assign_chains(problem, idx, vc, local, state, out):
                failed.add(c)
        if not failed:
            served = out >= 0
            cost = float(problem.external_cost_dkk[idx[~served]].sum())
            cost += float(
                problem.trip_cost_dkk[idx[served], state.type_of[out[served]]].sum()
            )
            if split and _independent(
                problem, idx, classes, split, state, previous_end_min
            ):
                bound = max(bound, sol.bound)
            return ComponentSolution(out, cost, float(bound), optimal, bool(split))
        split |= failed
    return None


def component_bound(
    problem: AllocationProblem,
    idx: IntArray,
    classes: list[VehicleClass],
    state: FleetState,
    time_limit_s: float,
    max_levels: int = 0,
) -> float:
    """LP bound of the class model on (finer) classes, with the level columns of
    ``level_bound`` when ``max_levels`` > 0; ignores charge and km limits, so it is
    valid whatever the fleet state."""
    model, _ = _build(problem, idx, classes, set(), state, max_levels)
    return lp_bound(model, time_limit_s)
