"""The report service's wiring: the CO2 price input picks the replacement model,
and the charge points today's EVs need are counted as in place."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from fleetplan.analytics.report_service import PlanSettings, transition_report
from fleetplan.domain import Dataset, Fuel, Location, Roundtrip, Vehicle, VehicleType

F1 = Vehicle(
    "F1",
    VehicleType.ICE,
    Fuel.PETROL,
    wltp_km_per_l=20,
    annual_cost_dkk=30_000,
    location_id="L",
    lease_end=date(2027, 3, 31),
    seats=5,
)
E1 = Vehicle(
    "E1",
    VehicleType.EV,
    Fuel.ELECTRIC,
    wltp_wh_per_km=200,
    annual_cost_dkk=40_000,
    location_id="L",
    battery_kwh=50,
    seats=5,
)
# CHEAP costs 10,000 kr a year less; CLEAN was made with 40 t less CO2e.
CHEAP = Vehicle(
    "CHEAP",
    VehicleType.EV,
    Fuel.ELECTRIC,
    wltp_wh_per_km=180,
    annual_cost_dkk=30_000,
    battery_kwh=60,
    range_km=400,
    seats=5,
    production_co2e_kg=50_000,
    is_candidate=True,
)
CLEAN = replace(
    CHEAP, vehicle_id="CLEAN", annual_cost_dkk=40_000, production_co2e_kg=10_000
)


def _trip(n: int, vid: str, start: datetime, km: float) -> Roundtrip:
    return Roundtrip(f"r{n}", vid, "L", start, start + timedelta(hours=3), km)


DATA = Dataset(
    (Location("L", name="Rådhuset"),),
    (F1, E1, CHEAP, CLEAN),
    (
        _trip(1, "F1", datetime(2026, 1, 1, 8), 50),
        _trip(2, "E1", datetime(2026, 1, 1, 9), 100),
    ),
    meta={"period": {"start": "2026-01-01T00:00:00", "end": "2026-01-11T00:00:00"}},
)


def _choice(co2_price: float) -> str | None:
    settings = PlanSettings(target_year=2027, co2_price_dkk_per_t=co2_price)
    report = transition_report(DATA, today=date(2026, 6, 1), settings=settings)
    (step,) = report.plan.steps
    return step.replacement_id


def test_co2_price_picks_the_model() -> None:
    """Without a CO2 price the 10,000 kr cheaper model wins; at 1 million kr/t the
    40 t of production CO2e outweigh it."""
    assert _choice(0.0) == "CHEAP"
    assert _choice(1_000_000.0) == "CLEAN"


def test_todays_ev_points_are_in_place() -> None:
    """11 kW × 12 h = 132 kWh a night. The trips are in January, range factor 0.80
    (economics.winter): E1 needs 100 ÷ 0.8 = 125 km × 0.2 = 25 kWh of 45 usable ->
    every night; F1's replacement 50 ÷ 0.8 = 62.5 km × 0.18 = 11.25 kWh of 54 ->
    every 4th. After the plan ceil(1 + 1/4) = 2 points; E1 alone ceil(1) = 1 ->
    1 new. (Without the winter factor: ceil(1/2 + 1/6) = 1, 0 new.)"""
    report = transition_report(
        DATA, today=date(2026, 6, 1), settings=PlanSettings(target_year=2027)
    )
    (row,) = report.outlook.chargers
    assert (row.evs, row.charge_points, row.today_points, row.new_points) == (
        2,
        2,
        1,
        1,
    )
