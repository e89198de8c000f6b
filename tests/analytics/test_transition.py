"""Transition plan: hand-checked actions, years and charge points."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from fleetplan.analytics.home_dwell import HomeDay
from fleetplan.analytics.transition import (
    CandidateScore,
    charger_need,
    needed_range_km,
    transition_plan,
)
from fleetplan.domain import Fuel, Vehicle, VehicleType
from tests.analytics.helpers import car, trip


def _day(day: int, vid: str, km: float, rid: str, hour: int = 8):
    start = datetime(2026, 3, day, hour)
    return trip(rid, vid, start, start.replace(hour=hour + 4), km=km)


def test_needed_range_is_the_95th_percentile() -> None:
    """[40, 60] -> 40 + 0.95 × 20 = 59."""
    assert needed_range_km([40.0, 60.0]) == pytest.approx(59.0)
    assert needed_range_km([]) == 0.0


def test_plan_removes_surplus_and_replaces_by_score() -> None:
    """L1 has 3 plain cars and at most 2 away at once (E1 drives in the afternoon):
    the least-driven fossil car (F2, 5 km) is removed.

    F1 needs 59 km of range. Candidates: C1 (EV, 300 km, 2.0 kr/km, 0.05 kg/km ->
    score 2.0 + 1.5 × 0.05 = 2.075), C2 (EV, 50 km range: too short), a bike and a
    petrol candidate (never chosen). F1's lease ends 2027 -> replaced with C1 in 2027;
    F2 has no lease end -> 2030. F3's lease ended 2024 -> in first year 2026.
    """
    f1 = car("F1", lease_end=date(2027, 6, 30))
    f2 = car("F2", fuel=Fuel.DIESEL)
    e1 = car("E1", fuel=Fuel.ELECTRIC)
    f3 = car("F3", location="L2", lease_end=date(2024, 1, 1))
    c1 = car(
        "C1",
        fuel=Fuel.ELECTRIC,
        location=None,
        candidate=True,
        range_km=300.0,
        wltp_wh_per_km=150.0,
        battery_kwh=64.0,
    )
    c2 = car("C2", fuel=Fuel.ELECTRIC, location=None, candidate=True, range_km=50.0)
    bike = Vehicle("B", VehicleType.EBIKE, Fuel.ELECTRIC, is_candidate=True)
    petrol = car("P", location=None, candidate=True)
    trips = [
        _day(2, "F1", 40.0, "1"),
        _day(3, "F1", 60.0, "2"),
        _day(2, "F2", 5.0, "3"),
        _day(2, "E1", 100.0, "4", hour=13),
        _day(2, "F3", 20.0, "5"),
    ]
    scores = {
        "C1": CandidateScore(2.0, 0.05),
        "C2": CandidateScore(1.0, 0.04),
        "B": CandidateScore(0.1, 0.01),
        "P": CandidateScore(0.5, 0.2),
    }
    plan = transition_plan(
        [f1, f2, e1, f3],
        trips,
        [c1, c2, bike, petrol],
        scores,
        first_year=2026,
    )
    steps = {s.vehicle_id: s for s in plan.steps}
    assert set(steps) == {"F1", "F2", "F3"}
    assert (steps["F1"].action, steps["F1"].replacement_id, steps["F1"].year) == (
        "replace",
        "C1",
        2027,
    )
    assert steps["F1"].needed_range_km == pytest.approx(59.0)
    assert (steps["F2"].action, steps["F2"].year) == ("remove", 2030)
    assert (steps["F3"].action, steps["F3"].year) == ("replace", 2026)
    per_year = {row["year"]: row for row in plan.totals_per_year()}
    assert list(per_year) == [2026, 2027, 2028, 2029, 2030]
    assert per_year[2027]["replaced"] == 1
    assert per_year[2030]["removed"] == 1
    # 3 fossil cars: F3 goes in 2026, F1 in 2027, F2 in 2030
    assert [per_year[y]["fossil_left"] for y in range(2026, 2031)] == [2, 1, 1, 1, 0]
    # L1 after the plan: E1 (100 km × 0.16 = 16 kWh, parked from 01:00 as 12 h
    # are assumed before a first day, leaves 13:00) and C1 on F1's days (6 kWh
    # 20:00-08:00, 9 kWh 12:00-08:00): 1.5 h + 0.5 h charges fit one point.
    l1 = next(c for c in plan.chargers if c.location_id == "L1")
    assert (l1.evs, l1.overnight_points, l1.daytime_points, l1.points) == (2, 1, 0, 1)


def test_no_fitting_candidate_keeps_the_car() -> None:
    """Only a 50 km EV for a car that needs 120 km a day -> "keep"."""
    f1 = car("F1")
    c2 = car("C2", fuel=Fuel.ELECTRIC, location=None, candidate=True, range_km=50.0)
    plan = transition_plan(
        [f1],
        [_day(2, "F1", 120.0, "1")],
        [c2],
        {"C2": CandidateScore(1.0, 0.04)},
        first_year=2026,
    )
    assert plan.steps[0].action == "keep"
    assert plan.totals_per_year()[-1]["kept_fossil"] == 1


def test_charger_rule_with_daytime_top_up() -> None:
    """Both EVs home 18:00-06:00. S (20 kWh battery) drives 200 km × 0.16 = 32 kWh:
    20 kWh at night (1.8 h at 11 kW), 12 kWh must be topped up in the day; L drives
    50 km × 0.16 = 8 kWh (0.7 h). Overnight: both fit one point in turn; daytime:
    S -> 1; points max(1, 1) = 1 of 11 kW; cost 30,000 + 11 × 1,000 = 41,000 kr."""
    small = car("S", fuel=Fuel.ELECTRIC, battery_kwh=20.0)
    big = car("L", fuel=Fuel.ELECTRIC)
    depart = datetime(2026, 3, 3, 6)
    arrive = datetime(2026, 3, 2, 18)
    days_s = [HomeDay("S", "L1", depart.date(), 200.0, arrive, depart, 0.0)]
    days_l = [HomeDay("L", "L1", depart.date(), 50.0, arrive, depart, 0.0)]
    need = charger_need(
        "L1",
        [(small, days_s), (big, days_l)],
        point_dkk=30_000.0,
        grid_dkk_per_kw=1_000.0,
    )
    assert (need.overnight_points, need.daytime_points, need.points) == (1, 1, 1)
    assert (need.kw_per_point, need.grid_peak_kw, need.cost_dkk) == (11.0, 11.0, 41_000)
    assert charger_need("L1", []).points == 0


def test_outfitting_decides_groups_and_replacements() -> None:
    """Two lift buses at L1, both away at once (peak 2 in their group: no surplus),
    a plain car and a van, each alone in its group. The cheaper EV car (score 1.0)
    has no lift, so the buses get the lift EV (score 3.0); the car gets the cheap EV.
    A van with 6 m3 accepts 5.8 m3 (>= 90 %), not 5 m3."""
    bus1 = car("B1", wheelchair_lift=True, seats=8)
    bus2 = car("B2", wheelchair_lift=True, seats=8)
    plain = car("P1", seats=5)
    van = car("V1", cargo_m3=6.0, seats=3)
    cheap = car("C", fuel=Fuel.ELECTRIC, candidate=True, location=None, seats=5)
    lift = car(
        "L",
        fuel=Fuel.ELECTRIC,
        candidate=True,
        location=None,
        seats=8,
        wheelchair_lift=True,
    )
    van58 = car(
        "V58", fuel=Fuel.ELECTRIC, candidate=True, location=None, seats=3, cargo_m3=5.8
    )
    van5 = car(
        "V5", fuel=Fuel.ELECTRIC, candidate=True, location=None, seats=3, cargo_m3=5.0
    )
    trips = [
        _day(2, "B1", 50.0, "1"),
        _day(2, "B2", 40.0, "2"),
        _day(2, "P1", 30.0, "3"),
        _day(2, "V1", 30.0, "4"),
    ]
    scores = {
        "C": CandidateScore(1.0, 0.0),
        "L": CandidateScore(3.0, 0.0),
        "V58": CandidateScore(2.0, 0.0),
        "V5": CandidateScore(1.5, 0.0),
    }
    plan = transition_plan(
        [bus1, bus2, plain, van],
        trips,
        [cheap, lift, van58, van5],
        scores,
        first_year=2026,
    )
    chosen = {s.vehicle_id: (s.action, s.replacement_id) for s in plan.steps}
    assert chosen == {
        "B1": ("replace", "L"),
        "B2": ("replace", "L"),
        "P1": ("replace", "C"),
        "V1": ("replace", "V58"),
    }
