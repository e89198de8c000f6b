"""The fleet-mix model decomposed in time (Benders): counts in a small master MILP
(``master``), each block of days an LP (``blocks``).

Each master optimum is a lower bound on the class model with trips continuous,
itself a relaxation of the exact allocation, so the bound is valid for every
fleet. The loop stops when the master's bound and the best evaluated
``fixed + Σ V_d`` agree within the tolerance, or when the master's θ already equal
every block's value at its answer (no cut is violated: the master's optimum is the
model's). Cuts are kept between solves of one weight (they bound V_d, which no
no-good changes), so the k-best search of ``solve`` re-uses them.

At scale (issue 15): a long horizon is seeded from a sample of blocks
(``benders_sample``); the full loop first evaluates every block at the sample's
best point and at the sample points nearest it (the points whose cuts closed the
sample's gap, so each block gets cuts on both sides of the optimum), and only
when the sample tried one point do block LPs solve probes around the master's
counts (``BlockLP.solve``). Proposals are box-stepped around the best fleet and
every probe fleet the master admits is an incumbent candidate
(``benders_round``). None of this touches the bound: it is always the master's
without sample weights or box.

Not decomposed (``supports`` is False; ``milp.MixModel`` is used): a yearly budget,
an external-options budget, and allowed km per year on a class that has one, which
couple all days.
"""

from __future__ import annotations

import logging
import math
import os
import time

import highspy
import numpy as np
import numpy.typing as npt

from fleetplan.optimise.benders_round import Evaluated, TrustRegion
from fleetplan.optimise.benders_sample import Sample, choose_sample
from fleetplan.optimise.block_parts import BlockPool, Point, ThreadPool
from fleetplan.optimise.blocks import (
    BlockLP,
    Figures,
    class_intervals,
    time_blocks,
)
from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.master import Master
from fleetplan.optimise.milp import MilpSolution, objective_weights
from fleetplan.optimise.params import Method, OptimiseParams

