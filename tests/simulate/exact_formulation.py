"""An independent exact MILP of the allocation, written from the model's definition.

Not the engine's model (that one decides per class of vehicles and adds charge
cuts lazily): one binary ``x[i, v]`` per trip i and vehicle instance v that may
serve it, ``u[i]`` for "unallocated", and per vehicle:

- busy intervals ``[start − before, end + after)`` pairwise disjoint: one row per
  maximal clique of the vehicle's interval graph (the intervals that contain some
  interval's begin);
- EVs (usable range ``cap``, charger ``rate`` km per parked minute): a time grid
  of the starts and ends of the trips it may serve, with ``S_k ∈ [0, cap]`` the
  charge at grid time k. A trip leaving at k takes its km at once (``S_k − km ≥
  0``, and ``S_k ≤ cap × range_factor`` when it is served); between k and k+1 the
  vehicle is driving one of its trips (no charge) or parked, gaining
  ``rate × (t_{k+1} − t_k)``: ``S_{k+1} ≤ S_k − km leaving at k + rate·Δ × (1 −
  Σ x of the trips spanning [t_k, t_{k+1}])``. It starts full. The real charge
  ``min(top, charge after the last trip + rate × parked time)`` is monotone in
  the charge before, and capping at ``cap`` in between changes nothing (every
  top is ≤ cap), so these rows hold iff the real charge never drops below 0;
- km budget: ``Σ km_i x[i, v] ≤ allowed × days ÷ 365``;
- bikes: ``Σ km_i x[i, v] ≤ range_km`` per calendar day of the trips' start.

Objective: ``Σ trip_cost[i, type(v)] x[i, v] + Σ external_cost[i] u[i]``. Solved to
a zero gap; the limits can be switched off one by one to see which of them bind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import highspy
import numpy as np

from fleetplan.simulate.problem import AllocationProblem
from tests.oracles import start_day, vehicle_instances

TIME_DECIMALS = 6


@dataclass
class _Model:
    """Columns and rows collected before one ``passModel``-style load."""

    cost: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[tuple[float, float, list[int], list[float]]] = field(
        default_factory=list
    )

    def col(self, cost: float, upper: float = 1.0, integer: bool = True) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, lower: float, upper: float, terms: list[tuple[int, float]]) -> None:
        merged: dict[int, float] = {}
        for c, a in terms:  # a column may appear twice (HiGHS refuses that)
            merged[c] = merged.get(c, 0.0) + a
        if merged:
            self.rows.append((lower, upper, list(merged), list(merged.values())))

    def solve(self, time_limit_s: float) -> tuple[float, np.ndarray]:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        # no "threads": HiGHS has one scheduler per process, set by its first run
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-9)
        h.setOptionValue("mip_feasibility_tolerance", 1e-9)
        h.setOptionValue("primal_feasibility_tolerance", 1e-9)
        h.setOptionValue("time_limit", time_limit_s)
        n = len(self.cost)
        h.addVars(n, np.zeros(n), np.asarray(self.upper, dtype=np.float64))
        h.changeColsCost(n, np.arange(n), np.asarray(self.cost, dtype=np.float64))
        kinds = np.where(
            self.integer,
            highspy.HighsVarType.kInteger,
            highspy.HighsVarType.kContinuous,
        )
        h.changeColsIntegrality(n, np.arange(n), kinds)
        starts, index, value = [], [], []
        for _, _, cols, coefs in self.rows:
            starts.append(len(index))
            index.extend(cols)
            value.extend(coefs)
        loaded = h.addRows(
            len(self.rows),
            np.array([r[0] for r in self.rows], dtype=np.float64),
            np.array([r[1] for r in self.rows], dtype=np.float64),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, dtype=np.float64),
        )
        if loaded != highspy.HighsStatus.kOk:
            raise RuntimeError(f"exact formulation not loaded: {loaded}")
        h.run()
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"exact formulation not solved: {status}")
        return h.getInfo().objective_function_value, np.asarray(
            h.getSolution().col_value
        )


def _interval(problem: AllocationProblem, i: int, t: int) -> tuple[float, float]:
    tr = problem.trips
    return (
        round(float(tr.start_min[i] - problem.busy_before_min[i, t]), TIME_DECIMALS),
        round(float(tr.end_min[i] + problem.busy_after_min[i, t]), TIME_DECIMALS),
    )


def exact_allocation(
    problem: AllocationProblem,
    limit_km: bool = True,
    *,
    limit_charge: bool = True,
    limit_day_km: bool = True,
    time_limit_s: float = 120.0,
) -> tuple[float, list[int]]:
    """The optimum: (cost, vehicle instance per trip in ``vehicle_instances``
    order, -1 = unallocated)."""
    tr = problem.trips
    vehicles = vehicle_instances(problem)
    n = problem.num_trips
    m = _Model()
    unallocated = [
        m.col(float(problem.external_cost_dkk[i]), integer=False) for i in range(n)
    ]
    x: dict[tuple[int, int], int] = {}
    for v, vehicle in enumerate(vehicles):
        for i in range(n):
            if problem.feasible[i, vehicle.type]:
                x[i, v] = m.col(float(problem.trip_cost_dkk[i, vehicle.type]))
    for i in range(n):
        served = [(x[i, v], 1.0) for v in range(len(vehicles)) if (i, v) in x]
        m.row(1.0, 1.0, [(unallocated[i], 1.0), *served])
    for v, vehicle in enumerate(vehicles):
        mine = [i for i in range(n) if (i, v) in x]
        span = {i: _interval(problem, i, vehicle.type) for i in mine}
        cliques = {
            frozenset(i for i in mine if span[i][0] <= span[k][0] < span[i][1])
            for k in mine
        }
        for clique in cliques:
            if len(clique) > 1:
                m.row(-math.inf, 1.0, [(x[i, v], 1.0) for i in sorted(clique)])
        km = [(x[i, v], float(tr.distance_km[i])) for i in mine]
        if limit_km and math.isfinite(vehicle.budget_km):
            m.row(-math.inf, vehicle.budget_km, km)
        if limit_day_km and math.isfinite(vehicle.day_km):
            for day in sorted({start_day(problem, i) for i in mine}):
                on_day = [
                    (x[i, v], float(tr.distance_km[i]))
                    for i in mine
                    if start_day(problem, i) == day
                ]
                m.row(-math.inf, vehicle.day_km, on_day)
        if limit_charge and math.isfinite(vehicle.cap_km):
            _charge_rows(
                problem, m, x, v, vehicle.cap_km, vehicle.rate_km_per_min, mine
            )
    cost, values = m.solve(time_limit_s)
    choice = [-1] * n
    for (i, v), col in x.items():
        if values[col] > 0.5:
            choice[i] = v
    return float(cost), choice


def _charge_rows(
    problem: AllocationProblem,
    m: _Model,
    x: dict[tuple[int, int], int],
    v: int,
    cap: float,
    rate: float,
    mine: list[int],
) -> None:
    """Charge of one EV on the grid of its trips' starts and ends (see the module
    docstring)."""
    tr = problem.trips
    start = {i: round(float(tr.start_min[i]), TIME_DECIMALS) for i in mine}
    end = {i: round(float(tr.end_min[i]), TIME_DECIMALS) for i in mine}
    times = sorted(set(start.values()) | set(end.values()))
    # S_k: charge at times[k] after the trips ending then, before those starting
    soc = [m.col(0.0, upper=cap, integer=False) for _ in times]
    for k, now in enumerate(times):
        leaving = [i for i in mine if start[i] == now]
        use = [(x[i, v], -float(tr.distance_km[i])) for i in leaving]
        m.row(0.0, math.inf, [(soc[k], 1.0), *use])
        for i in leaving:  # a winter trip starts with at most its derated range
            derate = cap * (1.0 - float(problem.range_factor[i]))
            if derate > 0:
                m.row(-math.inf, cap, [(soc[k], 1.0), (x[i, v], derate)])
        if k + 1 < len(times):
            gain = rate * (times[k + 1] - now)
            driving = [i for i in mine if start[i] <= now and end[i] >= times[k + 1]]
            # S_{k+1} ≤ S_k − km of a trip leaving now + gain × (1 − driving)
            m.row(
                -math.inf,
                gain,
                [
                    (soc[k + 1], 1.0),
                    (soc[k], -1.0),
                    *((c, -a) for c, a in use),
                    *((x[i, v], gain) for i in driving),
                ],
            )
