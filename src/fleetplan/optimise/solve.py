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

import time
from dataclasses import replace

from fleetplan.optimise.alternatives import differences
from fleetplan.optimise.answer import best_fleets, front_fleets
from fleetplan.optimise.block_parts import BlockPool
from fleetplan.optimise.diagnose import infeasible_reasons
from fleetplan.optimise.fleet_search import OnProgress, ShouldStop, _Search
from fleetplan.optimise.instance import MixInstance, build_instance
from fleetplan.optimise.messages import Note
from fleetplan.optimise.milp import objective_weights
from fleetplan.optimise.naming import class_labels, contract_notes, pooling_note
from fleetplan.optimise.params import OptimiseParams
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
from fleetplan.optimise.verify import Evaluation
from fleetplan.optimise.weight_runs import WeightPool
from fleetplan.simulate import ProblemParams, SimulationInput
from fleetplan.simulate.highs_cancel import OnGap


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
    weight_pool: WeightPool | None = None,
) -> OptimiseResult:
    """The best ``num_solutions`` fleets at ``params.weight`` and the Pareto front.

    ``instance``: ``build_instance(inp, params, problem_params)`` when the caller
    has already built it (it also needs it to name the fleets' vehicles).
    ``should_stop`` is polled inside each MILP solve too (``CancelToken``), so a
    cancel ends the run within about a second; ``on_gap`` gets the running MIP
    gap of the solve under way (a progress bar's). ``block_pool``: where a
    decomposed model's block LPs run (default threads of this process);
    ``weight_pool``: where a decomposed front's weights run (``weight_runs``;
    default here, in order).
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
    front_fleets(search, answer, parts, progress, weight_pool)
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
