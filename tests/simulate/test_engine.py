"""The exact engine against brute force, and its guarantees as properties."""

from __future__ import annotations

import random
from datetime import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.domain import Period, RunSettings, VehicleType
from fleetplan.simulate.engine import allocate
from fleetplan.simulate.fleet import FleetEntry
from fleetplan.simulate.problem import ProblemParams, build_problem
from fleetplan.simulate.result import AllocationParams, Method, SolveStatus
from tests.oracles import brute_force_allocation, vehicle_ok
from tests.oracles import vehicle_instances as oracle_vehicles
from tests.simulate.helpers import bike, ev, ice, rt

PERIOD = Period(datetime(2026, 3, 2), datetime(2026, 3, 4))


def _rate(v) -> float:
    if v.vehicle_type is VehicleType.EV:
        return 0.3 + (v.wltp_wh_per_km or 0) / 1000.0
    if v.is_bike:
        return 0.05
    return 0.8 + 10.0 / (v.wltp_km_per_l or 10.0)


def make_problem(roundtrips, fleet, turnaround=5.0, transfer=None):
    return build_problem(
        roundtrips,
        fleet,
        current_vehicles=(),
        settings=RunSettings(turnaround),
        period=PERIOD,
        cost_per_km=_rate,
        external_cost=lambda km, s, e, v: 20.0 + 2.0 * km,
        params=ProblemParams(transfer_min=transfer),
    )


def random_instance(seed: int, trips: int = 7, vehicles: int = 3):
    """Trips in two days with overlaps; EVs with small ranges so charge binds."""
    rng = random.Random(seed)
    rts = []
    for k in range(trips):
        day = rng.randrange(2) * 1440
        start = day + rng.randrange(6 * 60, 16 * 60, 15)
        length = rng.randrange(20, 240, 10)
        rts.append(
            rt(
                f"r{k}",
                start,
                start + length,
                round(rng.uniform(2, 90), 1),
                location=rng.choice(["L1", "L1", "L2"]),
            )
        )
    fleet = []
    for k in range(rng.randint(1, vehicles)):
        kind = rng.choice(["ev", "ev", "ice", "bike"])
        loc = rng.choice(["L1", "L2"])
        if kind == "ev":
            v = ev(
                f"e{k}",
                wh=rng.choice([150, 180]),
                range_km=rng.choice([80, 120, 300]),
                location_id=loc,
            )
        elif kind == "ice":
            v = ice(f"i{k}", km_per_l=rng.choice([15, 20]), location_id=loc)
        else:
            v = bike(f"b{k}")
        fleet.append(FleetEntry(v, 1))
    return rts, fleet


def _check_valid(problem, result) -> None:
    vehicles = oracle_vehicles(problem)
    for v in range(len(vehicles)):
        served = [int(i) for i in np.flatnonzero(result.vehicle_index == v)]
        assert vehicle_ok(problem, vehicles[v], served), (v, served)


@pytest.mark.parametrize("seed", range(24))
def test_optimum_equals_brute_force(seed: int) -> None:
    """On ≤ 7 trips and ≤ 3 vehicles (EV charge, bikes, two locations, pooling in
    every third seed) the engine's cost equals the enumerated optimum."""
    rts, fleet = random_instance(seed)
    problem = make_problem(rts, fleet, transfer=30.0 if seed % 3 == 0 else None)
    result = allocate(problem, AllocationParams(limit_km=False))
    expected, _ = brute_force_allocation(problem, limit_km=False)
    assert result.objective_dkk == pytest.approx(expected, abs=1e-6)
    assert result.lower_bound_dkk <= expected + 1e-6
    assert result.status is SolveStatus.OPTIMAL
    _check_valid(problem, result)


def test_charge_forces_second_vehicle() -> None:
    """One EV (100 km, 11 kW at 150 Wh/km = 1.2222 km/min): 08:00-09:00 80 km, then
    09:10-10:00 60 km. Charge: 100 − 80 = 20, +10 min × 1.2222 = 32.2 < 60, so the
    second trip needs the petrol car (cost 60 × (0.8 + 10/20) = 78 instead of
    60 × 0.45 = 27)."""
    rts = [rt("a", 480, 540, 80.0), rt("b", 550, 600, 60.0)]
    problem = make_problem(rts, [FleetEntry(ev(range_km=100.0)), FleetEntry(ice())])
    result = allocate(problem)
    assert [result.vehicle_ids[v] for v in result.vehicle_index] == ["ev", "ice"]
    assert result.objective_dkk == pytest.approx(80 * 0.45 + 60 * 1.3)


