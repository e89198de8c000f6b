"""The fleet-mix model decomposed in time (Benders): counts in a small master MILP
(``master``), each block of days an LP (``blocks``).

Each master optimum is a lower bound on the class model with trips continuous,
itself a relaxation of the exact allocation, so the bound is valid for every
fleet. The loop stops when the master's bound and the best evaluated
``fixed + Σ V_d`` agree within the tolerance, or when the master's θ already equal
every block's value at its answer (no cut is violated: the master's optimum is the
model's). Cuts are kept between solves of one weight (they bound V_d, which no
no-good changes), so the k-best search of ``solve`` re-uses them.

Not decomposed (``supports`` is False; ``milp.MixModel`` is used): a yearly budget,
an external-options budget, and allowed km per year on a class that has one, which
couple all days.
"""

from __future__ import annotations

import math
import os
import time
from concurrent.futures import ThreadPoolExecutor

import highspy
import numpy as np
import numpy.typing as npt

from fleetplan.optimise.blocks import BlockLP, Cut, class_intervals, time_blocks
from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.master import Master
from fleetplan.optimise.milp import MilpSolution, objective_weights
from fleetplan.optimise.params import Method, OptimiseParams

FloatArray = npt.NDArray[np.float64]
_INF = math.inf

# the loop stops when master bound and best value are within this share of the
# target gap (the rest of the gap is left to the exact allocation's own)
TOL_SHARE = 0.1
# the tolerance is never tighter than this (floating point of the LP values)
MIN_TOL = 1e-9
# above this many trip-class pairs the block LPs are rebuilt for each solve from
# their last basis instead of staying in memory (~24 MiB a city day when live)
LIVE_MAX_PAIRS = 200_000
# threads solving block LPs at once (each holds at most one LP in memory)
BLOCK_WORKERS = max(
    1,
    min(
        4,
        len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 1,
    ),
)
# auto: decompose when the one MILP would have more trip-class pairs than this
AUTO_MIN_PAIRS = 30_000


def supports(inst: MixInstance, params: OptimiseParams) -> bool:
    """True when every constraint of ``params`` decomposes by block."""
    km_limited = params.limit_km and any(
        c.allowed_km_per_year and c.upper for c in inst.classes
    )
    return (
        params.budget_dkk_per_year is None
        and params.external_budget_dkk_per_year is None
        and not km_limited
    )


def use_decomposition(inst: MixInstance, params: OptimiseParams) -> bool:
    """Whether ``solve`` uses ``DecomposedModel`` (else ``milp.MixModel``)."""
    if params.method is Method.MILP or not supports(inst, params):
        return False
    if params.method is Method.DECOMPOSED:
        return True
    return int(inst.feasible.sum()) > AUTO_MIN_PAIRS


