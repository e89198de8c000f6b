"""Weekday × hour activity on a few hand-made trips."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from fleetplan.analytics.activity import activity
from fleetplan.domain import Period
from tests.analytics.helpers import at, trip

# 2026-03-04 is a Wednesday; two weeks from it
TWO_WEEKS = Period(datetime(2026, 3, 4), datetime(2026, 3, 18))


def test_a_vehicle_counts_once_where_its_trips_overlap() -> None:
    """Car A has 10:00-11:00 and 10:30-11:30 (merged: 10:00-11:30); car B
    10:00-10:30. Wednesday 10-11: A 60 + B 30 = 90 vehicle-minutes over two
    Wednesdays of 60 minutes -> 0.75; 11-12: A 30 / 120 -> 0.25."""
    trips = [
        trip("1", "A", at("10:00", 2), at("11:00", 2)),
        trip("2", "A", at("10:30", 2), at("11:30", 2)),
        trip("3", "B", at("10:00", 2), at("10:30", 2)),
    ]
    report = activity(trips, TWO_WEEKS, vehicles=2)
    assert list(report.days_of_weekday) == [2] * 7
    wednesday = 2
    assert report.mean_away[wednesday, 10] == pytest.approx(0.75)
    assert report.mean_away[wednesday, 11] == pytest.approx(0.25)
    assert report.mean_away.sum() == pytest.approx(1.0)
    assert report.trip_starts[wednesday, 10] == 3
    # hour 10 over 14 days: 90 / (14 × 60) vehicles, of 2 cars
    assert report.hour_share_of_vehicles[10] == pytest.approx(90 / 840 / 2)
    assert report.hour_share_of_trips[10] == 1.0


def test_a_trip_past_midnight_counts_on_both_days() -> None:
    """Thursday 23:30 to Friday 00:30: half an hour in Thursday 23-24 and in
    Friday 00-01, each averaged over the period's two Thursdays/Fridays."""
    night = [trip("n", "A", at("23:30", 3), at("00:30", 4))]
    report = activity(night, TWO_WEEKS, vehicles=1)
    assert report.mean_away[3, 23] == pytest.approx(30 / 120)
    assert report.mean_away[4, 0] == pytest.approx(30 / 120)
    assert report.trip_starts.sum() == 1


def test_trips_outside_the_period_are_left_out() -> None:
    before = [trip("b", "A", at("08:00", 0), at("09:00", 0))]  # Monday 2 March
    report = activity(before, TWO_WEEKS, vehicles=1)
    assert report.mean_away.sum() == 0.0
    assert report.trip_starts.sum() == 0
    assert np.all(report.hour_share_of_trips == 0.0)
    empty = activity([], TWO_WEEKS, vehicles=0)
    assert np.all(empty.hour_share_of_vehicles == 0.0)
