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
import time

import highspy
import numpy as np
import numpy.typing as npt

from fleetplan.optimise.benders_round import Evaluated, TrustRegion
from fleetplan.optimise.benders_sample import Sample, choose_sample
from fleetplan.optimise.benders_settings import (
    BLOCK_WORKERS,
    BOX_SHARE,
    LIVE_MAX_PAIRS,
    MIN_TOL,
    PROBE_SHARE,
    SAMPLE_BOX_SHARE,
    SAMPLE_MAX_ROUNDS,
    SAMPLE_MIN_ROUNDS,
    SAMPLE_TIME_SHARE,
    SAMPLE_TOL,
    SUPPORT_POINTS,
    TOL_SHARE,
)
from fleetplan.optimise.benders_steps import BendersSteps
from fleetplan.optimise.block_parts import BlockPool, ThreadPool
from fleetplan.optimise.blocks import (
    BlockLP,
    Figures,
    class_intervals,
    time_blocks,
)
from fleetplan.optimise.decomposition_choice import supports
from fleetplan.optimise.decomposition_choice import (
    use_decomposition as use_decomposition,
)
from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.master import Master
from fleetplan.optimise.milp import MilpSolution, objective_weights
from fleetplan.optimise.params import OptimiseParams

FloatArray = npt.NDArray[np.float64]
_INF = math.inf
INFEASIBLE = highspy.HighsModelStatus.kInfeasible
log = logging.getLogger(__name__)


class DecomposedModel(BendersSteps):
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
    def _steps(self, counts: tuple[int, ...], full_rounds: int) -> tuple[int, ...]:
        """Probe steps: PROBE_SHARE of each count, halved each full round."""
        share = PROBE_SHARE / 2.0 ** max(0, full_rounds - 1)
        return tuple(max(1, round(share * c)) for c in counts)

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
