"""Charge points from the plug-in schedule: hand-checked locations."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from fleetplan.analytics.charger_need import (
    charge_points,
    location_chargers,
    plug_ins,
)
from fleetplan.analytics.home_dwell import HomeDay
from fleetplan.domain import Fuel
from fleetplan.economics import monthly_range_factors
from tests.analytics.helpers import car

JUNE = date(2026, 6, 2)


def _ev(vid: str, **extra: object):  # type: ignore[no-untyped-def]
    return car(vid, fuel=Fuel.ELECTRIC, wltp_wh_per_km=200.0, battery_kwh=60.0, **extra)


def _night(
    vid: str, km: float, arrive_h: int, depart_h: int, day: date = JUNE
) -> HomeDay:
    """Home from ``arrive_h`` the evening before (or that night, if < depart_h)."""
    depart = datetime(day.year, day.month, day.day, depart_h)
    arrive_day = day.day if arrive_h < depart_h else day.day - 1
    arrive = datetime(day.year, day.month, arrive_day, arrive_h)
    return HomeDay(vid, "L", day, km, arrive, depart, 0.0)


def _sessions(km: float, n: int = 4):  # type: ignore[no-untyped-def]
    out = []
    for k in range(n):
        vid = f"E{k}"
        out += plug_ins(_ev(vid), [_night(vid, km, 0, 6)])
    return out


def test_four_evs_in_the_same_six_hours_share_two_points() -> None:
    """Four EVs all home 00:00-06:00, each 165 km × 200 Wh = 33 kWh → 3 h at 11 kW:
    two charge 00-03 and two 03-06, so 2 points (not 4), 2 × 11 = 22 kW at the grid;
    cost 2 × 30,000 + 22 × 1,000 = 82,000 kr."""
    need = location_chargers(
        "L", _sessions(165.0), charger_kw=11.0, point_dkk=30_000, grid_dkk_per_kw=1_000
    )
    assert (need.evs, need.peak_parked, need.charge_points) == (4, 4, 2)
    assert (need.kw_per_point, need.grid_peak_kw, need.cost_dkk) == (11.0, 22.0, 82_000)
    assert need.short_sessions == 0
    own = location_chargers("L", _sessions(165.0), charger_kw=11.0, shared=False)
    assert (own.charge_points, own.grid_peak_kw) == (4, 44.0)


def test_four_evs_in_six_hours_that_cannot_share_need_four_points() -> None:
    """Each needs 220 km × 0.2 = 44 kWh = 4 h at 11 kW: two in a row take 8 h > 6 h,
    so every EV needs its own point: 4 points, 44 kW."""
    need = location_chargers("L", _sessions(220.0), charger_kw=11.0)
    assert (need.charge_points, need.grid_peak_kw) == (4, 44.0)


def test_three_fit_on_two_points_but_not_one() -> None:
    """Three EVs of 2 h (22 kWh) in the same 6 h fit on 1 point (3 × 2 = 6 h);
    three of 2.5 h do not (7.5 h) and need 2."""
    assert charge_points(_sessions(110.0, 3), 11.0) == 1
    assert charge_points(_sessions(137.5, 3), 11.0) == 2


def test_staggered_stays_share_one_point() -> None:
    """A home 18-22 and B home 22-06 never stand together: one point."""
    sessions = plug_ins(_ev("A"), [_night("A", 100, 18, 22)]) + plug_ins(
        _ev("B"), [_night("B", 100, 22, 6)]
    )
    assert location_chargers("L", sessions).charge_points == 1


def test_onboard_charger_sets_the_point_kw_and_short_stays_are_counted() -> None:
    """EVs with 7.4 kW on board at a 22 kW location: points of 7.4 kW. 60 kWh
    battery, 400 km asked: energy capped at 60 kWh, 8.1 h at 7.4 kW > 6 h: short."""
    ev = _ev("A", charge_kw=7.4)
    need = location_chargers("L", plug_ins(ev, [_night("A", 400, 0, 6)]), charger_kw=22)
    assert need.kw_per_point == 7.4
    assert need.short_sessions == 1
    assert need.charge_points == 1


def test_winter_energy_and_fallback_stay() -> None:
    """January: 160 km × 0.2 ÷ 0.80 = 40 kWh. A first day with no arrival is
    assumed parked ``fallback_h`` = 12 h before departure."""
    day = HomeDay("A", "L", date(2026, 1, 5), 160.0, None, datetime(2026, 1, 5, 7), 0)
    [s] = plug_ins(_ev("A"), [day], range_factor_by_month=monthly_range_factors(None))
    assert s.energy_kwh == pytest.approx(40.0)
    assert s.arrive == datetime(2026, 1, 4, 19)
