"""The demo's vans, minibuses and cargo bikes carry their category, and a
simulation keeps van work on vans."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from fleetplan.demo import places
from fleetplan.domain import Dataset, Period, VehicleCategory, category_of
from fleetplan.economics import get_builtin_factor_set
from fleetplan.simulate import FleetEntry, make_input
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.simulation import simulate


def test_categories_of_the_demo_fleet(demo: Dataset) -> None:
    """28 vans (Ejendomsservice 10, Vej og Park 18), 25 minibuses, 3 cargo bikes;
    every van has a cargo volume."""
    counts = Counter(v.category for v in demo.current_vehicles)
    assert counts[VehicleCategory.VAN] == 28
    assert counts[VehicleCategory.MINIBUS] == 25
    assert counts[VehicleCategory.CARGO_BIKE] == 3
    vans = [v for v in demo.current_vehicles if v.category is VehicleCategory.VAN]
    assert all(v.cargo_m3 for v in vans)
    assert {v.model for v in vans} >= {"Kangoo Van E-Tech 45 kWh", "Crafter 2.0 TDI"}


def test_van_work_stays_on_vans_with_half_the_vans_gone(demo: Dataset) -> None:
    """At the depot on three days, with every other van and both cargo bikes: no
    van trip goes to a cargo bike (0.25 m³) or a smaller van, and the van trips
    left over go to a rental, never the allowance."""
    depot = [v for v in demo.current_vehicles if v.location_id == places.DEPOT]
    vans = [v for v in depot if category_of(v) is VehicleCategory.VAN]
    bikes = [v for v in depot if category_of(v) is VehicleCategory.CARGO_BIKE]
    assert len(bikes) == 2
    fleet = [FleetEntry(v, 1) for v in vans[::2] + bikes]
    first = min(r.start_time for r in demo.roundtrips if r.location_id == places.DEPOT)
    start = datetime.combine(first.date() + timedelta(days=7), datetime.min.time())
    inp = make_input(
        demo,
        fleet,
        get_builtin_factor_set("dk-2025"),
        period=Period(start, start + timedelta(days=3)),
        locations=[places.DEPOT],
        factors_explicit=True,
    )
    report = simulate(inp, AllocationParams(time_limit_s=30.0))
    vehicles = {v.vehicle_id: v for v in demo.vehicles}
    simulated = {
        fv.vehicle_id: fv.template for t in report.problem.types for fv in t.vehicles
    }
    van_trips = left = 0
    for entry in report.driving_book:
        driver = vehicles[entry.current_vehicle_id]
        if category_of(driver) is not VehicleCategory.VAN:
            continue
        van_trips += 1
        if entry.simulated_vehicle_id is None:
            left += 1
            assert entry.external_kind == "rental"
        else:
            taker = simulated[entry.simulated_vehicle_id]
            assert category_of(taker) is VehicleCategory.VAN
            assert (taker.cargo_m3 or 0) + 1e-9 >= (driver.cargo_m3 or 0)
    assert van_trips > 20 and left > 0
