"""The track-flow bound: hand-checked values, and never above brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.simulate.classes import components
from fleetplan.simulate.engine import allocate
from fleetplan.simulate.fleet import FleetEntry
from fleetplan.simulate.flow_bound import flow_bounds
from fleetplan.simulate.greedy import trivial_bound
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.state import FleetState
from tests.oracles import brute_force_allocation
from tests.simulate.helpers import bike, ev, ice, rt
from tests.simulate.test_engine import make_problem, random_instance


def _bounds(problem) -> tuple[list[np.ndarray], np.ndarray]:
    parts = components(problem)
    state = FleetState.initial(problem, limit_km=False)
    return parts, flow_bounds(problem, parts, state)


def test_two_petrol_cars_hand_checked() -> None:
    """Rates 1.3 (20 km/l) and 1.8 (10 km/l) dkk/km; external 20 + 2 km.
    A 08:00-09:00 10 km and B 08:20-09:20 20 km overlap; C 10:00-11:00 30 km.
    {A, B}: Σ ext = 40 + 60; gains ext − 1.8 km = 22 + 24; one vehicle drives at
    most 20 km, δ = 0.5: 100 − 46 − 10 = 44 = B cheap (26) + A dear (18).
    {C}: 80 − 26 − 0.5 × 30 = 39 = 30 × 1.3. Both exact, so the engine's bound
    equals its objective, 83."""
    rts = [rt("a", 480, 540, 10.0), rt("b", 500, 560, 20.0), rt("c", 600, 660, 30.0)]
    fleet = [
        FleetEntry(ice("cheap", km_per_l=20.0)),
        FleetEntry(ice("dear", km_per_l=10.0)),
    ]
    problem = make_problem(rts, fleet)
    parts, bounds = _bounds(problem)
    assert [p.tolist() for p in parts] == [[0, 1], [2]]
    assert bounds.tolist() == pytest.approx([44.0, 39.0])
    result = allocate(problem, AllocationParams(limit_km=False))
    assert result.objective_dkk == pytest.approx(83.0)
    assert result.lower_bound_dkk == pytest.approx(83.0)


def test_external_when_dearer_than_any_vehicle() -> None:
    """One car (1.3 dkk/km), A and B overlap, so one goes external. No rate
    levels: bound = Σ ext − Σ (ext − 1.3 km) = 100 − (27 + 34) = 39 (overlap is
    relaxed); optimum = B on the car (26) + A external (40) = 66."""
    rts = [rt("a", 480, 540, 10.0), rt("b", 500, 560, 20.0)]
    problem = make_problem(rts, [FleetEntry(ice("cheap", km_per_l=20.0))])
    _, bounds = _bounds(problem)
    assert bounds.tolist() == pytest.approx([100.0 - 27.0 - 34.0])
    assert allocate(problem).objective_dkk == pytest.approx(66.0)


def test_groups_sharing_trips_are_merged() -> None:
    """An EV (0.45 dkk/km, 50 km range) can take B (30 km) but not A (60 km); the
    petrol car (1.3) takes both; A 08:00-09:00 and B 08:20-09:20 overlap. Merged:
    Σ ext = 140 + 80; gains at 1.3: 62 + 41; one vehicle drives at most 60 km,
    δ = 0.85: 220 − 103 − 51 = 66 (the EV "drives" A in the relaxation). The
    optimum is A petrol (78) + B EV (13.5) = 91.5."""
    rts = [rt("a", 480, 540, 60.0), rt("b", 500, 560, 30.0)]
    fleet = [FleetEntry(ev("e", range_km=50.0)), FleetEntry(ice("car"))]
    problem = make_problem(rts, fleet)
    assert problem.feasible.tolist() == [[False, True], [True, True]]
    _, bounds = _bounds(problem)
    assert bounds.tolist() == pytest.approx([66.0])
    assert allocate(problem).objective_dkk == pytest.approx(91.5)


def test_bike_and_car_merged_bound_stays_below() -> None:
    """A bike (0.05 dkk/km) can take a 3 km trip, not a 30 km one; the car (1.3)
    both; they overlap. Merged: 106 − (22.1 + 41) − 1.25 × 30 = 5.4, weak but
    below the optimum: car 30 km (39) + bike 3 km (0.15) = 39.15."""
    rts = [rt("a", 480, 540, 3.0), rt("b", 500, 560, 30.0)]
    problem = make_problem(rts, [FleetEntry(ice("car")), FleetEntry(bike("b"))])
    _, bounds = _bounds(problem)
    assert bounds.tolist() == pytest.approx([5.4])
    assert allocate(problem).objective_dkk == pytest.approx(39.15)


def _check_below_brute_force(problem) -> None:
    parts, bounds = _bounds(problem)
    combined = sum(
        max(float(b), trivial_bound(problem, idx))
        for idx, b in zip(parts, bounds, strict=True)
    )
    optimum, _ = brute_force_allocation(problem, limit_km=False)
    assert combined <= optimum + 1e-6
    result = allocate(problem, AllocationParams(limit_km=False))
    assert result.lower_bound_dkk <= optimum + 1e-6 <= result.objective_dkk + 2e-6


@pytest.mark.parametrize("seed", range(12))
def test_below_brute_force_on_mixed_instances(seed: int) -> None:
    """EVs with small ranges, bikes, two locations, pooling every third seed."""
    rts, fleet = random_instance(seed, trips=7)
    _check_below_brute_force(
        make_problem(rts, fleet, transfer=30.0 if seed % 3 == 0 else None)
    )


vehicle_kinds = st.sampled_from(["ev150", "ev180short", "ice15", "ice20", "ice20"])


@settings(max_examples=30, deadline=None)
@given(
    trips=st.lists(
        st.tuples(
            st.integers(0, 1440 - 200),
            st.integers(10, 200),
            st.floats(1.0, 120.0),
        ),
        min_size=1,
        max_size=7,
    ),
    kinds=st.lists(vehicle_kinds, min_size=1, max_size=3),
)
def test_below_brute_force_on_one_location(trips, kinds) -> None:
    """One location, cars that differ only in rate (and EV charge): the case the
    bound is made for; it must stay at or below the enumerated optimum."""
    rts = [rt(f"r{k}", s, s + d, round(km, 1)) for k, (s, d, km) in enumerate(trips)]
    fleet = []
    for k, kind in enumerate(kinds):
        if kind.startswith("ev"):
            short = kind.endswith("short")
            fleet.append(
                FleetEntry(
                    ev(f"v{k}", wh=float(kind[2:5]), range_km=80.0 if short else 300.0)
                )
            )
        else:
            fleet.append(FleetEntry(ice(f"v{k}", km_per_l=float(kind[3:]))))
    _check_below_brute_force(make_problem(rts, fleet))


def _three_cars():
    """Six trips 08:20-14:40 and petrol cars at 20, 18 and 16 km/l (1.30, 1.36 and
    1.43 dkk/km: one class at the 10 % rate tolerance)."""
    times = [(720, 870, 58), (500, 570, 70), (790, 880, 43), (780, 860, 79)]
    times += [(610, 720, 22), (660, 710, 17)]
    rts = [rt(f"r{k}", s, e, float(km)) for k, (s, e, km) in enumerate(times)]
    fleet = [FleetEntry(ice(n, km_per_l=k)) for n, k in (("a", 20.0), ("b", 18.0))]
    fleet.append(FleetEntry(ice("c", km_per_l=16.0)))
    return make_problem(rts, fleet)


def test_engine_closes_the_class_bound_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three petrol cars at 1.30, 1.36 and 1.43 dkk/km form one class, whose model
    prices the class's km by spread caps: 384.20 kr against the optimum 385.24 kr
    (brute force). The flow bound prices each car's rate exactly and proves the
    optimum; without re-bounding (share 0) it does not run. (Per-vehicle models
    for blocks above the target gap are switched off: they would prove it first.)"""
    from fleetplan.simulate import component

    monkeypatch.setattr(component, "EXACT_SPLIT_COLUMNS", 0)
    problem = _three_cars()
    optimum, _ = brute_force_allocation(problem, limit_km=False)
    plain = allocate(
        problem, AllocationParams(limit_km=False, target_gap=0.0, refine_time_share=0)
    )
    full = allocate(problem, AllocationParams(limit_km=False, target_gap=0.0))
    assert plain.objective_dkk == pytest.approx(optimum)
    assert plain.lower_bound_dkk == pytest.approx(384.2045, abs=1e-3)
    assert full.lower_bound_dkk == pytest.approx(optimum, abs=1e-6)
    assert optimum == pytest.approx(385.2417, abs=1e-3)
    assert float(_bounds(problem)[1].sum()) == pytest.approx(optimum, abs=1e-6)


def test_cancel_after_the_allocation_skips_re_bounding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """should_stop is asked once per component (two here) and once before the
    re-bounding: a cancel then returns the class bound (384.20 kr) at once."""
    from fleetplan.simulate import component

    monkeypatch.setattr(component, "EXACT_SPLIT_COLUMNS", 0)
    answers = iter([False, False, True])
    result = allocate(
        _three_cars(),
        AllocationParams(limit_km=False, target_gap=0.0),
        should_stop=lambda: next(answers),
    )
    assert result.lower_bound_dkk == pytest.approx(384.2045, abs=1e-3)
    assert result.objective_dkk == pytest.approx(385.2417, abs=1e-3)
