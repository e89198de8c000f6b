"""The report service's wiring: the CO2 price input picks the replacement model,
and the charge points today's EVs need are counted as in place."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from fleetplan.analytics.report_service import (
    PlanSettings,
    business_report,
    transition_report,
)
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


# E1 and F1 both come home at 23:00 and leave again at 05:00 (6 h at home)
SIX_HOURS = replace(
    DATA,
    roundtrips=(
        Roundtrip(
            "a1", "F1", "L", datetime(2026, 1, 1, 15), datetime(2026, 1, 1, 23), 50
        ),
        Roundtrip(
            "a2", "E1", "L", datetime(2026, 1, 1, 15), datetime(2026, 1, 1, 23), 50
        ),
        Roundtrip(
            "b1", "F1", "L", datetime(2026, 1, 2, 5), datetime(2026, 1, 2, 12), 200
        ),
        Roundtrip(
            "b2", "E1", "L", datetime(2026, 1, 2, 5), datetime(2026, 1, 2, 12), 200
        ),
    ),
)


def test_todays_ev_points_are_in_place_and_new_ones_cost() -> None:
    """January, range factor 0.80. On the 2nd both stood at home 23:00-05:00 (6 h):
    E1 needs 200 × 0.2 ÷ 0.8 = 50 kWh (its battery) = 4.55 h at 11 kW, F1's
    replacement (CHEAP, 180 Wh/km) 200 × 0.18 ÷ 0.8 = 45 kWh = 4.09 h: 8.6 h do not
    fit one point in 6 h -> 2 points; E1 alone needs 1 -> 1 new. The first day's
    stays (12 h assumed) are short charges that fit. The business case prices the
    new point by the factor set (dk-2025): 30,000 kr + 11 kW × 1,000 kr = 41,000."""
    settings = PlanSettings(target_year=2027)
    report = transition_report(SIX_HOURS, today=date(2026, 6, 1), settings=settings)
    (row,) = report.outlook.chargers
    assert (row.evs, row.charge_points, row.today_points, row.new_points) == (
        2,
        2,
        1,
        1,
    )
    assert (row.charger_kw, row.grid_peak_kw) == (11.0, 22.0)
    case = business_report(SIX_HOURS, today=date(2026, 6, 1), settings=settings)
    assert case.years[0].charge_points_dkk == 41_000.0
    given = business_report(
        SIX_HOURS, today=date(2026, 6, 1), settings=settings, charge_point_dkk=5_000
    )
    assert given.years[0].charge_points_dkk == 5_000.0
