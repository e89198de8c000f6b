"""The cost–CO2e Pareto front of verified fleets and the slider's choice on it.

The slider weight w (0-10) scores a fleet as ``(1 − a + ε) C / C_ref + (a + ε) E /
E_ref`` with a = w/10 (``milp.objective_weights``). Over a fixed set of fleets the
argmin's CO2e never increases as w rises: if w1 < w2 chose fleets 1 and 2 with
E2 > E1, adding the two optimality inequalities gives (a2 − a1)(E2 − E1) <= 0, a
contradiction. So choosing, for every weight, the best of the same verified set
makes the reported front monotone even where a solve stopped at a gap.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

# the other criterion's share at weights 0 and 10, so neither picks a fleet that
# another fleet beats in both cost and CO2e
TIE_BREAK = 0.01


@dataclass(frozen=True, slots=True)
class Scored:
    """What the front needs of a fleet: yearly cost, CO2e, unallocated trips."""

    key: tuple[int, ...]
    cost_dkk: float
    co2e_kg: float
    unallocated: int


def weighted_value(
    item: Scored, weight: float, ref_cost_dkk: float, ref_co2e_kg: float
) -> float:
    a = weight / 10.0
    return (1.0 - a + TIE_BREAK) * item.cost_dkk / ref_cost_dkk + (
        a + TIE_BREAK
    ) * item.co2e_kg / ref_co2e_kg


def _dominates(a: Scored, b: Scored) -> bool:
    """a beats b on the chart's two axes (cost, CO2e); on a tie in both, fewer
    unallocated trips decide. Unallocated trips are within the service level and
    their external cost is in the cost, so a fleet worse on both axes is worse,
    whatever it leaves: the front holds no point the chart shows beaten."""
    no_worse = a.cost_dkk <= b.cost_dkk and a.co2e_kg <= b.co2e_kg
    better = (
        a.cost_dkk < b.cost_dkk
        or a.co2e_kg < b.co2e_kg
        or a.unallocated < b.unallocated
    )
    return no_worse and better


def non_dominated(items: Sequence[Scored]) -> list[Scored]:
    """Items no other item dominates (distinct keys), by CO2e descending."""
    unique = {i.key: i for i in items}.values()
    front = [a for a in unique if not any(_dominates(b, a) for b in unique)]
    return sorted(front, key=lambda s: (-s.co2e_kg, s.cost_dkk, s.key))


def choose(
    items: Sequence[Scored], weight: float, ref_cost_dkk: float, ref_co2e_kg: float
) -> Scored:
    """The item the slider at ``weight`` picks (ties: lower CO2e, then key)."""
    return min(
        items,
        key=lambda s: (
            weighted_value(s, weight, ref_cost_dkk, ref_co2e_kg),
            s.co2e_kg,
            s.key,
        ),
    )


def front_with_weights(
    items: Sequence[Scored],
    weights: Sequence[float],
    ref_cost_dkk: float,
    ref_co2e_kg: float,
) -> list[tuple[Scored, tuple[float, ...]]]:
    """The non-dominated items, each with the weights (of ``weights``) choosing it."""
    front = non_dominated(items)
    chosen: dict[tuple[int, ...], list[float]] = {s.key: [] for s in front}
    if front:
        for w in sorted(weights):
            chosen[choose(front, w, ref_cost_dkk, ref_co2e_kg).key].append(w)
    return [(s, tuple(chosen[s.key])) for s in front]


def co2e_gaps(front: Sequence[Scored]) -> list[tuple[float, float]]:
    """Neighbouring front points' CO2e ``(lower, upper)``, widest first."""
    values = sorted(s.co2e_kg for s in front)
    pairs = list(itertools.pairwise(values))
    return sorted(pairs, key=lambda p: p[0] - p[1])
