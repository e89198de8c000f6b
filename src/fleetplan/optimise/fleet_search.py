"""``_Search``: one check-and-cut run of ``optimise_fleet`` (see ``solve``).

It holds the count model (``milp.MixModel`` or the decomposed one of ``benders``),
the fleets verified so far by the exact allocation (``verify``), and the rules
that stop a run: k fleets proven within the target gap, the cut rounds, the time
limit (less a reserve to price the last fleet) and a cancel.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace

from fleetplan.optimise.benders import DecomposedModel, use_decomposition
from fleetplan.optimise.block_parts import BlockPool
from fleetplan.optimise.cancel_guard import CancelGuard
from fleetplan.optimise.fleet_problem import FleetProblems
from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.milp import MixModel, objective_weights
from fleetplan.optimise.params import MODEL_TIME_SHARE, OptimiseParams
from fleetplan.optimise.verify import Evaluation, evaluate
from fleetplan.simulate.highs_cancel import CancelToken, OnGap

# seconds of a total time limit kept for pricing a verified fleet and the result
# after its allocation stops (~6 s for a city year), at most this share of it
FINISH_RESERVE_S = 15.0
FINISH_RESERVE_SHARE = 0.05
ShouldStop = Callable[[], bool]
OnProgress = Callable[[str, float], None]


class _Search:
    """The MILP, the verified fleets so far and the stop rules."""

    def __init__(
        self,
        inst: MixInstance,
        params: OptimiseParams,
        should_stop: ShouldStop | None,
        on_progress: OnProgress | None = None,
        on_gap: OnGap | None = None,
        block_pool: BlockPool | None = None,
    ) -> None:
        self.inst = inst
        self.on_progress = on_progress
        self.percent = 0.0  # the phase's progress, repeated while verifying
        self.params = params
        # polled inside the HiGHS solves, so a cancel does not wait for one to end
        self.cancel = CancelToken(should_stop)
        self.model: MixModel | CancelGuard = (
            CancelGuard(DecomposedModel(inst, params, block_pool), self.cancel)
            if use_decomposition(inst, params)
            else MixModel(inst, params, cancel=self.cancel, on_gap=on_gap)
        )
        self.pool: dict[tuple[int, ...], Evaluation] = {}
        # each fleet type's problem columns, shared by every verification
        self.problems = FleetProblems(inst)
        self.solves = 0
        self.stopped = False
        self.hit_limit = False
        self.out_of_time = False
        total = params.total_time_limit_s
        self.deadline = math.inf if total is None else time.perf_counter() + total
        self.reserve = (
            0.0
            if total is None
            else min(FINISH_RESERVE_S, FINISH_RESERVE_SHARE * total)
        )

    def _time_left(self) -> float:
        return self.deadline - time.perf_counter()

    def _evaluate(
        self, counts: tuple[int, ...], sol_cost: float, sol_kg: float, left: int
    ) -> Evaluation:
        if counts not in self.pool:
            if self.params.verify:
                if self.on_progress is not None:
                    self.on_progress("optimise.verifying", self.percent)
                seconds = max(1.0, self._time_left() - self.reserve)
                params = (
                    self.params
                    if seconds >= self.params.time_limit_s
                    else replace(self.params, time_limit_s=seconds)
                )
                self.pool[counts] = evaluate(
                    self.inst,
                    counts,
                    params,
                    should_stop=self.cancel,
                    problems=self.problems,
                )
            else:
                self.pool[counts] = Evaluation(
                    counts, sol_cost, sol_kg, left, 0.0, 0.0, 0.0
                )
        return self.pool[counts]

    def ok(self, ev: Evaluation) -> bool:
        budget = self.params.budget_dkk_per_year
        return ev.meets(self.params) and (
            budget is None or ev.cost_dkk <= budget + 1e-6
        )

    def value(self, ev: Evaluation, weight: float) -> float:
        per_dkk, per_kg = objective_weights(weight, self.inst)
        return per_dkk * ev.cost_dkk + per_kg * ev.co2e_kg

    def run(
        self,
        weight: float,
        k: int,
        cap_kg: float | None = None,
        extra: int | None = None,
    ) -> tuple[list[Evaluation], float]:
        """Up to k verified fleets at ``weight`` (best first) and a lower bound.

        Every fleet not returned has a weighted value >= the bound (or is among the
        fleets that failed the service level), so the true k-th best value is at
        least min(k-th returned value, bound).
        """
        model = self.model
        model.set_weight(weight)
        model.set_co2e_cap(cap_kg)
        base = model.mark()
        found: list[Evaluation] = []
        bound = -math.inf
        rounds = 0
        limit = k + (self.params.max_cut_rounds if extra is None else extra)
        while rounds < limit:
            if self.cancel.is_cancelled():
                self.stopped = True
                break
            # no new solve when it could not end in time (a decomposed one needs
            # a round of block LPs) with the reserve for the finish still left
            if self._time_left() <= self.reserve + self.model.min_solve_s:
                self.out_of_time = True
                break
            sol = model.solve(
                min(self.params.time_limit_s, MODEL_TIME_SHARE * self._time_left())
            )
            self.solves += 1
            if sol.status == "cancelled" or self.cancel.is_cancelled():
                self.stopped = True
                break
            if sol.status == "infeasible":
                bound = math.inf
                break
            bound = sol.bound
            self.hit_limit = self.hit_limit or sol.status == "limit"
            if len(found) >= k and self._proven(found, k, weight, bound):
                break
            ev = self._evaluate(sol.counts, sol.cost_dkk, sol.co2e_kg, sol.unallocated)
            if self.ok(ev) and (cap_kg is None or ev.co2e_kg <= cap_kg * (1 + 1e-9)):
                found.append(ev)
            model.exclude(sol.counts)
            rounds += 1
            if len(found) >= k and self._proven(found, k, weight, bound):
                break
        model.reset(base)
        model.set_co2e_cap(None)
        found.sort(key=lambda e: self.value(e, weight))
        return found[:k], bound

    def _proven(
        self, found: list[Evaluation], k: int, weight: float, bound: float
    ) -> bool:
        values = sorted(self.value(e, weight) for e in found)
        kth = values[k - 1]
        return kth <= 0 or (kth - bound) / kth <= self.params.target_gap
