"""Fleet types, feasibility and cost arrays of an allocation problem."""

from __future__ import annotations

from datetime import datetime, time

import numpy as np
import pytest

from fleetplan.domain import BikeRules, Period, RunSettings, VehicleType
from fleetplan.simulate.fleet import FleetEntry, build_fleet_types, charge_km_per_min
from fleetplan.simulate.problem import ProblemParams, build_problem
from tests.simulate.helpers import bike, ev, ice, rt

PERIOD = Period(datetime(2026, 3, 2), datetime(2026, 3, 3))
SETTINGS = RunSettings(
    turnaround_min=4.0,
    bike=BikeRules(
        max_km_per_trip=10.0,
        slots=((time(8), time(18)),),
        bike_max_kmh=8.0,
        ebike_max_kmh=12.0,
    ),
)


def _problem(rts, fleet, current=(), params=None, settings=SETTINGS):
    return build_problem(
        rts,
        fleet,
        current_vehicles=current,
        settings=settings,
        period=PERIOD,
        cost_per_km=lambda v: 1.0 if v.vehicle_type is VehicleType.EV else 2.0,
        external_cost=lambda km, s, e, v: 3.7 * km,
        params=params,
    )


def test_identical_vehicles_form_one_type_with_numbered_instances() -> None:
    """2 x the same EV + 1 other EV with the same attributes: one type of 3; a
    petrol car is its own type."""
    types = build_fleet_types(
        [FleetEntry(ev("a"), 2), FleetEntry(ev("b")), FleetEntry(ice("c"))]
    )
    assert [t.count for t in types] == [3, 1]
    assert [v.vehicle_id for v in types[0].vehicles] == ["a#1", "a#2", "b"]
    assert types[0].capacity_km == 300.0
    assert types[1].capacity_km is None


def test_charge_rate() -> None:
    """11 kW at 150 Wh/km adds 11,000 / 150 / 60 = 1.2222 km of range a minute."""
    assert charge_km_per_min(ev(wh=150.0), 11.0) == pytest.approx(1.222222, 1e-6)
    assert charge_km_per_min(ice(), 11.0) == 0.0


def test_costs_and_busy_intervals() -> None:
    """A 20 km trip costs 20 x 1 on the EV, 20 x 2 on the petrol car, 74 external;
    busy ends 4 min (turnaround) after the trip."""
    p = _problem([rt("t", 480, 540, 20.0)], [FleetEntry(ev()), FleetEntry(ice())])
    assert np.allclose(p.trip_cost_dkk, [[20.0, 40.0]])
    assert np.allclose(p.external_cost_dkk, [74.0])
    start, end = p.busy_intervals(0)
    assert start[0] == 480.0 and end[0] == 544.0


def test_bike_rules() -> None:
    """Bike (8 km/h): 4 km in 60 min ok; 12 km too long; 4 km at 07:00 outside the
    slot; 9 km in 60 min too fast for a bike (8 km/h) but fine for an e-bike (12)."""
    rts = [
        rt("ok", 600, 660, 4.0),
        rt("long", 600, 800, 12.0),
        rt("early", 420, 480, 4.0),
        rt("fast", 700, 760, 9.0),
    ]
    p = _problem(rts, [FleetEntry(bike()), FleetEntry(bike("e", VehicleType.EBIKE))])
    order = list(p.trips.trip_ids)
    feas = {tid: tuple(p.feasible[order.index(tid)]) for tid in order}
    assert feas == {
        "early": (False, False),
        "ok": (True, True),
        "long": (False, False),
        "fast": (False, True),
    }


def test_outfitting_needs_and_exemption() -> None:
    """A trip driven by a wheelchair van needs a lift unless its department is exempt;
    a 7-seat need excludes a 5-seat car."""
    from fleetplan.domain import Fuel, Vehicle

    van = Vehicle(
        "van",
        VehicleType.ICE,
        Fuel.DIESEL,
        wltp_km_per_l=15.0,
        location_id="L1",
        wheelchair_lift=True,
        seats=7,
        department="Care",
    )
    rts = [rt("w", 600, 660, 10.0, vehicle="van")]
    fleet = [FleetEntry(ice("car")), FleetEntry(van)]
    p = _problem(rts, fleet, current=[van])
    assert tuple(p.feasible[0]) == (False, True)
    p = _problem(
        rts,
        fleet,
        current=[van],
        params=ProblemParams(exempt_departments=frozenset({"Care"})),
    )
    assert tuple(p.feasible[0]) == (True, True)


