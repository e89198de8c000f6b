"""The full answer of a run: the k distinct best fleets and the front's fleets.

Up to ``LP_MAX_PAIRS`` trip-class pairs (either method) one warm LP relaxation
(``relaxation``) serves every weight, cap and distinctness row, and fleets are
verified on worker threads (``verifier``): ``alternatives.lp_path`` for the best
fleets, ``front.exact_front`` (small instances, one MILP) and ``front.lp_front``
for the front. The LP halves run first (the regions, then the front's weights),
so the LP keeps one core while the fleets they found are verified. When the LP
cannot prove a gap within the target, the one MILP's check-and-cut per region
runs (``alternatives.milp_path``); the time decomposition (a city) keeps its
check-and-cut with no-goods (fleets differ by at least one vehicle), its
front's weights each from the front's start, here or on workers
(``weight_runs``), and the epsilon fill by master solves.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fleetplan.optimise.alternatives import (
    Ranked,
    lp_regions,
    milp_path,
    rank_regions,
    stop_now,
)
from fleetplan.optimise.front import (
    EXACT_FRONT_MAX_PAIRS,
    exact_front,
    fill_front,
    scored,
    weight_sweep,
)
from fleetplan.optimise.milp import MixModel
from fleetplan.optimise.pareto import co2e_gaps, non_dominated
from fleetplan.optimise.relaxation import Relaxation
from fleetplan.optimise.verifier import Verifier
from fleetplan.optimise.weight_runs import WeightPool, run_weights

if TYPE_CHECKING:
    from fleetplan.optimise.solve import _Search

# the LP relaxation (one HiGHS LP over every trip-class pair) is built up to this
# many pairs (100 × 90 has 65,560; a city year millions, left to the decomposition)
LP_MAX_PAIRS = 250_000
# extra MILP solves a front point may take to prove its gap (decomposed runs)
PARETO_EXTRA_ROUNDS = 1
Progress = Callable[[str, float], None]


@dataclass(slots=True)
class Answer:
    """The best fleets (best first, each with its bound), each front weight's
    lower bound, and whether the front is proven complete."""

    best: list[Ranked]
    bounds: dict[float, float] = field(default_factory=dict)
    front_complete: bool = False
    min_difference: int = 1
    # the front weights' LP bounds, swept while the best fleets were verified
    swept: dict[float, float] | None = None


Parts = tuple[Relaxation, Verifier] | None


def best_fleets(search: _Search, progress: Progress) -> tuple[Answer, Parts]:
    """The ``num_solutions`` best fleets at least ``min_difference`` apart."""
    params = search.params
    k, at_least = params.num_solutions, params.min_difference
    one_milp = isinstance(search.model, MixModel)
    parts: Parts = None
    ranked: list[Ranked] | None = None
    swept: dict[float, float] | None = None
    if params.verify and int(search.inst.feasible.sum()) <= LP_MAX_PAIRS:
        lp = Relaxation(search.inst, params, search.cancel)
        verifier = Verifier(
            search.inst,
            params,
            search.pool,
            search.cancel,
            lambda: search._time_left() - search.reserve,
            search.problems,
        )
        parts = (lp, verifier)
        regions = lp_regions(search, lp, verifier, params.weight, k, at_least)
        if regions is not None:
            # the front's weights go to the LP while the regions' fleets are
            # verified on the worker threads (both cores busy, not one waiting)
            known = {params.weight: regions.found[0][1]} if regions.found else {}
            swept = weight_sweep(
                search,
                lp,
                verifier,
                sorted(set(params.pareto_weights)),
                known,
                regions.start,
            )
            ranked = rank_regions(search, verifier, params.weight, regions)
    answer = Answer([], min_difference=at_least)
    answer.swept = swept
    if ranked is None and not stop_now(search):
        progress("optimise.solving", 20.0)
        if one_milp:
            ranked = milp_path(search, params.weight, k, at_least)
        else:  # the decomposition's no-goods: fleets differ by one vehicle
            found, bound = search.run(params.weight, k)
            ranked = [Ranked(ev, bound) for ev in found]
            answer.min_difference = 1
    answer.best = sorted(ranked or [], key=lambda r: search.value(r.ev, params.weight))
    if answer.best:
        answer.bounds[params.weight] = answer.best[0].bound
    return answer, parts


def front_fleets(
    search: _Search,
    answer: Answer,
    parts: Parts,
    progress: Progress,
    weight_pool: WeightPool | None = None,
) -> None:
    """Verified fleets for the front into ``search.pool``; bounds per weight.
    ``weight_pool``: where a decomposed front's weights run (``weight_runs``;
    the LP's sweep below takes milliseconds a weight and stays here)."""
    params = search.params
    weights = sorted(set(params.pareto_weights))
    if parts is None:
        _decomposed_front(search, answer, weights, progress, weight_pool)
        return
    lp, verifier = parts
    try:
        small = int(search.inst.feasible.sum()) <= EXACT_FRONT_MAX_PAIRS
        if small and isinstance(search.model, MixModel):
            progress("optimise.pareto", 55.0)
            answer.front_complete = exact_front(search)
        progress("optimise.pareto", 70.0)
        got = answer.swept
        if got is None:
            got = weight_sweep(search, lp, verifier, weights)
        if not stop_now(search):
            fill_front(search, lp, verifier, params.min_pareto_points)
        for w, b in got.items():
            answer.bounds[w] = max(b, answer.bounds.get(w, -math.inf))
    finally:
        verifier.close()


def _decomposed_front(
    search: _Search,
    answer: Answer,
    weights: list[float],
    progress: Progress,
    pool: WeightPool | None,
) -> None:
    """The weights from one start, anywhere (``weight_runs``); then the CO2e
    fills, which depend on the front so far, in turn here."""
    params = search.params
    todo = [w for w in weights if w != params.weight]

    def ran(number: int) -> None:
        progress("optimise.pareto", 50.0 + 30.0 * number / max(1, len(todo)))

    progress("optimise.pareto", 50.0)
    answer.bounds.update(run_weights(search, todo, PARETO_EXTRA_ROUNDS, pool, ran))
    tried: set[tuple[float, float]] = set()
    for attempt in range(2 * params.min_pareto_points):
        front = non_dominated(scored(search))
        if len(front) >= params.min_pareto_points or stop_now(search) or not front:
            break
        progress("optimise.pareto", 80.0 + 10.0 * attempt / params.min_pareto_points)
        gaps = [g for g in co2e_gaps(front) if g not in tried]
        if len(front) == 1:
            cap = 0.98 * front[0].co2e_kg * 0.98**attempt
        elif gaps:
            tried.add(gaps[0])
            cap = 0.5 * (gaps[0][0] + gaps[0][1])
        else:
            break
        search.run(0.0, 1, cap, extra=PARETO_EXTRA_ROUNDS)
