"""The k best fleets that differ from each other by at least N vehicles.

Greedy by definition: #1 is the best fleet; #j the best fleet at least N vehicles
(``relaxation.distance``, added plus removed) from each of #1..#j−1, so no two
shown differ by a car or two. A region "at least N from these fleets" is one row
per fleet over the MILP's unary count columns (``relaxation.distance_row``), so
the same row serves the LP relaxation and the MILP.

Fast path (``lp_path``): per region, the warm LP relaxation's optimum B_j bounds
every fleet in it and a dive (``Relaxation.dive``) gives a fleet, which is
verified (on a worker thread) while the next region's LP runs. Shown sorted by
verified value v_(1) <= .. <= v_(k); every fleet allowed beside the ones shown
before position p is either one of the found fleets shown at p or later (value
>= v_(p)) or lies in the region of the earliest-found fleet shown at p or later
(i_p), so its value is >= min(v_(p), B_{i_p}) and that is position p's proven
bound. When a gap is above the target because the LP's own bound is weak (the
dive's LP value above the bound by more than the target), or a found fleet fails
the service level, the exact path (``milp_path``) runs: per region the MILP
check-and-cut of ``solve._Search.run`` with the region's rows, whose dual bound
proves the gap.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import highspy

from fleetplan.optimise.relaxation import Counts, Relaxation, distance, distance_row
from fleetplan.optimise.verifier import Verifier
from fleetplan.optimise.verify import Evaluation

if TYPE_CHECKING:
    from fleetplan.optimise.solve import _Search


@dataclass(frozen=True, slots=True)
class Ranked:
    """A shown fleet and a lower bound on every fleet that could stand in its
    place (its gap is (value − bound) ÷ value)."""

    ev: Evaluation
    bound: float


def stop_now(search: _Search) -> bool:
    """Cancelled or out of time, recorded on the search as its own loop does."""
    if search.cancel():
        search.stopped = True
    elif search._time_left() <= search.reserve:
        search.out_of_time = True
    return search.stopped or search.out_of_time


def apart(counts: Counts, chosen: list[Counts], at_least: int) -> bool:
    return all(distance(counts, c) >= at_least for c in chosen)


@dataclass(frozen=True, slots=True)
class Regions:
    """The LP's fleets, one per region (each found with the region's bound and
    its dive's LP value; submitted for verification), and the bound of the region
    beyond the last (inf unless fewer than k fleets were found)."""

    found: list[tuple[Counts, float]]
    dives: list[float]
    tail: float
    start: highspy.HighsBasis | None = None  # the LP's optimum at the weight


def lp_regions(
    search: _Search,
    lp: Relaxation,
    verifier: Verifier,
    weight: float,
    k: int,
    at_least: int,
) -> Regions | None:
    """The LP half of ``lp_path``: bounds and dives, fleets submitted but not
    awaited (the caller may give the LP more work while they are verified);
    None when cancelled, out of time or a dive fails."""
    lp.set_weight(weight)
    base = lp.mark()
    found: list[tuple[Counts, float]] = []
    dives: list[float] = []  # each found fleet's LP value
    start = None
    try:
        for _ in range(k):
            if stop_now(search):
                return None
            bound = lp.bound()
            if not found:
                start = lp.basis()
            if math.isinf(bound):
                break  # no further fleet: fewer than k exist
            got = lp.dive()
            if got is None:
                return None
            verifier.submit(got[0])
            found.append((got[0], bound))
            dives.append(got[1])
            lp.keep_apart(got[0], at_least)
        # the region beyond the last: if it is empty, fewer than k fleets exist
        tail = lp.bound() if len(found) < k else math.inf
    finally:
        lp.reset(base)
    return Regions(found, dives, tail, start)


def rank_regions(
    search: _Search, verifier: Verifier, weight: float, regions: Regions
) -> list[Ranked] | None:
    """The verified half of ``lp_path``: waits for the regions' fleets and proves
    each position's bound; None when a fleet fails or the MILP could prove a gap
    the LP does not."""
    found, dives, tail = regions.found, regions.dives, regions.tail
    evs = [verifier.get(c) for c, _ in found]
    if not all(search.ok(ev) for ev in evs):
        return None
    values = [search.value(ev, weight) for ev in evs]
    order = sorted(range(len(found)), key=lambda i: (values[i], i))
    out: list[Ranked] = []
    target = search.params.target_gap
    for p, i in enumerate(order):
        first = min(order[p:])
        bound = min(values[i], found[first][1], tail)
        # the MILP can close only the LP's own gap (its dive's LP value above the
        # bound), not the class model's below the exact allocation
        lp_gap = (dives[i] - min(dives[i], bound)) / max(values[i], 1e-12)
        if (values[i] - bound) / max(values[i], 1e-12) > target and lp_gap > target:
            return None
        out.append(Ranked(evs[i], bound))
    return out


def lp_path(
    search: _Search,
    lp: Relaxation,
    verifier: Verifier,
    weight: float,
    k: int,
    at_least: int,
) -> list[Ranked] | None:
    """The k distinct best by LP bounds and dives; None when a fleet fails or
    the MILP could prove a gap the LP does not (the caller takes ``milp_path``).
    A gap left above the target by the class model itself (its value of a fleet
    below the exact allocation's, as the MILP's would be) is reported as it is."""
    regions = lp_regions(search, lp, verifier, weight, k, at_least)
    return None if regions is None else rank_regions(search, verifier, weight, regions)


def milp_path(
    search: _Search,
    weight: float,
    k: int,
    at_least: int,
    on_region: Callable[[int], None] | None = None,
) -> list[Ranked]:
    """The k distinct best, each region by the MILP check-and-cut (exact)."""
    model = search.model
    chosen: list[Ranked] = []
    base = model.mark()
    try:
        for j in range(k):
            if on_region is not None:
                on_region(j)
            best, bound = search.run(weight, 1)
            if not best:
                break
            chosen.append(Ranked(best[0], bound))
            cols, vals, lower = distance_row(model, best[0].counts, at_least)  # type: ignore[arg-type]
            model._add_cut(cols, vals, lower)  # type: ignore[union-attr]
            if search.stopped or search.out_of_time:
                break
    finally:
        model.reset(base)
    return chosen


def differences(labels: list[str], counts: Counts, best: Counts) -> dict[str, int]:
    """Per label, vehicles this fleet holds more (+) or fewer (−) than ``best``."""
    out: dict[str, int] = {}
    for label, n, b in zip(labels, counts, best, strict=True):
        out[label] = out.get(label, 0) + n - b
    return {k: v for k, v in out.items() if v}
