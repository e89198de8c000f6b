"""The fleet year by year under a hand-made plan (rules in plan_outlook's docstring)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from fleetplan.analytics.plan_outlook import plan_outlook, today_charge_points
from fleetplan.analytics.rates import KmRates
from fleetplan.analytics.transition import ChargerNeed, PlanStep, TransitionPlan
from fleetplan.domain import Fuel, Roundtrip, Vehicle, VehicleType

ICE, EV = VehicleType.ICE, VehicleType.EV
F1 = Vehicle("F1", ICE, Fuel.PETROL, location_id="L", annual_cost_dkk=30_000)
F2 = Vehicle("F2", ICE, Fuel.DIESEL, location_id="L", annual_cost_dkk=20_000)
E1 = Vehicle("E1", EV, Fuel.ELECTRIC, location_id="L", annual_cost_dkk=40_000)
C = Vehicle(
    "C", VehicleType.EV, Fuel.ELECTRIC, annual_cost_dkk=35_000, is_candidate=True
)
RATES = {
    "F1": KmRates(1.0, 0.2, 0.25, 0.3),
    "F2": KmRates(0.8, 0.25, 0.3, 0.35),
    "E1": KmRates(0.5, 0.0, 0.05, 0.1),
    "C": KmRates(0.4, 0.0, 0.04, 0.1),
}
KM = {"F1": 10_000.0, "F2": 5_000.0, "E1": 15_000.0}


def _step(vid: str, fuel: str, action: str, year: int, repl: str | None = None):
    return PlanStep(vid, "L", fuel, date(year, 6, 30), 80.0, action, repl, repl, year)


PLAN = TransitionPlan(
    steps=(
        _step("F1", "petrol", "replace", 2026, "C"),
        _step("F2", "diesel", "remove", 2027),
    ),
    chargers=(ChargerNeed("L", evs=2, overnight_points=1, daytime_points=0),),
    first_year=2026,
    target_year=2027,
)


def test_today_then_each_plan_year() -> None:
    """Today: fixed 30+20+40 = 90 k; energy 10,000×1 + 5,000×0.8 + 15,000×0.5 =
    21,500; TTW 2,000 + 1,250 = 3,250 kg; WTW 2,500 + 1,500 + 750 = 4,750 kg.
    2026 (F1 -> C): fixed 35+20+40 = 95 k; energy 4,000 + 4,000 + 7,500 = 15,500;
    TTW 1,250; WTW 400 + 1,500 + 750 = 2,650.
    2027 (F2 removed): its 5,000 km go to C and E1 as 10:15 -> 12,000 and 18,000
    km; fixed 75 k; energy 4,800 + 9,000 = 13,800; TTW 0; WTW 480 + 900 = 1,380."""
    out = plan_outlook(PLAN, [F1, F2, E1], [C], RATES, KM)
    today, y26, y27 = out.today, *out.years
    assert today.year is None
    assert (today.fossil_vehicles, today.fossil_free_vehicles) == (2, 1)
    assert (today.fossil_km, today.fossil_free_km) == (15_000, 15_000)
    assert today.cost_dkk == pytest.approx(111_500)
    assert (today.co2e_ttw_kg, today.co2e_wtw_kg) == pytest.approx((3_250, 4_750))
    assert (y26.year, y26.replaced, y26.removed) == (2026, 1, 0)
    assert (y26.fossil_vehicles, y26.fossil_free_vehicles) == (1, 2)
    assert (y26.fossil_km, y26.fossil_free_km) == (5_000, 25_000)
    assert (y26.fixed_cost_dkk, y26.energy_cost_dkk) == pytest.approx((95e3, 15_500))
    assert (y26.co2e_ttw_kg, y26.co2e_wtw_kg) == pytest.approx((1_250, 2_650))
    assert (y27.year, y27.replaced, y27.removed) == (2027, 0, 1)
    assert (y27.fossil_vehicles, y27.fossil_free_vehicles) == (0, 2)
    assert (y27.fossil_km, y27.fossil_free_km) == pytest.approx((0, 30_000))
    assert (y27.fixed_cost_dkk, y27.energy_cost_dkk) == pytest.approx((75e3, 13_800))
    assert (y27.co2e_ttw_kg, y27.co2e_wtw_kg) == pytest.approx((0, 1_380))
    assert out.missing_rates == ()


def test_chargers_carry_power() -> None:
    """One point of 22 kW -> 22 kW in total."""
    (row,) = plan_outlook(PLAN, [F1, F2, E1], [C], RATES, KM, charger_kw=22).chargers
    assert (row.location_id, row.evs, row.charge_points, row.total_kw) == (
        "L",
        2,
        1,
        22.0,
    )
    with pytest.raises(ValueError, match="charger_kw"):
        plan_outlook(PLAN, [F1], [C], RATES, KM, charger_kw=0)


def test_removed_alone_or_beside_idle_vehicles() -> None:
    """F2 alone at M: its 5,000 km stay at its own rates (energy 4,000, fossil km).
    At L with E1 idle (0 km): E1 drives all 5,000 km (split evenly over 1)."""
    alone = Vehicle("F2", VehicleType.ICE, Fuel.DIESEL, location_id="M")
    plan = TransitionPlan((_step("F2", "diesel", "remove", 2026),), (), 2026, 2026)
    (year,) = plan_outlook(plan, [alone], [], RATES, KM).years
    assert (year.fossil_vehicles, year.fossil_km) == (0, 5_000)
    assert year.energy_cost_dkk == pytest.approx(4_000)
    (year,) = plan_outlook(plan, [F2, E1], [], RATES, {"F2": 5_000.0}).years
    assert (year.fossil_km, year.fossil_free_km) == (0, 5_000)
    assert year.energy_cost_dkk == pytest.approx(2_500)


def test_vehicles_without_rates_are_listed() -> None:
    out = plan_outlook(PLAN, [F1, F2, E1], [C], {"E1": RATES["E1"]}, KM)
    assert out.missing_rates == ("C", "F1", "F2")
    assert out.today.energy_cost_dkk == pytest.approx(7_500)
    assert out.missing_cost == ()


def test_vehicles_without_yearly_cost_are_listed() -> None:
    """C without a yearly cost: 2026 fixed cost 0 + 20 + 40 = 60 k, and C listed."""
    free = replace(C, annual_cost_dkk=None)
    out = plan_outlook(PLAN, [F1, F2, E1], [free], RATES, KM)
    assert out.missing_cost == ("C",)
    assert out.years[0].fixed_cost_dkk == pytest.approx(60_000)


def _trip(n: int, vid: str, day: int, km: float) -> Roundtrip:
    start = datetime(2026, 3, day, 8)
    return Roundtrip(f"t{n}", vid, "L", start, start + timedelta(hours=2), km)


def test_points_today_evs_need() -> None:
    """From the plug-in schedule at 11 kW. At L: A (200 Wh/km) drives 100 km on
    the 2nd (20 kWh, 1.8 h; 12 h assumed parked before its first day, 20:00-08:00)
    and 60 km on the 3rd (12 kWh, home from 10:00); B (160 Wh/km, 20 kWh battery)
    drives 150 km on the 2nd = 24 kWh: 20 at night (1.8 h, also 20:00-08:00) and
    4 kWh topped up in the day. A and B share one point at night (3.6 h in 12 h);
    B's top-up -> 1 daytime point; max(1, 1) = 1. At M: D never drove -> 0. Fossil
    cars and candidates do not count."""
    a = Vehicle(
        "A", EV, Fuel.ELECTRIC, location_id="L", wltp_wh_per_km=200, battery_kwh=50
    )
    b = Vehicle(
        "B", EV, Fuel.ELECTRIC, location_id="L", wltp_wh_per_km=160, battery_kwh=20
    )
    d = Vehicle(
        "D", EV, Fuel.ELECTRIC, location_id="M", wltp_wh_per_km=160, battery_kwh=50
    )
    cand = replace(C, location_id="L", wltp_wh_per_km=150, battery_kwh=60)
    trips = [
        _trip(1, "A", 2, 100),
        _trip(2, "A", 3, 60),
        _trip(3, "B", 2, 150),
        _trip(4, "F1", 2, 400),
        _trip(5, "C", 2, 400),
    ]
    points = today_charge_points([a, b, d, F1, cand], trips)
    assert points == {"L": 1, "M": 0}


def test_new_points_are_beyond_todays() -> None:
    """The plan needs 1 point at L; E1 alone already needs 1 -> 0 new; with none
    in place the 1 point is new."""
    (row,) = plan_outlook(
        PLAN, [F1, F2, E1], [C], RATES, KM, today_points={"L": 1}
    ).chargers
    assert (row.charge_points, row.today_points, row.new_points) == (1, 1, 0)
    assert row.to_dict()["new_points"] == 0
    (row,) = plan_outlook(PLAN, [F1, F2, E1], [C], RATES, KM).chargers
    assert (row.today_points, row.new_points) == (0, 1)