def test_greedy_is_a_valid_baseline() -> None:
    """Greedy serves trips in start order with the cheapest free vehicle; never
    cheaper than the exact optimum."""
    rts, fleet = random_instance(3)
    problem = make_problem(rts, fleet)
    greedy = allocate(problem, AllocationParams(method=Method.GREEDY))
    exact = allocate(problem)
    _check_valid(problem, greedy)
    assert greedy.objective_dkk >= exact.objective_dkk - 1e-9


def test_should_stop_finishes_greedily_with_valid_bound() -> None:
    """A cancel before the first component: status limit, greedy result, bound ≤
    objective."""
    rts, fleet = random_instance(5)
    problem = make_problem(rts, fleet)
    result = allocate(problem, should_stop=lambda: True)
    assert result.status is SolveStatus.LIMIT
    assert result.lower_bound_dkk <= result.objective_dkk + 1e-9
    _check_valid(problem, result)


def test_km_limit() -> None:
    """Budget of 3,650 km/yr over 2 days = 20 km: the EV takes the 15 km trip but
    not a further 10 km trip, which goes to the petrol car."""
    from fleetplan.domain import Fuel, Vehicle

    limited = Vehicle(
        "e",
        VehicleType.EV,
        Fuel.ELECTRIC,
        wltp_wh_per_km=150.0,
        range_km=300.0,
        location_id="L1",
        km_per_year_allowed=3650.0,
    )
    rts = [rt("a", 480, 540, 15.0), rt("b", 600, 660, 10.0)]
    problem = make_problem(rts, [FleetEntry(limited), FleetEntry(ice())])
    result = allocate(problem, AllocationParams(limit_km=True))
    assert [result.vehicle_ids[v] for v in result.vehicle_index] == ["e", "ice"]


trip_lists = st.lists(
    st.tuples(
        st.integers(0, 2 * 1440 - 300), st.integers(10, 300), st.floats(1.0, 150.0)
    ),
    min_size=1,
    max_size=14,
)


@settings(max_examples=25, deadline=None)
@given(trips=trip_lists, extra=st.booleans(), seed=st.integers(0, 10**6))
def test_properties(trips, extra: bool, seed: int) -> None:
    """No overlap (incl. turnaround), charge ≥ 0, bike and feasibility rules hold;
    adding a vehicle never raises the cost; trip order does not change the cost."""
    rts = [rt(f"r{k}", s, s + d, round(km, 2)) for k, (s, d, km) in enumerate(trips)]
    fleet = [
        FleetEntry(ev("e", range_km=120.0)),
        FleetEntry(bike("b")),
        FleetEntry(ice("i")),
    ]
    problem = make_problem(rts, fleet)
    result = allocate(problem, AllocationParams(limit_km=False))
    _check_valid(problem, result)
    more = make_problem(rts, [*fleet, FleetEntry(ev("e2", range_km=200.0))])
    assert allocate(more).objective_dkk <= result.objective_dkk + 1e-6
    shuffled = list(rts)
    random.Random(seed).shuffle(shuffled)
    again = allocate(make_problem(shuffled, fleet))
    assert again.objective_dkk == pytest.approx(result.objective_dkk, abs=1e-6)
    if extra:
        assert result.lower_bound_dkk <= result.objective_dkk + 1e-6


def test_progress_reaches_100_and_runs_are_deterministic() -> None:
    """on_progress gets one call per component, the last at 100 %; two runs give
    the same assignment."""
    rts, fleet = random_instance(7)
    problem = make_problem(rts, fleet)
    calls: list[tuple[str, float]] = []
    first = allocate(problem, on_progress=lambda stage, pct: calls.append((stage, pct)))
    assert len(calls) == first.components and calls[-1][1] == pytest.approx(100.0)
    again = allocate(problem)
    assert again.vehicle_index.tolist() == first.vehicle_index.tolist()


