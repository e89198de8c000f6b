"""optimise_fleet against brute-force enumeration, and its constraint semantics."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from fleetplan.domain import Roundtrip
from fleetplan.optimise import (
    CurrentMode,
    Method,
    OptimiseParams,
    OptimiseStatus,
    optimise_fleet,
)
from fleetplan.optimise.result import OptimiseResult
from fleetplan.simulate import SimulationInput
from tests.optimise.brute_force import (
    Model,
    best_by_weight,
    colours_needed,
    enumerate_fleets,
    weighted,
)
from tests.optimise.helpers import TRIPS, car, dataset, ev, make, trip

YARIS, ZOE = "Toyota Yaris", "Renault Zoe"

# every test runs with the one MILP and with the time decomposition (both exact)
_METHOD = [Method.MILP]


@pytest.fixture(autouse=True, params=[Method.MILP, Method.DECOMPOSED])
def method(request: pytest.FixtureRequest) -> Method:
    _METHOD[0] = request.param
    return request.param


def _params(**kw: object) -> OptimiseParams:
    base: dict[str, object] = {
        "max_unallocated": 1,
        "max_undriven_km": 19.0,
        "target_gap": 0.0,
        "num_solutions": 3,
        "min_difference": 1,  # the plain k best (tests/optimise/test_distinct.py: N)
        "pareto_weights": (0.0, 10.0),
        "min_pareto_points": 1,
        "method": _METHOD[0],
    }
    base.update(kw)
    return OptimiseParams(**base)  # type: ignore[arg-type]


def _check_against_brute(
    res: OptimiseResult,
    inp: SimulationInput,
    trips: tuple[Roundtrip, ...],
    inp_models: list[Model],
    weight: float,
    **limits: float,
) -> None:
    """The solutions' weighted values are the enumeration's best, in order."""
    fleets = enumerate_fleets(inp, trips, inp_models, **limits)  # type: ignore[arg-type]
    ranked = best_by_weight(fleets, weight, res.today_cost_dkk, res.today_co2e_kg)
    values = [
        weighted(o, weight, res.today_cost_dkk, res.today_co2e_kg) for o in ranked
    ]
    got = [s.objective for s in res.solutions]
    assert got == pytest.approx(values[: len(got)], rel=1e-7)
    assert len(got) == min(3, len(values))
    if len(values) < 2 or values[1] > values[0] * (1 + 1e-6):
        labels = [m.vehicle.name for m in inp_models]
        want = {lab: n for lab, n in zip(labels, ranked[0].counts, strict=True) if n}
        assert res.solutions[0].counts == want
    assert res.solutions[0].gap <= 1e-6


@pytest.mark.parametrize("weight", [0.0, 5.0, 10.0])
def test_reduce_optimum_equals_brute_force(weight: float) -> None:
    """3 Yaris today (0..3 in reduce), Zoe candidate 0..3 (peak overlap 3):
    the best 3 fleets' weighted values equal the enumeration's best 3."""
    ds = dataset()
    inp = make(ds)
    res = optimise_fleet(inp, _params(weight=weight))
    models = [Model(car("c1"), 3, 3), Model(ev(), 0, 3)]
    _check_against_brute(
        res, inp, TRIPS, models, weight, max_unallocated=1, max_undriven_km=19.0
    )


def test_today_reference_by_hand() -> None:
    """Today: 3 × 30,000 fixed + 150 km × 365 × Yaris rate (energy + CO2e cost)."""
    from fleetplan.economics import usage_rates

    inp = make(dataset())
    res = optimise_fleet(inp, _params(num_solutions=1))
    r = usage_rates(car("c1"), inp.factors)
    rate = r.energy_cost_dkk_per_km + r.societal_co2e_cost_dkk_per_km
    assert res.today_cost_dkk == pytest.approx(90_000 + 150 * 365 * rate)
    assert res.today_co2e_kg == pytest.approx(150 * 365 * r.co2e_kg_per_km)
    assert res.today_counts == {YARIS: 3, ZOE: 0}


def test_free_may_add_current_models_reduce_may_not() -> None:
    """One Yaris today, a Zoe at 200,000 kr/yr: reduce keeps at most one Yaris,
    free adds Yaris up to the peak of 3; both equal the enumeration."""
    ds = dataset(current=(car("c1"),), candidates=(ev(annual_dkk=200_000.0),))
    inp = make(ds)
    reduce = optimise_fleet(inp, _params(weight=0.0))
    free = optimise_fleet(inp, _params(weight=0.0, current=CurrentMode.FREE))
    assert all(s.counts.get(YARIS, 0) <= 1 for s in reduce.solutions)
    assert free.solutions[0].counts.get(YARIS, 0) >= 2
    assert free.solutions[0].total_cost_dkk < reduce.solutions[0].total_cost_dkk
    _check_against_brute(
        reduce,
        inp,
        TRIPS,
        [Model(car("c1"), 1, 1), Model(ev(annual_dkk=200_000.0), 0, 3)],
        0.0,
        max_unallocated=1,
        max_undriven_km=19.0,
    )
    _check_against_brute(
        free,
        inp,
        TRIPS,
        [Model(car("c1"), 1, 3), Model(ev(annual_dkk=200_000.0), 0, 3)],
        0.0,
        max_unallocated=1,
        max_undriven_km=19.0,
    )


def test_keep_holds_vehicles() -> None:
    """CO2e only (weight 10) drops every Yaris; keeping c1 and c2 holds 2."""
    inp = make(dataset())
    free = optimise_fleet(inp, _params(weight=10.0, num_solutions=1))
    kept = optimise_fleet(
        inp, _params(weight=10.0, num_solutions=1, keep=frozenset({"c1", "c2"}))
    )
    assert free.solutions[0].counts.get(YARIS, 0) == 0
    assert kept.solutions[0].counts.get(YARIS, 0) >= 2


def test_fossil_free_share_100_gives_only_fossil_free_fleets() -> None:
    inp = make(dataset())
    res = optimise_fleet(inp, _params(weight=0.0, fossil_free_share=1.0))
    assert res.status is not OptimiseStatus.INFEASIBLE
    assert res.solutions
    for s in (*res.solutions, *(p.solution for p in res.pareto)):
        assert set(s.counts) == {ZOE}


def test_fossil_free_share_100_without_candidates_says_why() -> None:
    inp = make(dataset(candidates=()))
    res = optimise_fleet(inp, _params(fossil_free_share=1.0))
    assert res.status is OptimiseStatus.INFEASIBLE
    assert not res.solutions
    assert any("fossil-free" in m for m in res.messages)


def test_long_trip_nobody_can_drive_is_reported() -> None:
    """A 500 km trip exceeds the Zoe's range and, over 19 km, may not be left."""
    trips = (*TRIPS, trip("r7", 17.0, 18.0, 500.0, "c1"))
    inp = make(dataset(current=(), trips=trips))
    res = optimise_fleet(inp, _params())
    assert res.status is OptimiseStatus.INFEASIBLE
    assert any("r7" in m and "19 km" in m for m in res.messages)


