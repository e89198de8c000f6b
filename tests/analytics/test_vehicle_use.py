"""Which cars can go: hours in use, TCO per km, hourly availability, trip lists."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fleetplan.analytics.vehicle_use import availability, vehicle_trips, vehicle_use
from fleetplan.domain import Period
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set, tco
from tests.analytics.helpers import DAY, at, car, trip

WEEK = Period(DAY, DAY + timedelta(days=7))


def test_hours_in_use_count_overlaps_once_and_tco_per_km_annualises() -> None:
    """Car 1: 08:00-10:00 and 09:00-11:00 overlap -> 3 h away, 20 km in 7 days.
    TCO/km = tco(car, 20 × 365 / 7 km a year) per km. Car 2: no km -> no TCO/km."""
    factors = get_builtin_factor_set(DEFAULT_FACTOR_SET_NAME)
    one, two = car("1"), car("2", location="L2")
    trips = [
        trip("a", "1", at("08:00"), at("10:00"), km=10.0),
        trip("b", "1", at("09:00"), at("11:00"), km=10.0),
    ]
    first, second = vehicle_use([one, two], trips, WEEK, factors)
    assert first.hours_in_use == pytest.approx(3.0)
    assert first.distance_km == 20.0 and first.trips == 2 and first.days_used == 1
    expected = tco(one, 20.0 * 365 / 7, factors).total_dkk_per_km
    assert first.tco_dkk_per_km == pytest.approx(expected)
    assert first.category == "car" and not first.is_idle
    assert second.tco_dkk_per_km is None and second.is_idle
    assert second.hours_in_use == 0.0


def test_availability_counts_a_vehicle_busy_in_every_hour_it_touches() -> None:
    """L1 has cars 1 and 2; car 1 is away 08:50-09:10, so 08 and 09 have one
    free car and every other hour two; L2's car 3 is away 10:00-11:00 only."""
    trips = [
        trip("a", "1", at("08:50"), at("09:10")),
        trip("b", "3", at("10:00"), at("11:00"), location="L2"),
    ]
    fleet = [car("1"), car("2"), car("3", location="L2")]
    result = availability(fleet, trips, Period(DAY, DAY + timedelta(days=1)))
    assert result.location_ids == ("L1", "L2")
    assert result.vehicles == (2, 1)
    l1, l2 = result.free.tolist()
    assert [h for h, n in enumerate(l1) if n < 2] == [8, 9]
    assert [h for h, n in enumerate(l2) if n < 1] == [10]
    assert result.hour(9) == at("09:00")


def test_vehicle_trips_are_the_vehicles_own_in_the_period_by_start() -> None:
    trips = [
        trip("late", "1", at("12:00"), at("13:00")),
        trip("early", "1", at("07:00"), at("08:00")),
        trip("other", "2", at("07:00"), at("08:00")),
        trip("next_week", "1", at("07:00", 8), at("08:00", 8)),
    ]
    chosen = vehicle_trips(trips, "1", WEEK)
    assert [r.roundtrip_id for r in chosen] == ["early", "late"]
