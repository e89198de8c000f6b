"""The body a trip needs and what may replace it, end to end on tiny datasets
(dk-2025 prices, a Tuesday 10:00-11:00, so the taxi's day tariff)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from fleetplan.domain import (
    Dataset,
    Fuel,
    Location,
    Period,
    Roundtrip,
    Vehicle,
    VehicleCategory,
    VehicleType,
)
from fleetplan.economics import get_builtin_factor_set
from fleetplan.simulate import FleetEntry, ProblemParams, make_input
from fleetplan.simulate.problem import FORBIDDEN_EXTERNAL_DKK
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.simulation import simulate

DAY = datetime(2026, 3, 3)  # a Tuesday
PERIOD = Period(DAY, DAY + timedelta(days=1))


def _vehicle(vid: str, **kw: Any) -> Vehicle:
    base: dict[str, Any] = {
        "vehicle_type": VehicleType.ICE,
        "fuel": Fuel.DIESEL,
        "wltp_km_per_l": 20.0,
        "location_id": "L1",
    }
    return Vehicle(vid, **(base | kw))


VAN = _vehicle("van", seats=2, cargo_m3=3.1, department="Vej og Park")
CAR = _vehicle("car", fuel=Fuel.PETROL)
TRUCK = _vehicle("truck", category=VehicleCategory.TRUCK)


def _trip(rid: str, vehicle: str, km: float, start_h: float = 10.0) -> Roundtrip:
    start = DAY + timedelta(hours=start_h)
    return Roundtrip(rid, vehicle, "L1", start, start + timedelta(hours=1), km)


def _report(trips, fleet, meta=None, params=None):
    data = Dataset((Location("L1"),), (VAN, CAR, TRUCK), tuple(trips), dict(meta or {}))
    inp = make_input(
        data,
        [FleetEntry(v, 1) for v in fleet],
        get_builtin_factor_set("dk-2025"),
        period=PERIOD,
        factors_explicit=True,
    )
    return simulate(inp, AllocationParams(time_limit_s=10.0), params)


def test_a_van_trip_with_no_van_left_goes_to_a_rental_not_the_allowance() -> None:
    """The van's 20 km trip cannot go to the car (body). Vans may only rent:
    500 kr a day + 20 km × 0.17 kWh × 2.31 kr = 507.854 kr, CO2e 3.4 kWh × 0.07
    = 0.238 kg at 1.5 kr/kg = 0.357 kr: 508.211 kr in the objective (the
    allowance would be 20 × 3.81 + 2.71 kg × 1.5 = 80.265 kr)."""
    report = _report([_trip("a", "van", 20.0)], [CAR])
    assert report.allocation.vehicle_index.tolist() == [-1]
    assert not report.problem.feasible[0, 0]
    assert report.problem.external_cost_dkk[0] == pytest.approx(508.211)
    assert report.driving_book[0].external_kind == "rental"
    assert report.unallocated_reasons == {"no_suitable_vehicle": 1}


def test_a_car_trip_goes_to_the_allowance_at_its_first_band_rate() -> None:
    """Same trip by the car, no vehicle in the fleet: taxi 90.48 + 20 × 13.57 +
    1 h × 452.40 = 814.28 kr, rental 507.14 kr, allowance 20 × 3.81 = 76.20 kr;
    each + its valued CO2e (allowance 20 / 20 km/l × 2.71 kg × 1.5 = 4.065)."""
    report = _report([_trip("a", "car", 20.0)], [TRUCK])
    assert report.problem.external_cost_dkk[0] == pytest.approx(80.265)
    assert report.driving_book[0].external_kind == "allowance"


def test_a_department_rule_replaces_the_category_rule() -> None:
    """Vej og Park may use the allowance: its van trip costs 80.265 kr."""
    meta = {
        "settings": {
            "external_options": {"by_department": {"Vej og Park": ["allowance"]}}
        }
    }
    report = _report([_trip("a", "van", 20.0)], [CAR], meta)
    assert report.problem.external_cost_dkk[0] == pytest.approx(80.265)


def test_an_exempt_department_relaxes_the_body() -> None:
    """With Vej og Park exempt, the car may take the van's trip."""
    report = _report(
        [_trip("a", "van", 20.0)],
        [CAR],
        params=ProblemParams(exempt_departments=frozenset({"Vej og Park"})),
    )
    assert report.allocation.vehicle_index.tolist() == [0]


def test_a_truck_trip_no_vehicle_can_take_is_unserved_not_priced() -> None:
    """Trucks have no external option and no truck is in the fleet: the trip is
    unallocated with reason no_external_option, costs 0 in the objective (a
    constant penalty would only blur the gap) and nothing in the report, and is
    counted as unserved."""
    report = _report([_trip("t", "truck", 30.0)], [CAR])
    assert report.allocation.vehicle_index.tolist() == [-1]
    assert report.problem.external_cost_dkk[0] == 0.0
    assert report.unallocated_reasons == {"no_external_option": 1}
    assert report.simulated.unserved == 1
    assert report.simulated.external_cost_dkk == 0.0
    assert report.driving_book[0].external_kind == "none"


def test_a_trip_without_an_external_option_is_served_when_a_vehicle_can() -> None:
    """One van, two overlapping trips: the van's own 1 km trip (vans set to no
    external option) and a car's 300 km trip, which the van can also take (a car
    without seat count needs none). Priced by cost alone the van would take the
    car's trip (300 × 3.81 = 1,143 kr saved against a 500 kr rental); the
    forbidden penalty makes it serve its own trip and the car's goes to the
    allowance."""
    meta = {"settings": {"external_options": {"by_category": {"van": []}}}}
    trips = [_trip("v", "van", 1.0), _trip("c", "car", 300.0, start_h=10.5)]
    report = _report(trips, [VAN], meta)
    order = list(report.problem.trips.trip_ids)
    assert report.problem.external_cost_dkk[order.index("v")] == FORBIDDEN_EXTERNAL_DKK
    assigned = dict(zip(order, report.allocation.vehicle_index.tolist(), strict=True))
    assert assigned == {"v": 0, "c": -1}
    assert report.simulated.unserved == 0