def test_a_split_too_large_follows_the_plan_and_repairs_the_charge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three identical EVs (100 km, 0.45 kr/km, 1.2222 km/min charging): a 08:00-
    09:00 80 km, c 08:30-09:04 5 km (busy till 09:09), b 09:05-10:00 60 km. The class
    model's chains are [a, b] and [c]; no EV can drive a then b (26.1 km of charge
    at 09:05), so the plan puts [a, b] on EV 1 and [c] on EV 2. With no
    per-vehicle model allowed the plan is followed and b goes to the idle EV 3:
    145 × 0.45 = 65.25 kr, the class model's bound, so the gap is 0."""
    from fleetplan.simulate import component

    monkeypatch.setattr(component, "SPLIT_MAX_COLUMNS", 0)
    rts = [
        rt(k, s, e, km, vehicle=f"x{k}")  # each driven by a car not in the fleet
        for k, s, e, km in (
            ("a", 480, 540, 80.0),
            ("c", 510, 544, 5.0),
            ("b", 545, 600, 60.0),
        )
    ]
    problem = make_problem(rts, [FleetEntry(ev(range_km=100.0), 3)])
    result = allocate(problem, AllocationParams(limit_km=False))
    assert result.components == 1
    assert result.vehicle_index.tolist() == [0, 1, 2]  # a, c, b (trip order)
    assert result.objective_dkk == pytest.approx(145 * 0.45)
    assert result.lower_bound_dkk == pytest.approx(145 * 0.45)
    assert result.status is SolveStatus.OPTIMAL
    assert any("plan" in m for m in result.messages)
    _check_valid(problem, result)


def _shared_ev_instance(seed: int):
    """7 trips in one morning and 2-3 identical short-range EVs (one class, so
    chains that drain a battery happen), sometimes with a petrol car."""
    rng = random.Random(seed)
    rts = []
    for k in range(7):
        start = rng.randrange(7 * 60, 12 * 60, 10)
        length = rng.randrange(20, 150, 10)
        rts.append(rt(f"r{k}", start, start + length, round(rng.uniform(10, 70), 1)))
    count = rng.randint(2, 3)
    fleet = [FleetEntry(ev("e", range_km=rng.choice([80.0, 120.0])), count)]
    if count == 2 and rng.random() < 0.5:
        fleet.append(FleetEntry(ice("i")))
    return rts, fleet


def test_plans_without_per_vehicle_models_stay_valid_and_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With every split refused, the allocation is still valid (charge, overlaps)
    and the brute-force optimum lies between its bound and its cost; about a
    quarter of these instances follow a plan (10 of the 40 seeds)."""
    from fleetplan.simulate import component

    monkeypatch.setattr(component, "SPLIT_MAX_COLUMNS", 0)
    planned = 0
    for seed in range(40):
        rts, fleet = _shared_ev_instance(seed)
        problem = make_problem(rts, fleet)
        result = allocate(problem, AllocationParams(limit_km=False))
        expected, _ = brute_force_allocation(problem, limit_km=False)
        assert result.lower_bound_dkk <= expected + 1e-6
        assert expected <= result.objective_dkk + 1e-6
        _check_valid(problem, result)
        planned += any("plan" in m for m in result.messages)
    assert planned >= 5


def test_flow_rows_give_the_same_optimum_as_overlap_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every class on the flow rows (as classes of hundreds of vehicles are): the
    optimum still equals brute force on the 24 random instances."""
    from fleetplan.simulate import class_model

    monkeypatch.setattr(class_model, "CLIQUE_MAX_VEHICLES", 0)
    for seed in range(24):
        rts, fleet = random_instance(seed)
        problem = make_problem(rts, fleet, transfer=30.0 if seed % 3 == 0 else None)
        result = allocate(problem, AllocationParams(limit_km=False))
        expected, _ = brute_force_allocation(problem, limit_km=False)
        assert result.objective_dkk == pytest.approx(expected, abs=1e-6), seed
        assert result.lower_bound_dkk <= expected + 1e-6
        _check_valid(problem, result)


