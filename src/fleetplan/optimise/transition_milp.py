"""The transition plan as one exact MILP on HiGHS (issue 20, item 1).

Columns: ``z[v,p]`` (binary) = vehicle v follows path p (``transition_instance``:
keep, replace by candidate r in year y, remove in year y); ``N[l,y]`` (integer) =
charge points added at location l up to and including year y.

Rows:

- ``Σ_p z[v,p] = 1`` per vehicle (each takes one path);
- charge points, per location and year: ``N[l,y] + today's points`` >= the points
  the charge-point rule gives for the EVs there that year (``domain.charging``,
  the report's rule), as rows added while solving (``transition_cuts``: the
  EVs with a short stay, the busiest window's charging hours, exact sets);
  ``N[l,y] − N[l,y−1] >= 0`` (a point stays), and ``N[l,y] <= cap − today's
  points`` when the location has a cap;
- service level, per location and year: ``Σ present·z >= need − untouched``,
  and the same per outfitting group (vehicles of one location and class stand in
  for each other; the groups' peaks sum to at least the location's);
- budget, per year with a cap: ``Σ spend·z + price·(N[l,y] − N[l,y−1]) <= B_y``.

Objective: ``Σ path cost·z + price·Σ_y d_y (N[l,y] − N[l,y−1])``, written with
the coefficient ``price·(d_y − d_{y+1})`` on ``N[l,y]`` (``d`` past the horizon
is 0). The fossil-free deadline is in the paths: a non-exempt vehicle has no path
that stays fossil after the target year.

Because a vehicle's paths enumerate all its choices and every charge row holds
for every plan, HiGHS's dual bound is a valid lower bound on every plan: the
reported gap is proven.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from fleetplan.optimise.transition_cuts import ChargeCuts, Cut, charge_columns
from fleetplan.optimise.transition_instance import (
    Path,
    TransitionInstance,
    path_cost_dkk,
    path_years,
    paths,
    plan_cost,
)
from fleetplan.optimise.transition_result import TransitionSolution
from fleetplan.simulate.highs_model import new_highs

_INF = math.inf


@dataclass(frozen=True, slots=True)
class TransitionParams:
    """Solver limits of one plan solve."""

    time_limit_s: float = 30.0
    target_gap: float = 1e-4

    def __post_init__(self) -> None:
        if self.time_limit_s <= 0:
            raise ValueError(f"time_limit_s must be > 0, got {self.time_limit_s}.")
        if not 0 <= self.target_gap < 1:
            raise ValueError(f"target_gap must be in [0, 1), got {self.target_gap}.")


class _Rows:
    """Sparse rows collected before one ``addRows``."""

    def __init__(self) -> None:
        self.lo: list[float] = []
        self.hi: list[float] = []
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []

    def add(self, cols: list[int], vals: list[float], lo: float, hi: float) -> None:
        self.starts.append(len(self.index))
        self.index.extend(cols)
        self.value.extend(vals)
        self.lo.append(lo)
        self.hi.append(hi)

    def extend(self, cuts: Sequence[Cut]) -> None:
        for c in cuts:
            self.add(c.cols, c.vals, c.lo, c.hi)

    def pass_to(self, h: highspy.Highs) -> None:
        if not self.lo:
            return
        h.addRows(
            len(self.lo),
            np.array(self.lo),
            np.array(self.hi),
            len(self.index),
            np.array(self.starts, dtype=np.int32),
            np.array(self.index, dtype=np.int32),
            np.array(self.value),
        )


def solve_transition(
    inst: TransitionInstance, params: TransitionParams | None = None
) -> TransitionSolution:
    """The least-cost plan (see module); infeasibility is a status, not an error."""
    params = params or TransitionParams()
    started = time.perf_counter()
    n = len(inst.years)
    m = len(inst.locations)
    col_path: list[tuple[int, Path]] = []
    cost: list[float] = []
    rows = _Rows()
    by_vehicle: list[list[int]] = []
    # per (location, year): (column, present) terms
    serve = [[([], []) for _ in range(n)] for _ in range(m)]
    group_serve = [[([], []) for _ in range(n)] for _ in inst.groups]
    spend: list[tuple[list[int], list[float]]] = [([], []) for _ in range(n)]
    for vi, v in enumerate(inst.vehicles):
        mine = []
        for p in paths(inst, v):
            col = len(cost)
            yrs = path_years(inst, v, p)
            cost.append(path_cost_dkk(inst, yrs))
            col_path.append((vi, p))
            mine.append(col)
            for y in range(n):
                for terms, value in (
                    (serve[v.location][y], float(yrs.present[y])),
                    (spend[y], yrs.spend_dkk[y]),
                ):
                    if value:
                        terms[0].append(col)
                        terms[1].append(value)
                if inst.groups and yrs.present[y]:
                    group_serve[v.group][y][0].append(col)
                    group_serve[v.group][y][1].append(1.0)
        by_vehicle.append(mine)
    n_z = len(cost)

    def n_col(li: int, y: int) -> int:
        return n_z + li * n + y

    price = inst.charge_point_dkk
    for _ in range(m):
        for y in range(n):
            after = inst.discount[y + 1] if y + 1 < n else 0.0
            cost.append(price * (inst.discount[y] - after))
    h = new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    upper = np.ones(len(cost))
    for li, loc in enumerate(inst.locations):
        cap = _INF if loc.max_points is None else loc.max_points - loc.points_today
        upper[n_col(li, 0) : n_col(li, 0) + n] = max(0.0, cap)
    h.addVars(len(cost), np.zeros(len(cost)), upper)
    h.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), np.array(cost))
    h.changeColsIntegrality(
        len(cost),
        np.arange(len(cost), dtype=np.int32),
        np.full(len(cost), highspy.HighsVarType.kInteger),
    )
    for cols in by_vehicle:
        rows.add(cols, [1.0] * len(cols), 1.0, 1.0)
    for li, loc in enumerate(inst.locations):
        for y in range(n):
            if y > 0:
                rows.add([n_col(li, y), n_col(li, y - 1)], [1.0, -1.0], 0.0, _INF)
            cols, vals = serve[li][y]
            if loc.need - loc.fixed_count > 0:
                rows.add(cols, vals, loc.need - loc.fixed_count, _INF)
    for gi, group in enumerate(inst.groups):
        for y in range(n):
            if group.need - group.fixed_count > 0:
                cols, vals = group_serve[gi][y]
                rows.add(cols, vals, group.need - group.fixed_count, _INF)
    for y, cap in enumerate(inst.budget_dkk or ()):
        if cap is None:
            continue
        cols, vals = list(spend[y][0]), list(spend[y][1])
        for li in range(m):
            cols.append(n_col(li, y))
            vals.append(price)
            if y > 0:
                cols.append(n_col(li, y - 1))
                vals.append(-price)
        rows.add(cols, vals, -_INF, cap)
    cuts = ChargeCuts(inst, charge_columns(inst, col_path), n_z)
    rows.extend(cuts.short_rows())
    rows.pass_to(h)
    h.setOptionValue("mip_rel_gap", params.target_gap)
    x: np.ndarray | None = None
    bound = -_INF
    optimal = False
    while True:  # solve, check the points by the rule, add the rows it lacks
        left = params.time_limit_s - (time.perf_counter() - started)
        h.setOptionValue("time_limit", max(0.01, left))
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        runtime = time.perf_counter() - started
        if info.primal_solution_status != 2:
            proven = status == highspy.HighsModelStatus.kInfeasible
            if proven or x is None:
                return TransitionSolution.no_plan(
                    "infeasible" if proven else "limit", runtime
                )
            optimal = False  # time ran out on a re-solve: the last answer stands
            break
        x = np.asarray(h.getSolution().col_value)
        bound = float(info.mip_dual_bound)
        optimal = status == highspy.HighsModelStatus.kOptimal
        lacking = cuts.check(x)
        optimal = optimal and not lacking
        if not lacking or runtime >= params.time_limit_s:
            break
        more = _Rows()
        more.extend(lacking)
        more.pass_to(h)
    assert x is not None  # the loop leaves only with an answer
    # each vehicle's path is its column at 1 (integral within HiGHS's tolerance)
    choice = [col_path[max(cols, key=lambda c: x[c])][1] for cols in by_vehicle]
    priced = plan_cost(inst, tuple(choice))
    if not priced.feasible:  # the MILP may buy points early to keep a budget
        points = np.rint(x[n_z:]).astype(int).reshape(m, n)
        early = np.diff(points, axis=1, prepend=0)
        priced = plan_cost(inst, tuple(choice), tuple(map(tuple, early.tolist())))
    # the answer priced by the rule's points: the MILP's objective once no row
    # is lacking, and a true price when the time limit stopped the rows early
    objective = priced.total_dkk
    return TransitionSolution(
        status="optimal" if optimal else "limit",
        choice=tuple(choice),
        cost=priced,
        objective_dkk=objective,
        bound_dkk=min(objective, bound),
        runtime_s=runtime,
    )
