"""The k distinct best fleets and the complete front against brute force.

Every count vector is enumerated with every assignment of its trips
(``brute_force``); the optimiser must return the greedy distinct best (#1 the
best, #j the best at least N vehicles from #1..#j−1) and a front holding every
fleet no other beats on cost, CO2e and unallocated trips.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from fleetplan.domain import Roundtrip
from fleetplan.optimise import Method, OptimiseParams, optimise_fleet
from fleetplan.optimise.relaxation import distance
from fleetplan.simulate import SimulationInput
from tests.optimise.brute_force import (
    Model,
    Outcome,
    best_by_weight,
    enumerate_fleets,
    weighted,
)
from tests.optimise.helpers import car, dataset, ev, make, trip


def _setting(seed: int) -> tuple[SimulationInput, tuple[Roundtrip, ...], list[Model]]:
    """Random 6-trip day, 3 Yaris today and two EV candidates of different price
    and consumption (two classes, so three count ranges)."""
    rng = random.Random(seed)
    trips = []
    for i in range(6):
        start = rng.uniform(7.0, 15.0)
        km = rng.choice([4.0, 9.0, 14.0, 30.0, 55.0])
        trips.append(trip(f"r{i}", start, start + rng.uniform(0.5, 3.0), km))
    trips_t = tuple(trips)
    cheap = ev("zoe", 31_000.0 + 500.0 * rng.random())
    dear = replace(
        ev("zoe2", 36_000.0 + 500.0 * rng.random()),
        model="Zoe Plus",
        wltp_wh_per_km=110.0,
    )
    ds = dataset(
        current=(car("c1"), car("c2"), car("c3")),
        candidates=(cheap, dear),
        trips=trips_t,
    )
    inp = make(ds)
    # a candidate may be held up to the peak overlap: at most the 6 trips
    models = [Model(car("c1"), 3, 3), Model(cheap, 0, 6), Model(dear, 0, 6)]
    return inp, trips_t, models


def _greedy(ranked: list[Outcome], k: int, at_least: int) -> list[Outcome]:
    chosen: list[Outcome] = []
    for o in ranked:
        if all(distance(o.counts, c.counts) >= at_least for c in chosen):
            chosen.append(o)
        if len(chosen) == k:
            break
    return chosen


def _params(weight: float, at_least: int, method: Method) -> OptimiseParams:
    return OptimiseParams(
        weight=weight,
        max_unallocated=1,
        max_undriven_km=19.0,
        target_gap=0.0,
        num_solutions=3,
        min_difference=at_least,
        pareto_weights=(0.0, 5.0, 10.0),
        method=method,
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("at_least", [2, 3])
def test_distinct_best_equal_brute_force(seed: int, at_least: int) -> None:
    """The 3 fleets' weighted values are the greedy distinct best's, each pair of
    fleets is at least N vehicles apart, and every gap is proven (0 here)."""
    inp, trips, models = _setting(seed)
    weight = [0.0, 5.0, 10.0][seed % 3]
    res = optimise_fleet(inp, _params(weight, at_least, Method.MILP))
    fleets = enumerate_fleets(
        inp, trips, models, max_unallocated=1, max_undriven_km=19.0
    )
    ranked = best_by_weight(fleets, weight, res.today_cost_dkk, res.today_co2e_kg)
    want = _greedy(ranked, 3, at_least)
    ref = (res.today_cost_dkk, res.today_co2e_kg)
    assert [s.objective for s in res.solutions] == pytest.approx(
        [weighted(o, weight, *ref) for o in want], rel=1e-7
    )
    assert res.min_difference == at_least
    for i, a in enumerate(res.solutions):
        assert a.gap <= 1e-6
        for b in res.solutions[:i]:
            moved = sum(
                abs(a.counts.get(m, 0) - b.counts.get(m, 0))
                for m in set(a.counts) | set(b.counts)
            )
            assert moved >= at_least
    best = res.solutions[0].counts
    for s in res.solutions:
        changed = {
            m: s.counts.get(m, 0) - best.get(m, 0) for m in set(s.counts) | set(best)
        }
        assert s.versus_best == {m: v for m, v in changed.items() if v}


@pytest.mark.parametrize("seed", range(8))
def test_front_holds_every_non_dominated_fleet(seed: int) -> None:
    """Every fleet no other beats on cost and CO2e (on a tie in both, on
    unallocated trips), by enumeration, is on the front, the front holds nothing
    else, and it is reported complete."""
    inp, trips, models = _setting(seed)
    res = optimise_fleet(inp, _params(5.0, 2, Method.MILP))
    fleets = enumerate_fleets(
        inp, trips, models, max_unallocated=1, max_undriven_km=19.0
    )
    points = best_by_weight(fleets, 5.0, res.today_cost_dkk, res.today_co2e_kg)

    def beaten(o: Outcome) -> bool:
        return any(
            p.cost_dkk <= o.cost_dkk + 1e-6
            and p.co2e_kg <= o.co2e_kg + 1e-9
            and (
                p.cost_dkk < o.cost_dkk - 1e-6
                or p.co2e_kg < o.co2e_kg - 1e-9
                or p.unallocated < o.unallocated
            )
            for p in points
        )

    want = sorted(
        {(round(o.cost_dkk, 2), round(o.co2e_kg, 3)) for o in points if not beaten(o)}
    )
    got = sorted(
        {
            (round(p.solution.total_cost_dkk, 2), round(p.solution.co2e_kg, 3))
            for p in res.pareto
        }
    )
    assert got == want
    assert res.front_complete