FloatArray = npt.NDArray[np.float64]
_INF = math.inf
INFEASIBLE = highspy.HighsModelStatus.kInfeasible
log = logging.getLogger(__name__)

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
# probes at n ± this share of each count (at least 1), halved each full round:
# the curvature of V_d around the master's answer in the same LP build
PROBE_SHARE = 0.02
# the sample's loop (``benders_sample``): at most this many rounds and this share
# of a solve's time; it stops at this gap on its own (not a proven) bound
SAMPLE_MAX_ROUNDS = 15
SAMPLE_TIME_SHARE = 0.3
# ... but its first rounds always complete (on 32 blocks they are cheap; with one
# round under load the full loop started from a fleet still short of vehicles)
SAMPLE_MIN_ROUNDS = 3
SAMPLE_TOL = 0.002
# the sample's points besides its best that the full loop evaluates first
SUPPORT_POINTS = 2
# trust regions (``benders_round.TrustRegion``): first half-width as a share of
# the fleet, for the sample's loop and for the full loop
SAMPLE_BOX_SHARE = 0.1
BOX_SHARE = 0.02
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

    def __init__(
        self,
        inst: MixInstance,
        params: OptimiseParams,
        pool: BlockPool | None = None,
    ) -> None:
        """``pool``: where the block LPs run (default threads of this process);
        with one, every block is rebuilt from its basis, as a worker's is."""
        if not supports(inst, params):
            raise ValueError("the decomposition does not support these constraints.")
        self.inst = inst
        self.params = params
        self.pool = ThreadPool(BLOCK_WORKERS) if pool is None else pool
        intervals = class_intervals(inst)
        live = pool is None and int(inst.feasible.sum()) <= LIVE_MAX_PAIRS
        trips = time_blocks(inst)
        self.blocks = [BlockLP(inst, params, b, intervals, live=live) for b in trips]
        self.sample: Sample | None = choose_sample(inst, trips)

        self.master = Master(inst, params, np.array([b.max_co2e for b in self.blocks]))
        self.m = len(inst.classes)
        self.cap_kg: float | None = None
        self.weight: float | None = None
        self.per_dkk = self.per_kg = 0.0
        self.visited: list[tuple[int, ...]] = []
        self.lp_solves = 0
        self.rounds = 0
        self.full_rounds = 0  # rounds over every block at this weight
        self.master_s = 0.0  # seconds in the master
        self.box_bound = -_INF
        self._seed: tuple[tuple[int, ...], Evaluated] | None = None
        self.history: list[dict[str, object]] = []  # one entry per round
        self.began = time.perf_counter()
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
        self.full_rounds = 0
        seeds = self.visited[-1:] or [tuple(c.current_count for c in self.inst.classes)]
        only = None if self.sample is None else self.sample.blocks
        self._seed = None
        for counts in seeds:
            got = self._cut_at(counts, None, None, only=only)
            self._seed = None if got is None else (counts, got)

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
        only: list[int] | None = None,
        steps: tuple[int, ...] | None = None,
    ) -> Evaluated | None:
        """Solve the blocks (``only`` these, default all) at the point and at its
        probes (``steps``, see ``BlockLP.solve``); add every probe cut and the
        cuts at the point that the master's θ violates (all, without θ).
        Returns the totals of the points every block is known at, or None when
        the deadline came first (the cuts found so far are still added). The
        block LPs run in ``self.pool``."""
        n_hat = np.array(counts, dtype=np.float64)
        todo_blocks = range(len(self.blocks)) if only is None else only
        rhs = {
            d: (
                None if left is None else float(left[d]),
                None if kg is None else float(kg[d]),
            )
            for d in todo_blocks
        }
        kept = {
            d: None
            if theta is None
            else self.blocks[d].still_optimal(counts, *rhs[d], float(theta[d]))
            for d in todo_blocks
        }
        todo = [d for d in todo_blocks if kept[d] is None]
        began = time.perf_counter()
        point = Point(
            counts,
            {d: rhs[d][0] for d in todo},
            {d: rhs[d][1] for d in todo},
            steps,
            self.master.n_bounds,
        )
        solved = self.pool.solve(self.blocks, todo, point, deadline)
        out = Evaluated(counts, steps)
        rows = []
        probe_rows = []
        for d in todo_blocks:
            block = self.blocks[d]
            if (known := kept[d]) is not None:
                out.add(d, known[0], known[1], block, {}, {})
                continue
            if (answer := solved[d]) is None:
                out.complete = False
                continue
            self.lp_solves += 1 + len(answer.probes)
            cut = answer.cut
            slack = 1e-9 * max(1.0, abs(cut.value))
            if theta is None or cut.value > theta[d] + slack:
                rows.append(self.master.cut_row(d, cut, n_hat, *rhs[d]))
            for (t, sign), (p_cut, _) in answer.probes.items():
                point = n_hat.copy()
                point[t] += sign * (steps or ())[t]
                probe_rows.append(self.master.cut_row(d, p_cut, point, *rhs[d]))
            values = {k: p_cut.value for k, (p_cut, _) in answer.probes.items()}
            out.add(d, cut.value, answer.figures, block, answer.probes, values)
        out.violated = len(rows)
        self.master.add_rows("cut", rows + probe_rows)
        out.cuts = len(rows) + len(probe_rows)
        if not out.complete:
            return None
        if only is None:
            self.min_solve_s = time.perf_counter() - began
        return out

    def _steps(self, counts: tuple[int, ...], full_rounds: int) -> tuple[int, ...]:
        """Probe steps: PROBE_SHARE of each count, halved each full round."""
        share = PROBE_SHARE / 2.0 ** max(0, full_rounds - 1)
        return tuple(max(1, round(share * c)) for c in counts)

    def _master(self, time_left_s: float, tol: float) -> FloatArray | None:
        began = time.perf_counter()
        try:
            return self._run_master(time_left_s, tol)
        finally:
            self.master_s += time.perf_counter() - began

    def _run_master(self, time_left_s: float, tol: float) -> FloatArray | None:
        h = self.master.h
        h.setOptionValue("time_limit", float(max(0.1, time_left_s)))
        h.setOptionValue("mip_rel_gap", tol / 2.0)
        h.run()
        if h.getInfo().primal_solution_status != 2:
            return None
        return np.asarray(h.getSolution().col_value)

    def _point(
        self, x: FloatArray
    ) -> tuple[tuple[int, ...], FloatArray | None, FloatArray | None, FloatArray]:
        mst = self.master
        n_left = (
            np.round(x[mst.left0 : mst.kg0])
            if self.params.max_unallocated is not None
            else None
        )
        n_kg = x[mst.kg0 :] if self.cap_kg is not None else None
        return mst.counts_of(x), n_left, n_kg, x[mst.theta0 : mst.left0]

    def _boxed(
        self, region: TrustRegion, time_left_s: float, tol: float
    ) -> FloatArray | None:
        """The master's answer within the trust region (unboxed if none fits)."""
        self.master.set_box(region.box())
        try:
            x = self._master(time_left_s, tol)
            self.box_bound = float(self.master.h.getInfo().mip_dual_bound)
        finally:
            self.master.set_box(None)
        return x if x is not None or region.center is None else region.x

    def _seed_from_sample(self, deadline: float, tol: float) -> list[FloatArray]:
        """Solve the sample's master (θ of sample blocks weighted by the blocks
        each stands for) in a trust region from today's fleet. Returns the master
        answers at its best point, which starts the full loop near the optimum,
        and at the ``SUPPORT_POINTS`` other points of the sample nearest to it
        (those whose cuts closed the sample's gap: the full loop evaluates every
        block there, so each block gets cuts on both sides of the optimum at
        once). Its cuts stay (each is a cut of its block), but its bound is of
        the sample, not of the model, and is never reported."""
        tried: list[tuple[tuple[int, ...], FloatArray]] = []
        sample = self.sample
        assert sample is not None
        self.master.set_theta_costs(sample.costs(len(self.blocks)))
        region = TrustRegion(SAMPLE_BOX_SHARE)
        if self._seed is not None:
            # the box starts at the seed (today's fleet or the last weight's
            # answer), whose value with N_d free is no fair comparison
            region.update(self._seed[0], _INF, None)
        try:
            for number in range(SAMPLE_MAX_ROUNDS):
                until = deadline if number >= SAMPLE_MIN_ROUNDS else _INF
                x = self._boxed(
                    region, min(until, deadline + 60.0) - time.perf_counter(), tol
                )
                if x is None:
                    break
                lower = self.box_bound
                counts, n_left, n_kg, theta = self._point(x)
                got = self._cut_at(
                    counts, n_left, n_kg, theta,
                    until,
                    sample.blocks,
                )  # fmt: skip
                if got is None:
                    break
                value = self.master.fixed_value(counts, self.per_dkk, self.per_kg)
                value += float(sample.weights @ got.block_values(sample.blocks))
                region.update(counts, value, x)
                tried.append((counts, x))
                self._log("sample", region.value, lower, got)
                # the box's bound reached the best point and the box was not
                # what stopped the master: the sample is solved
                near = region.value - lower <= SAMPLE_TOL * abs(region.value)
                if near and region.inside(counts, margin=1):
                    break
                if got.violated == 0:
                    region.widen()
        finally:
            self.master.set_theta_costs(np.ones(len(self.blocks)))
        if region.x is None or region.center is None:
            return []
        best = np.array(region.center)
        others = {c: x for c, x in tried if c != region.center}
        near = sorted(others, key=lambda c: float(np.abs(np.array(c) - best).sum()))
        return [region.x, *(others[c] for c in near[:SUPPORT_POINTS])]

    def solve(self, time_limit_s: float) -> MilpSolution:
        began = self.began = time.perf_counter()
        deadline = began + time_limit_s
        tol = max(MIN_TOL, TOL_SHARE * self.params.target_gap)
        best: tuple[float, tuple[int, ...], Figures] | None = None
        bound = -_INF
        status = "limit"
        x = None
        region = TrustRegion(BOX_SHARE)
        queue: list[FloatArray] = []  # the sample's points, best first
        if self.sample is not None and not self.full_rounds:
            queue = self._seed_from_sample(
                began + SAMPLE_TIME_SHARE * time_limit_s, tol
            )
        supported = len(queue) > 1  # probes are then not needed
        while True:
            theta: FloatArray | None = None  # a sample's answer: every cut is new
            boxed = False
            if x is None and queue:
                x = queue.pop(0)
            elif x is None:
                x = self._master(deadline - time.perf_counter(), tol)
                if x is None:
                    if self.master.h.getModelStatus() == INFEASIBLE:
                        return self._infeasible()
                    break
                self.rounds += 1
                bound = max(bound, float(self.master.h.getInfo().mip_dual_bound))
                if best is not None and best[0] - bound <= tol * abs(best[0]):
                    status = "optimal"
                    break
                boxed = not region.inside(self.master.counts_of(x))
                if boxed:
                    x = self._boxed(region, deadline - time.perf_counter(), tol)
                    assert x is not None
                theta = self._point(x)[3]
            counts, n_left, n_kg, _ = self._point(x)
            at = x
            x = None
            self.full_rounds += 1
            # the first round always completes: it gives the first fleet
            got = self._cut_at(
                counts, n_left, n_kg, theta,
                deadline if best is not None else _INF,
                # probes pay where rounds are few and dear: long horizons
                steps=None
                if self.sample is None or supported
                else self._steps(counts, self.full_rounds),
            )  # fmt: skip
            if got is None:
                break  # out of time within the round; its cuts are kept
            for point, total, figures in got.points(self.master.n_bounds):
                if point != counts and not self.master.admits(point):
                    continue
                value = self.master.fixed_value(point, self.per_dkk, self.per_kg)
                if best is None or value + total < best[0]:
                    best = (value + total, point, figures)
            assert best is not None
            region.update(best[1], best[0], at)
            if boxed and got.violated == 0:
                region.widen()
            self.visited.append(counts)
            self._log("full", best[0], bound, got)
            # no cut at the free master's answer: its optimum is the model's
            exact = theta is not None and not boxed and got.violated == 0
            if exact or best[0] - bound <= tol * abs(best[0]):
                status = "optimal"
                break
            if time.perf_counter() > deadline:
                break
        if best is None:
            return self._infeasible()
        return self._solution(status, best[0], bound, best[1], best[2])

    def _log(self, phase: str, value: float, bound: float, got: Evaluated) -> None:
        """One line per round (``benchmarks`` collects them): the best value and
        the master's bound so far (weighted objective), their gap and the time."""
        entry = {
            "phase": phase,
            "s": round(time.perf_counter() - self.began, 1),
            "value": value,
            "bound": bound if bound > -_INF else None,
            "gap": (value - bound) / abs(value) if bound > -_INF and value else None,
            "cuts": got.cuts,
            "lp_solves": self.lp_solves,
            "master_s": round(self.master_s, 1),
            "counts": list(got.counts),
        }
        self.history.append(entry)
        log.info("benders round %s", entry)

    def _infeasible(self) -> MilpSolution:
        return MilpSolution("infeasible", (0,) * self.m, _INF, _INF, _INF, _INF, 0)

    def _solution(
        self,
        status: str,
        value: float,
        bound: float,
        counts: tuple[int, ...],
        figures: Figures,
    ) -> MilpSolution:
        """Yearly figures of the block LPs' answer for ``counts`` (as ``milp``)."""
        y = self.master.held(counts)
        return MilpSolution(
            status=status,
            counts=counts,
            objective=value,
            bound=min(bound, value),
            cost_dkk=float(self.master.fixed @ y) + figures.cost_dkk,
            co2e_kg=float(self.master.production @ y) + figures.co2e_kg,
            unallocated=figures.unallocated,
            longest_unallocated_km=figures.longest_km,
            external_dkk=figures.external_dkk,
        )
