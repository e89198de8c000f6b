"""``optimise_fleet``: the best fleets at a slider weight and the cost–CO2e front.

Check-and-cut: the MILP (``milp``) proposes a count vector; the exact allocation
(``verify``) prices the fleet it stands for; the vector is then excluded by a
no-good cut and the MILP solved again. A fleet the allocation shows to break the
service level (EV charge, km limits) is dropped the same way. The k-th MILP's dual
bound is a lower bound on the k-th best fleet (at most k − 1 vectors are excluded
and the MILP relaxes the allocation), so each reported gap is
(value − bound) ÷ value of the weighted objective. The front collects every
verified fleet of the weighted runs (``pareto_weights``), then fills the widest CO2e
gaps with epsilon-constraint runs (cost only, CO2e capped at the midpoint) until it
has ``min_pareto_points`` points.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace

from fleetplan.optimise.alternatives import differences
from fleetplan.optimise.answer import best_fleets, front_fleets
from fleetplan.optimise.benders import DecomposedModel, use_decomposition
from fleetplan.optimise.block_parts import BlockPool
from fleetplan.optimise.cancel_guard import CancelGuard
from fleetplan.optimise.diagnose import infeasible_reasons
from fleetplan.optimise.fleet_problem import FleetProblems
from fleetplan.optimise.instance import MixInstance, build_instance
from fleetplan.optimise.messages import Note
from fleetplan.optimise.milp import MixModel, objective_weights
from fleetplan.optimise.naming import class_labels, contract_notes, pooling_note
from fleetplan.optimise.params import MODEL_TIME_SHARE, OptimiseParams
from fleetplan.optimise.pareto import (
    Scored,
    front_with_weights,
)
from fleetplan.optimise.result import (
    FleetSolution,
    OptimiseResult,
    OptimiseStatus,
    ParetoPoint,
)
from fleetplan.optimise.verify import Evaluation, evaluate
from fleetplan.simulate import ProblemParams, SimulationInput
from fleetplan.simulate.highs_cancel import CancelToken, OnGap

# seconds of a total time limit kept for pricing a verified fleet and the result
# after its allocation stops (~6 s for a city year), at most this share of it
FINISH_RESERVE_S = 15.0
FINISH_RESERVE_SHARE = 0.05
# extra MILP solves a front point may take to prove its gap (its gap is reported)
PARETO_EXTRA_ROUNDS = 1
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


def _labels(inst: MixInstance) -> list[str]:
    return class_labels(inst)  # by location name, never its id


def _by_label(labels: list[str], counts: tuple[int, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for label, n in zip(labels, counts, strict=True):
        out[label] = out.get(label, 0) + n
    return out


def _solution(
    inst: MixInstance, ev: Evaluation, weight: float, bound: float | None
) -> FleetSolution:
    labels = _labels(inst)
    today = _by_label(labels, tuple(c.current_count for c in inst.classes))
    counts = _by_label(labels, ev.counts)
    per_dkk, per_kg = objective_weights(weight, inst)
    value = per_dkk * ev.cost_dkk + per_kg * ev.co2e_kg
    gap = 0.0 if bound is None or value <= 0 else max(0.0, (value - bound) / value)
    return FleetSolution(
        weight=weight,
        counts={k: v for k, v in counts.items() if v},
        changes={k: counts[k] - today[k] for k in counts if counts[k] != today[k]},
        total_cost_dkk=ev.cost_dkk,
        co2e_kg=ev.co2e_kg,
        unallocated=ev.unallocated,
        gap=gap,
        objective=value,
    )


def _scored(ev: Evaluation) -> Scored:
    return Scored(ev.counts, ev.cost_dkk, ev.co2e_kg, ev.unallocated)


def optimise_fleet(
    inp: SimulationInput,
    params: OptimiseParams | None = None,
    problem_params: ProblemParams | None = None,
    *,
    should_stop: ShouldStop | None = None,
    on_progress: OnProgress | None = None,
    instance: MixInstance | None = None,
    on_gap: OnGap | None = None,
    block_pool: BlockPool | None = None,
) -> OptimiseResult:
    """The best ``num_solutions`` fleets at ``params.weight`` and the Pareto front.

    ``instance``: ``build_instance(inp, params, problem_params)`` when the caller
    has already built it (it also needs it to name the fleets' vehicles).
    ``should_stop`` is polled inside each MILP solve too (``CancelToken``), so a
    cancel ends the run within about a second; ``on_gap`` gets the running MIP
    gap of the solve under way (a progress bar's). ``block_pool``: where a
    decomposed model's block LPs run (default threads of this process).
    """
    params = params or OptimiseParams()
    began = time.perf_counter()

    search: _Search | None = None

    def progress(stage: str, percent: float) -> None:
        if search is not None:
            search.percent = percent  # repeated by its "verifying" reports
        if on_progress is not None:
            on_progress(stage, percent)

    progress("optimise.building", 0.0)
    inst = (
        instance
        if instance is not None
        else build_instance(inp, params, problem_params)
    )
    search = _Search(inst, params, should_stop, on_progress, on_gap, block_pool)
    labels = _labels(inst)
    today = _by_label(labels, tuple(c.current_count for c in inst.classes))
    progress("optimise.solving", 10.0)
    answer, parts = best_fleets(search, progress)
    solutions = tuple(
        replace(
            _solution(inst, r.ev, params.weight, r.bound),
            versus_best=differences(labels, r.ev.counts, answer.best[0].ev.counts),
        )
        for r in answer.best
    )
    if search.cancel.is_cancelled():
        search.stopped = True  # also when a cancelled LP looked infeasible
    if not solutions:
        if parts is not None:
            parts[1].close()
        cut_short = search.stopped or search.out_of_time
        if search.stopped:
            reasons: tuple[str, ...] = (Note("optimiser.cancelled_before_fleet"),)
        elif search.out_of_time:
            reasons = (Note("optimiser.time_before_fleet"),)
        else:
            reasons = tuple(infeasible_reasons(inst, params, search.pool))
        return OptimiseResult(
            status=OptimiseStatus.LIMIT if cut_short else OptimiseStatus.INFEASIBLE,
            solutions=(),
            pareto=(),
            today_counts=today,
            today_cost_dkk=inst.ref_cost_dkk,
            today_co2e_kg=inst.ref_co2e_kg,
            seconds=time.perf_counter() - began,
            milp_solves=search.solves,
            messages=reasons,
        )
    weights = sorted(set(params.pareto_weights))
    front_fleets(search, answer, parts, progress)
    bounds = answer.bounds
    feasible = [_scored(ev) for ev in search.pool.values() if search.ok(ev)]
    pareto = tuple(
        ParetoPoint(
            ws,
            _solution(
                inst,
                search.pool[s.key],
                ws[0] if ws else params.weight,
                bounds.get(ws[0]) if ws else None,
            ),
        )
        for s, ws in front_with_weights(
            feasible, weights, inst.ref_cost_dkk, inst.ref_co2e_kg
        )
    )
    progress("optimise.done", 100.0)
    proven = all(s.gap <= params.target_gap + 1e-9 for s in solutions)
    status = (
        OptimiseStatus.OPTIMAL
        if proven
        and not search.stopped
        and not search.hit_limit
        and not search.out_of_time
        else OptimiseStatus.LIMIT
    )
    messages: list[str] = []
    pooling = pooling_note(inst)
    if pooling is not None:
        messages.append(pooling)
    best = min(
        (ev for ev in search.pool.values() if search.ok(ev)),
        key=lambda ev: search.value(ev, params.weight),
        default=None,
    )
    messages.extend(contract_notes(inst, None if best is None else best.counts))
    if search.stopped:
        messages.append(Note("optimiser.cancelled"))
    if search.out_of_time:
        messages.append(Note("optimiser.time_limit"))
    if len(solutions) < params.num_solutions:
        messages.append(Note("optimiser.fewer_fleets", count=len(solutions)))
    return OptimiseResult(
        status=status,
        solutions=solutions,
        pareto=pareto,
        today_counts=today,
        today_cost_dkk=inst.ref_cost_dkk,
        today_co2e_kg=inst.ref_co2e_kg,
        seconds=time.perf_counter() - began,
        milp_solves=search.solves,
        messages=tuple(messages),
        front_complete=answer.front_complete,
        min_difference=answer.min_difference,
    )