def test_pareto_front_is_monotone_in_weight() -> None:
    """Raising the weight never raises the chosen point's CO2e, and no point on
    the front is dominated by another."""
    inp = make(dataset())
    res = optimise_fleet(
        inp,
        _params(pareto_weights=(0.0, 2.5, 5.0, 7.5, 10.0), min_pareto_points=5),
    )
    by_weight = sorted((w, p.solution.co2e_kg) for p in res.pareto for w in p.weights)
    assert [w for w, _ in by_weight] == [0.0, 2.5, 5.0, 7.5, 10.0]
    co2e = [kg for _, kg in by_weight]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(co2e))
    points = [p.solution for p in res.pareto]
    for a in points:
        for b in points:
            assert not (b.total_cost_dkk < a.total_cost_dkk and b.co2e_kg < a.co2e_kg)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_instances_equal_brute_force(seed: int) -> None:
    """Random 6-trip days with 2 Yaris today and the Zoe candidate, weight 5."""
    rng = random.Random(seed)
    trips = []
    for k in range(6):
        start = rng.uniform(7, 15)
        trips.append(
            trip(f"t{k}", start, start + rng.uniform(0.5, 3), rng.uniform(2, 40), "c1")
        )
    ds = dataset(current=(car("c1"), car("c2")), trips=tuple(trips))
    inp = make(ds)
    res = optimise_fleet(inp, _params(weight=5.0, max_unallocated=2))
    need = colours_needed(
        [
            (
                (t.start_time - trips[0].start_time).total_seconds() / 60,
                (t.end_time - trips[0].start_time).total_seconds() / 60 + 5,
            )
            for t in trips
        ]
    )
    _check_against_brute(
        res,
        inp,
        tuple(sorted(trips, key=lambda t: t.start_time)),
        [Model(car("c1"), 2, 2), Model(ev(), 0, need)],
        5.0,
        max_unallocated=2,
        max_undriven_km=19.0,
    )