class DecomposedModel:
    """Benders on time blocks, with ``MixModel``'s interface for ``solve``."""

    def __init__(self, inst: MixInstance, params: OptimiseParams) -> None:
        if not supports(inst, params):
            raise ValueError("the decomposition does not support these constraints.")
        self.inst = inst
        self.params = params
        intervals = class_intervals(inst)
        live = int(inst.feasible.sum()) <= LIVE_MAX_PAIRS
        self.blocks = [
            BlockLP(inst, params, b, intervals, live=live) for b in time_blocks(inst)
        ]

        self.master = Master(inst, params, np.array([b.max_co2e for b in self.blocks]))
        self.m = len(inst.classes)
        self.cap_kg: float | None = None
        self.weight: float | None = None
        self.per_dkk = self.per_kg = 0.0
        self.visited: list[tuple[int, ...]] = []
        self.lp_solves = 0
        self.rounds = 0
        # seconds of the last full round of block LPs: a solve takes at least one
        self.min_solve_s = 0.0

    # -- MixModel's interface -------------------------------------------------
    def set_weight(self, weight: float) -> None:
        if weight == self.weight:
            return
        self.weight = weight
        self.per_dkk, self.per_kg = objective_weights(weight, self.inst)
        for b in self.blocks:
            b.set_weight(self.per_dkk, self.per_kg)
        self.master.set_weight(self.per_dkk, self.per_kg)
        seeds = self.visited[-1:] or [tuple(c.current_count for c in self.inst.classes)]
        for counts in seeds:
            self._cut_at(counts, None, None)

    def set_co2e_cap(self, cap_kg: float | None) -> None:
        self.cap_kg = cap_kg
        self.master.set_co2e_cap(cap_kg)

    def mark(self) -> int:
        return self.master.count("nogood")

    def reset(self, mark: int) -> None:
        """Drop the no-good cuts added since ``mark`` (all of them: runs nest none)."""
        if self.mark() > mark:
            self.master.drop_nogoods()

    def exclude(self, counts: tuple[int, ...]) -> None:
        self.master.exclude(counts)

    # -- the loop -------------------------------------------------------------
    def _cut_at(
        self,
        counts: tuple[int, ...],
        left: FloatArray | None,
        kg: FloatArray | None,
        theta: FloatArray | None = None,
        deadline: float = _INF,
    ) -> tuple[float | None, list[FloatArray], int]:
        """Solve every block at the point; add the cuts that the master's θ
        violates (all, without θ). Returns Σ V_d (None when the deadline came
        first: the cuts found so far are still added), the block solutions and
        the number of cuts added. The block LPs run on ``BLOCK_WORKERS`` threads
        (HiGHS releases the GIL while it solves)."""
        n_hat = np.array(counts, dtype=np.float64)
        rhs = [
            (
                None if left is None else float(left[d]),
                None if kg is None else float(kg[d]),
            )
            for d in range(len(self.blocks))
        ]
        kept = [
            None
            if theta is None
            else block.still_optimal(counts, *rhs[d], float(theta[d]))
            for d, block in enumerate(self.blocks)
        ]
        todo = [d for d in range(len(self.blocks)) if kept[d] is None]

        def solve_block(d: int) -> tuple[Cut, FloatArray] | None:
            if time.perf_counter() > deadline:
                return None
            return self.blocks[d].solve(counts, *rhs[d])

        began = time.perf_counter()
        if len(todo) >= 2 * BLOCK_WORKERS > 2:
            with ThreadPoolExecutor(BLOCK_WORKERS) as pool:
                solved = dict(zip(todo, pool.map(solve_block, todo), strict=True))
        else:
            solved = {d: solve_block(d) for d in todo}
        total: float | None = 0.0
        sols = []
        rows = []
        for d in range(len(self.blocks)):
            if kept[d] is not None:
                value, x = kept[d]
            elif (answer := solved[d]) is None:
                total = None
                continue
            else:
                cut, x = answer
                self.lp_solves += 1
                value = cut.value
                slack = 1e-9 * max(1.0, abs(cut.value))
                if theta is None or cut.value > theta[d] + slack:
                    rows.append(self.master.cut_row(d, cut, n_hat, *rhs[d]))
            if total is not None:
                total += value
            sols.append(x)
        self.master.add_rows("cut", rows)
        if total is not None:
            self.min_solve_s = time.perf_counter() - began
        return total, sols, len(rows)

    def solve(self, time_limit_s: float) -> MilpSolution:
        began = time.perf_counter()
        h = self.master.h
        mst = self.master
        tol = max(MIN_TOL, TOL_SHARE * self.params.target_gap)
        best: tuple[float, tuple[int, ...], list[FloatArray]] | None = None
        bound = -_INF
        status = "limit"
        while True:
            left = max(0.1, time_limit_s - (time.perf_counter() - began))
            h.setOptionValue("time_limit", float(left))
            h.setOptionValue("mip_rel_gap", tol / 2.0)
            h.run()
            info = h.getInfo()
            if info.primal_solution_status != 2:
                if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
                    return self._infeasible()
                break
            self.rounds += 1
            bound = max(bound, float(info.mip_dual_bound))
            x = np.asarray(h.getSolution().col_value)
            counts = mst.counts_of(x)
            n_left = (
                np.round(x[mst.left0 : mst.kg0])
                if self.params.max_unallocated is not None
                else None
            )
            n_kg = x[mst.kg0 :] if self.cap_kg is not None else None
            theta = x[mst.theta0 : mst.left0]
            # the first round always completes: it gives the first fleet
            deadline = began + time_limit_s if best is not None else _INF
            total, sols, added = self._cut_at(counts, n_left, n_kg, theta, deadline)
            if total is None:
                break  # out of time within the round; its cuts are kept
            value = mst.fixed_value(counts, self.per_dkk, self.per_kg) + total
            if best is None or value < best[0]:
                best = (value, counts, sols)
            self.visited.append(counts)
            if added == 0 or best[0] - bound <= tol * max(abs(best[0]), 1e-12):
                status = "optimal"
                break
            if time.perf_counter() - began > time_limit_s:
                break
        if best is None:
            return self._infeasible()
        return self._solution(status, best[0], bound, best[1], best[2])

    def _infeasible(self) -> MilpSolution:
        return MilpSolution("infeasible", (0,) * self.m, _INF, _INF, _INF, _INF, 0)

    def _solution(
        self,
        status: str,
        value: float,
        bound: float,
        counts: tuple[int, ...],
        sols: list[FloatArray],
    ) -> MilpSolution:
        """Yearly figures of the block LPs' answer for ``counts`` (as ``milp``)."""
        y = self.master.held(counts)
        cost = float(self.master.fixed @ y)
        kg = float(self.master.production @ y)
        left = 0
        longest = 0.0
        external = 0.0
        km = self.inst.problem.trips.distance_km
        for block, x in zip(self.blocks, sols, strict=True):
            cost += float(block.cost @ x[: block.s_u])
            kg += float(block.co2e @ x[: block.s_u])
            u = x[block.u0 : block.s_u]
            gone = u > 0.5
            left += int(gone.sum())
            external += float(block.cost[block.u0 :] @ u)
            if gone.any():
                longest = max(longest, float(km[block.trips[gone]].max()))
        return MilpSolution(
            status=status,
            counts=counts,
            objective=value,
            bound=min(bound, value),
            cost_dkk=cost,
            co2e_kg=kg,
            unallocated=left,
            longest_unallocated_km=longest,
            external_dkk=external,
        )
