"""Utilisation: hand-checked km per day, time away, shifts and idle vehicles."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.analytics.utilisation import shift_windows, utilisation
from fleetplan.domain import Period, Shift
from tests.analytics.helpers import DAY, at, car, trip

WEEK = Period(DAY, DAY + timedelta(days=7))  # Mon 2 March - Sun 8 March 2026


def test_km_days_used_and_idle() -> None:
    """Car 1: 12 km Mon, 0.5 km Tue (below the 1 km threshold), 30 km Sat.
    Days used = 2 (Mon, Sat); working days used = 1 of 5 = 0.2 -> not idle at 20 %.
    Car 2: no trips -> 0 of 5 working days -> idle.
    """
    trips = [
        trip("a", "1", at("08:00"), at("09:00"), km=12.0),
        trip("b", "1", at("08:00", 1), at("08:10", 1), km=0.5),
        trip("c", "1", at("10:00", 5), at("12:00", 5), km=30.0),
    ]
    report = utilisation([car("1"), car("2")], trips, WEEK)
    one, two = report.vehicles
    assert report.km_per_day[0].tolist() == [12.0, 0.5, 0, 0, 0, 30.0, 0]
    assert one.distance_km == 42.5
    assert one.roundtrips == 3
    assert one.days_used == 2
    assert one.working_days == 5
    assert one.share_of_working_days_used == pytest.approx(0.2)
    assert not one.is_idle
    assert two.is_idle
    assert report.idle_vehicle_ids == ("2",)


def test_time_away_counts_overlaps_once_and_splits_midnight() -> None:
    """Car 1: 08:00-14:00 and 12:00-16:00 (union 8 h = 480 min) on Monday, and
    22:00 Mon -> 04:00 Tue. Monday away = 480 + 120 = 600 min -> 600/1440;
    Tuesday 240 min -> 1/6. Week share = 840 / (7 × 1440)."""
    trips = [
        trip("a", "1", at("08:00"), at("14:00")),
        trip("b", "1", at("12:00"), at("16:00")),
        trip("c", "1", at("22:00"), at("04:00", 1)),
    ]
    report = utilisation([car("1")], trips, WEEK)
    assert report.away_share_per_day[0, 0] == pytest.approx(600 / 1440)
    assert report.away_share_per_day[0, 1] == pytest.approx(240 / 1440)
    assert report.vehicles[0].share_of_time_away == pytest.approx(840 / (7 * 1440))
    assert report.vehicles[0].share_of_shift_time_away is None


def test_shift_share_uses_only_shift_minutes() -> None:
    """Shift 07:00-15:00 (480 min/day). Car away 14:00-16:00 Monday: 60 min inside
    the shift -> Monday share 60/480 = 0.125; week share 60 / (7 × 480)."""
    trips = [trip("a", "1", at("14:00"), at("16:00"))]
    shifts = (Shift(time(7), time(15)),)
    report = utilisation([car("1")], trips, WEEK, shifts=shifts)
    assert report.shift_away_share_per_day is not None
    assert report.shift_away_share_per_day[0, 0] == pytest.approx(0.125)
    assert report.vehicles[0].share_of_shift_time_away == pytest.approx(60 / 3360)


def test_shift_windows_merge_and_cross_midnight() -> None:
    """07-15, 15-23 and 23-07 cover the whole day once."""
    shifts = (
        Shift(time(7), time(15)),
        Shift(time(15), time(23)),
        Shift(time(23), time(7)),
    )
    assert shift_windows(shifts) == [(0, 1440)]
    assert shift_windows((Shift(time(22), time(6)),)) == [(0, 360), (1320, 1440)]


def test_rows_for_export() -> None:
    """One activity row per vehicle-day: 1 vehicle × 7 days."""
    report = utilisation([car("1")], [trip("a", "1", at("08:00"), at("09:00"))], WEEK)
    rows = report.to_rows()
    assert len(rows["activity"]) == 7
    assert rows["activity"][0]["used"] is True
    assert rows["vehicles"][0]["distance_km"] == 10.0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 3 * 1440), st.integers(1, 900)),
        min_size=1,
        max_size=12,
    )
)
def test_time_away_equals_minute_count(items: list[tuple[int, int, int]]) -> None:
    """Per vehicle and day, minutes away = minutes covered by its trips (brute force),
    over a 3-day period; trips running past the period are cut at its end."""
    trips = [
        trip(str(i), str(v), DAY + timedelta(minutes=s), DAY + timedelta(minutes=s + d))
        for i, (v, s, d) in enumerate(items)
    ]
    period = Period(DAY, DAY + timedelta(days=3))
    report = utilisation([car("0"), car("1"), car("2")], trips, period)
    for v in range(3):
        for day in range(3):
            covered = sum(
                any(s <= m < s + d for vv, s, d in items if vv == v)
                for m in range(day * 1440, (day + 1) * 1440)
            )
            assert report.away_share_per_day[v, day] * 1440 == pytest.approx(covered)