def test_progress_is_reported_and_cancel_stops() -> None:
    """Stages arrive with rising percentages; a cancel before the first solve
    returns status limit with a message and no fleets."""
    inp = make(dataset())
    seen: list[tuple[str, float]] = []
    optimise_fleet(
        inp, _params(num_solutions=1), on_progress=lambda s, p: seen.append((s, p))
    )
    assert seen[0] == ("optimise.building", 0.0)
    assert seen[-1] == ("optimise.done", 100.0)
    assert [p for _, p in seen] == sorted(p for _, p in seen)
    res = optimise_fleet(inp, _params(), should_stop=lambda: True)
    assert res.status is OptimiseStatus.LIMIT
    assert not res.solutions
    assert res.messages


def test_total_time_limit_bounds_the_run() -> None:
    """A total limit spent before the first solve: status limit, no fleets, and the
    reason is the time (not infeasibility); a generous one changes nothing."""
    inp = make(dataset())
    res = optimise_fleet(inp, _params(total_time_limit_s=1e-9))
    assert res.status is OptimiseStatus.LIMIT
    assert not res.solutions
    assert res.messages == ("the time limit came before a fleet was found.",)
    free = optimise_fleet(inp, _params())
    bounded = optimise_fleet(inp, _params(total_time_limit_s=120.0))
    assert bounded.status is free.status is OptimiseStatus.OPTIMAL
    assert [s.objective for s in bounded.solutions] == pytest.approx(
        [s.objective for s in free.solutions], rel=1e-9
    )
    with pytest.raises(ValueError, match="total_time_limit_s"):
        _params(total_time_limit_s=0.0)


def _two_locations() -> SimulationInput:
    from fleetplan.domain import Dataset, Location

    c2 = replace(car("c2"), location_id="L2")
    trips = (
        trip("a", 8.0, 9.0, 10.0, "c1"),
        replace(trip("b", 10.0, 11.0, 10.0, "c2"), location_id="L2"),
    )
    ds = Dataset((Location("L1"), Location("L2")), (car("c1"), c2), trips)
    return make(ds)


def test_each_location_keeps_its_vehicles_unless_pooled() -> None:
    """Trips 8-9 at L1 and 10-11 at L2: alone each location needs its car; pooled
    with 0 min transfer one car serves both; with 120 min the away trip keeps the
    car busy 8:00-13:05, overlapping the home trip, so both stay."""
    from fleetplan.simulate import ProblemParams

    inp = _two_locations()
    p = _params(weight=0.0, max_unallocated=0, num_solutions=1)
    alone = optimise_fleet(inp, p)
    pooled = optimise_fleet(inp, p, ProblemParams(transfer_min=0.0))
    far = optimise_fleet(inp, p, ProblemParams(transfer_min=120.0))
    assert alone.solutions[0].counts == {"Toyota Yaris @ L1": 1, "Toyota Yaris @ L2": 1}
    assert sum(pooled.solutions[0].counts.values()) == 1
    assert sum(far.solutions[0].counts.values()) == 2


def test_max_new_vehicles_zero_adds_no_candidate() -> None:
    inp = make(dataset())
    res = optimise_fleet(inp, _params(weight=10.0, max_new_vehicles=0))
    assert all(ZOE not in s.counts for s in res.solutions)


def test_budget_below_any_fleet_is_infeasible() -> None:
    inp = make(dataset())
    res = optimise_fleet(inp, _params(budget_dkk_per_year=1_000.0))
    assert res.status is OptimiseStatus.INFEASIBLE
    assert res.messages
