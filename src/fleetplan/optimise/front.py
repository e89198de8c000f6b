"""Fleets for the cost–CO2e front: the slider's weights and the gaps between them.

Fast path (``lp_front``): at each weight the warm LP relaxation gives a bound (a
lower bound on every fleet's weighted value there, so the gap of the point that
weight picks) and a dive a fleet; then, while the front has fewer than
``min_points`` points, a dive at weight 0 with CO2e capped at the midpoint of the
widest CO2e gap between neighbours fills it. Every fleet is verified exactly and
the front is the verified fleets no other beats (``pareto.non_dominated``).

Exact sweep (``exact_front``, small instances): lexicographic epsilon-constraint.
The least weight-0 value (cost first, CO2e as tie-break) among fleets with CO2e
below the last point's is a non-dominated fleet (one that beat it would be allowed
and better); each step is the MILP check-and-cut, so with target gap 0 every
non-dominated fleet is found, from the cheapest down to the least CO2e, and the
sweep ends when the MILP proves no fleet has less CO2e. A fleet's MILP CO2e is at
most its verified CO2e (cheapest class member, no charge limits), so the cap never
cuts off a fleet below it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import highspy

from fleetplan.optimise.alternatives import stop_now
from fleetplan.optimise.pareto import Scored, co2e_gaps, non_dominated
from fleetplan.optimise.relaxation import Relaxation
from fleetplan.optimise.verifier import Verifier

if TYPE_CHECKING:
    from fleetplan.optimise.solve import _Search

# the exact sweep runs when the one MILP has at most this many trip-class pairs
EXACT_FRONT_MAX_PAIRS = 3_000
# ... and stops after this many points (the front is then reported incomplete)
EXACT_FRONT_MAX_POINTS = 25
# a cap strictly below a point's CO2e (absolute kg, relative)
CAP_STEP_KG = 1e-6
CAP_STEP_SHARE = 1e-8


def scored(search: _Search) -> list[Scored]:
    return [
        Scored(ev.counts, ev.cost_dkk, ev.co2e_kg, ev.unallocated)
        for ev in search.pool.values()
        if search.ok(ev)
    ]


def weight_sweep(
    search: _Search,
    lp: Relaxation,
    verifier: Verifier,
    weights: list[float],
    known: dict[float, float] | None = None,
    start: highspy.HighsBasis | None = None,
) -> dict[float, float]:
    """Each weight's LP bound, its dive's fleet submitted (not awaited).

    ``known``: weights whose bound and fleet the caller has already (the run's
    weight from ``lp_path``: the same LP, so the same bound and dive). The sweep
    goes from the LP's weight outwards on each side, each side from ``start``
    (the LP's optimum there, taken with today's rows) or else the side's first
    from the last basis: a re-solve from a nearby weight's basis costs fewer
    simplex iterations (synth_100v_90d: 19,000 against 25,000 in order)."""
    known = known or {}
    bounds: dict[float, float] = dict(known)
    here = lp.weight
    up = [w for w in weights if w not in known and w >= here]
    down = [w for w in reversed(weights) if w not in known and w < here]
    start = start if start is not None else lp.basis()
    for todo in (up, down):
        if todo and start is not None:
            lp.restore(start)
        for w in todo:
            if stop_now(search):
                return bounds
            lp.set_weight(w)
            bounds[w] = lp.bound()
            got = lp.dive() if not math.isinf(bounds[w]) else None
            if got is not None:
                verifier.submit(got[0])
    return bounds


def fill_front(
    search: _Search, lp: Relaxation, verifier: Verifier, min_points: int
) -> None:
    """While the verified front has fewer than ``min_points`` points: a dive at
    weight 0 with CO2e capped at the midpoint of its widest CO2e gap."""
    verifier.close_pending()
    tried: set[tuple[float, float]] = set()
    lp.set_weight(0.0)
    for attempt in range(2 * min_points):
        front = non_dominated(scored(search))
        if len(front) >= min_points or not front or stop_now(search):
            break
        gaps = [g for g in co2e_gaps(front) if g not in tried]
        if len(front) == 1:
            cap = 0.98 * front[0].co2e_kg * 0.98**attempt
        elif gaps:
            tried.add(gaps[0])
            cap = 0.5 * (gaps[0][0] + gaps[0][1])
        else:
            break
        lp.set_co2e_cap(cap)
        got = lp.dive()
        lp.set_co2e_cap(None)
        if got is not None:
            verifier.get(got[0])


def lp_front(
    search: _Search,
    lp: Relaxation,
    verifier: Verifier,
    weights: list[float],
    min_points: int,
) -> dict[float, float]:
    """Verified fleets at each weight and in the widest gaps; the weights' bounds."""
    bounds = weight_sweep(search, lp, verifier, weights)
    if not stop_now(search):
        fill_front(search, lp, verifier, min_points)
    return bounds


def exact_front(search: _Search) -> bool:
    """Every non-dominated fleet into the pool; True when the sweep proved it
    found them all (each step within the target gap, ended by infeasibility)."""
    cap: float | None = None
    complete = True
    for _ in range(EXACT_FRONT_MAX_POINTS):
        found, bound = search.run(0.0, 1, cap)
        if search.stopped or search.out_of_time:
            return False
        if not found:
            return complete and math.isinf(bound)
        ev = found[0]
        value = search.value(ev, 0.0)
        if value > 0 and (value - bound) / value > search.params.target_gap + 1e-12:
            complete = False
        cap = ev.co2e_kg - max(CAP_STEP_KG, CAP_STEP_SHARE * ev.co2e_kg)
        if cap < 0:
            return complete
    return False
