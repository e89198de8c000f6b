"""The fleet-mix MILP on HiGHS (built by ``milp_build``), re-solved with new weights
and cuts; and the best allocation of one fixed fleet by it."""

from __future__ import annotations

import math
from collections.abc import Callable

import highspy
import numpy as np

from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.milp_build import MixModelBuild
from fleetplan.optimise.milp_solution import MilpSolution, objective_weights
from fleetplan.optimise.params import OptimiseParams
from fleetplan.simulate.highs_cancel import CancelToken

_INF = math.inf


class MixModel(MixModelBuild):
    """The MILP of one instance; ``solve`` may be called repeatedly.

    With a ``cancel`` token a solve stops soon after the token is cancelled; a
    solve left running then (``CancelToken.run``) makes the model ``abandoned``:
    every later change or solve is skipped, as HiGHS may still be using it.
    """

    # -- changes --------------------------------------------------------------
    def set_weight(self, weight: float) -> None:
        if self.abandoned:
            return
        per_dkk, per_kg = objective_weights(weight, self.inst)
        c = per_dkk * self.cost + per_kg * self.co2e
        self.h.changeColsCost(
            self.num_cols, np.arange(self.num_cols, dtype=np.int32), c
        )
        self.h.changeObjectiveOffset(per_dkk * self.offset_dkk)

    def set_co2e_cap(self, cap_kg: float | None) -> None:
        if self.abandoned:
            return
        upper = _INF if cap_kg is None else cap_kg
        self.h.changeRowBounds(self.cap_row, -_INF, upper)

    def mark(self) -> int:
        """A point to ``reset`` to: the cuts added after it are dropped."""
        return int(self.h.getNumRow())

    def reset(self, mark: int) -> None:
        if self.abandoned:
            return
        added = int(self.h.getNumRow()) - mark
        if added:
            self.h.deleteRows(added, np.arange(mark, mark + added, dtype=np.int32))

    def _add_cut(self, cols: list[int], vals: list[float], lower: float) -> None:
        if self.abandoned:
            return
        self.h.addRow(
            lower, _INF, len(cols), np.array(cols, dtype=np.int32), np.array(vals)
        )

    def exclude(self, counts: tuple[int, ...]) -> None:
        """No-good: some type's count differs from ``counts``."""
        cols: list[int] = []
        vals: list[float] = []
        held = 0
        for t, c in enumerate(counts):
            if c < self.uppers[t]:
                cols.append(self._y(t, c + 1))
                vals.append(1.0)
            if c >= 1:
                cols.append(self._y(t, c))
                vals.append(-1.0)
                held += 1
        self._add_cut(cols, vals, 1.0 - held)

    def require_more(self, counts: tuple[int, ...]) -> None:
        """Some type holds more than in ``counts`` (a fleet ≤ counts failed)."""
        cols = [self._y(t, c + 1) for t, c in enumerate(counts) if c < self.uppers[t]]
        self._add_cut(cols, [1.0] * len(cols), 1.0)

    # -- solving --------------------------------------------------------------
    def solve(self, time_limit_s: float) -> MilpSolution:
        h = self.h
        m = len(self.inst.classes)
        if self.abandoned:
            return MilpSolution("cancelled", (0,) * m, _INF, -_INF, _INF, _INF, 0)
        h.setOptionValue("time_limit", float(max(time_limit_s, 0.1)))
        h.setOptionValue("mip_rel_gap", self.params.target_gap)
        if self.cancel is None:
            h.run()
        elif not self.cancel.run(h, self.on_gap):
            self.abandoned = True
            return MilpSolution("cancelled", (0,) * m, _INF, -_INF, _INF, _INF, 0)
        status = h.getModelStatus()
        info = h.getInfo()
        if info.primal_solution_status != 2:
            if status == highspy.HighsModelStatus.kInterrupt:
                return MilpSolution("cancelled", (0,) * m, _INF, -_INF, _INF, _INF, 0)
            return MilpSolution("infeasible", (0,) * m, _INF, _INF, _INF, _INF, 0)
        x = np.asarray(h.getSolution().col_value)
        counts = tuple(
            round(x[self._y(t, 1) : self._y(t, 1) + int(self.uppers[t])].sum())
            for t in range(m)
        )
        optimal = status == highspy.HighsModelStatus.kOptimal
        left = x[self.u0 : self.y0] > 0.5
        km = self.inst.problem.trips.distance_km
        return MilpSolution(
            status="optimal" if optimal else "limit",
            counts=counts,
            objective=float(info.objective_function_value),
            bound=float(info.mip_dual_bound),
            cost_dkk=float(self.cost @ x) + self.offset_dkk,
            co2e_kg=float(self.co2e @ x),
            unallocated=int(left.sum()),
            longest_unallocated_km=float(km[left].max()) if left.any() else 0.0,
            external_dkk=float(self.cost[self.u0 : self.y0] @ x[self.u0 : self.y0]),
        )


def fixed_fleet_solution(
    inst: MixInstance,
    params: OptimiseParams,
    counts: tuple[int, ...],
    should_stop: Callable[[], bool] | None = None,
) -> MilpSolution:
    """The allocation of the fleet ``counts`` least in the weighted objective at
    ``params.weight`` (as ``verify`` operates fleets) by the class model with
    integral trips: exact when no EV charge binds across trips.
    ``should_stop`` ends the solve within a second (status "cancelled")."""
    cancel = None if should_stop is None else CancelToken(should_stop)
    model = MixModel(inst, params, integral_trips=True, cancel=cancel)
    for t, n in enumerate(counts):
        for k in range(1, int(model.uppers[t]) + 1):
            value = 1.0 if k <= n else 0.0
            model.h.changeColBounds(model._y(t, k), value, value)
    model.set_weight(params.weight)
    return model.solve(params.time_limit_s)