@pytest.mark.parametrize("seed", range(12))
def test_may_fit_never_refuses_a_vehicle_that_fits(seed: int) -> None:
    """Along a greedy pass (states with charge used, busy vehicles, km used), the
    vectorised filter keeps every vehicle ``fits`` accepts."""
    from fleetplan.simulate.state import FleetState

    rts, fleet = random_instance(seed, trips=10, vehicles=4)
    problem = make_problem(rts, fleet, transfer=30.0 if seed % 3 == 0 else None)
    state = FleetState.initial(problem, limit_km=True)
    order = np.lexsort((problem.trips.end_min, problem.trips.start_min))
    checked = refused = 0
    for i in order.tolist():
        loose = state.may_fit(problem, i)
        exact = [state.fits(problem, v, i) for v in range(len(state.vehicle_ids))]
        assert all(loose[v] for v, ok in enumerate(exact) if ok)
        assert loose.tolist() == exact  # and here it refuses no more than that
        checked += sum(exact)
        refused += len(exact) - sum(exact)
        chosen = next((v for v, ok in enumerate(exact) if ok), -1)
        if chosen >= 0:
            state.serve(problem, chosen, i)
    assert checked > 0 and refused > 0


@pytest.mark.parametrize("seed", range(8))
def test_greedy_with_the_vectorised_filter_chooses_the_same_vehicles(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The filter large fleets use before ``fits`` changes no choice."""
    from fleetplan.simulate import greedy

    rts, fleet = random_instance(seed, trips=10, vehicles=4)
    problem = make_problem(rts, fleet)
    plain = allocate(problem, AllocationParams(method=Method.GREEDY))
    monkeypatch.setattr(greedy, "FILTER_MIN_VEHICLES", 0)
    filtered = allocate(problem, AllocationParams(method=Method.GREEDY))
    assert filtered.vehicle_index.tolist() == plain.vehicle_index.tolist()
    assert filtered.objective_dkk == pytest.approx(plain.objective_dkk)


def test_a_component_out_of_time_follows_its_plan() -> None:
    """The three-EV case with (almost) no time per component: the first class
    model still runs, its chains fail on charge, and instead of a per-vehicle
    model the plan is followed and repaired: the optimum, 65.25 kr."""
    rts = [
        rt(k, s, e, km, vehicle=f"x{k}")  # each driven by a car not in the fleet
        for k, s, e, km in (
            ("a", 480, 540, 80.0),
            ("c", 510, 544, 5.0),
            ("b", 545, 600, 60.0),
        )
    ]
    problem = make_problem(rts, [FleetEntry(ev(range_km=100.0), 3)])
    result = allocate(
        problem, AllocationParams(limit_km=False, component_time_limit_s=1e-9)
    )
    assert result.objective_dkk == pytest.approx(145 * 0.45)
    assert any("plan" in m for m in result.messages)
    _check_valid(problem, result)


def test_an_ebike_keeps_its_daily_km_limit() -> None:
    """An e-bike whose range_km (most km per day) is 10 and three 5 km trips on
    one day, one more on the next: it rides two trips each day it can (10 km), the
    third of the first day goes external (20 + 2 × 5 = 30 kr), and the allocation
    is still proven optimal: 3 × 5 × 0.05 + 30 = 30.75 kr."""
    from fleetplan.domain import Fuel, Vehicle

    ebike = Vehicle(
        "eb", VehicleType.EBIKE, Fuel.ELECTRIC, range_km=10.0, location_id="L1"
    )
    rts = [
        rt("a", 9 * 60, 10 * 60, 5.0),
        rt("b", 11 * 60, 12 * 60, 5.0),
        rt("c", 13 * 60, 14 * 60, 5.0),
        rt("d", 1440 + 9 * 60, 1440 + 10 * 60, 5.0),
    ]
    problem = make_problem(rts, [FleetEntry(ebike)])
    result = allocate(problem, AllocationParams(limit_km=False))
    served = result.vehicle_index >= 0
    assert served.sum() == 3 and served[3]
    assert result.objective_dkk == pytest.approx(3 * 5 * 0.05 + 30.0)
    assert result.lower_bound_dkk <= result.objective_dkk + 1e-9
    assert result.status is SolveStatus.OPTIMAL