def test_ev_single_trip_range_by_month() -> None:
    """A 280 km trip in March fits a 300 km EV at factor 1.0; at the default March
    factor 0.85 (economics.winter) the range is 255 km, so it does not."""
    rts = [rt("far", 480, 900, 280.0)]
    summer = ProblemParams(range_factor_by_month=(1.0,) * 12)
    assert _problem(rts, [FleetEntry(ev())], params=summer).feasible[0, 0]
    p = _problem(rts, [FleetEntry(ev())])
    assert p.range_factor[0] == 0.85
    assert not p.feasible[0, 0]


def test_locations_without_and_with_pooling() -> None:
    """Without pooling an L2 trip is infeasible for an L1 car; with 30 min transfer
    it is feasible and busy 30 min before and 30 + 4 after."""
    rts = [rt("x", 600, 660, 5.0, location="L2")]
    assert not _problem(rts, [FleetEntry(ice())]).feasible[0, 0]
    p = _problem(rts, [FleetEntry(ice())], params=ProblemParams(transfer_min=30.0))
    assert p.feasible[0, 0]
    start, end = p.busy_intervals(0)
    assert (start[0], end[0]) == (570.0, 694.0)


def test_a_problem_like_another_takes_its_trips_and_external_costs() -> None:
    """Built for another fleet ``like`` a first problem, the problem equals one
    built from scratch (the trips and their external costs do not depend on the
    fleet), and it shares those arrays instead of rebuilding them."""
    rts = [rt("a", 480, 540, 8.0), rt("b", 500, 620, 30.0), rt("c", 700, 760, 4.0)]
    first = _problem(rts, [FleetEntry(ice("c1"))])
    fleet = [FleetEntry(ev("e"), 2), FleetEntry(bike("b1"))]
    fresh = _problem(rts, fleet)
    reused = build_problem(
        rts,
        fleet,
        current_vehicles=(),
        settings=SETTINGS,
        period=PERIOD,
        cost_per_km=lambda v: 1.0 if v.vehicle_type is VehicleType.EV else 2.0,
        external_cost=lambda km, s, e, v: pytest.fail("external costs are reused"),
        like=first,
    )
    assert reused.trips is first.trips
    assert reused.trips.trip_ids == fresh.trips.trip_ids
    np.testing.assert_array_equal(reused.external_cost_dkk, fresh.external_cost_dkk)
    np.testing.assert_array_equal(reused.external_cost_dkk, [29.6, 111.0, 14.8])
    np.testing.assert_array_equal(reused.feasible, fresh.feasible)
    np.testing.assert_array_equal(reused.trip_cost_dkk, fresh.trip_cost_dkk)


def test_a_vehicle_may_always_drive_its_own_trips() -> None:
    """Today's fleet can drive today's trips: an e-bike's own 12 km trip at 07:00
    (outside the slot, over the 10 km trip limit) and a car's trip at another
    location than its registered home stay feasible for them, not for the others;
    an EV's own trip beyond its range does not."""
    rts = [
        rt("bike-own", 420, 480, 12.0, vehicle="e"),
        rt("away-own", 600, 660, 5.0, vehicle="c", location="L2"),
        rt("ev-own", 700, 900, 350.0, vehicle="ev"),
    ]
    fleet = [
        FleetEntry(bike("e", VehicleType.EBIKE)),
        FleetEntry(ice("c")),
        FleetEntry(ev("ev")),
    ]
    p = _problem(rts, fleet)
    order = list(p.trips.trip_ids)
    feas = {tid: tuple(p.feasible[order.index(tid)]) for tid in order}
    assert feas["bike-own"][0] and feas["away-own"][1] and not feas["ev-own"][2]
    assert not feas["away-own"][0] and not feas["away-own"][2]  # L2: not theirs


def test_turnaround_is_at_most_the_own_vehicles_gap() -> None:
    """Turnaround 4 min; car c drove 480-540 then 542-600: busy after the first
    trip ends 2 min later (its real gap), after the last one 4 min later."""
    rts = [rt("a", 480, 540, 5.0, vehicle="c"), rt("b", 542, 600, 5.0, vehicle="c")]
    p = _problem(rts, [FleetEntry(ice("c"))])
    _, end = p.busy_intervals(0)
    assert end.tolist() == [542.0, 604.0]
