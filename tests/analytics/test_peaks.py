"""Peak concurrency: hand-checked cases, brute force, and the reference dataset."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.analytics.peaks import (
    concurrency_steps,
    peak_concurrency,
    vehicles_for_coverage,
)
from fleetplan.domain import Period
from fleetplan.ingest import read_dataset
from tests.analytics.helpers import DAY, at, trip
from tests.conftest import reference_path


def test_three_overlapping_trips_give_peak_three_for_exact_minutes() -> None:
    """A 08:00-10:00, B 09:00-11:00, C 09:30-09:45 on three cars.

    Level 3 only on 09:30-09:45 = 15 min; level 2 on 09:00-09:30 and 09:45-10:00 =
    45 min; level 1 on 08:00-09:00 and 10:00-11:00 = 120 min; level 0 the rest of
    the day: 1440 - 180 = 1260 min.
    """
    trips = [
        trip("a", "1", at("08:00"), at("10:00")),
        trip("b", "2", at("09:00"), at("11:00")),
        trip("c", "3", at("09:30"), at("09:45")),
    ]
    report = peak_concurrency(trips, Period(DAY, DAY + timedelta(days=1)))
    (loc,) = report.locations
    assert loc.location_id == "L1"
    assert loc.max_concurrent == 3
    assert loc.minutes_at_level == (1260, 120, 45, 15)
    assert loc.first_peak_at == at("09:30")
    assert loc.peak_hours == (9,)
    assert loc.hour_max[8:12] == (1, 3, 1, 0)
    # hour 9: 30 min at 2, 15 at 3, 15 at 2 -> (60 + 45 + 30) / 60 = 2.25
    assert loc.hour_mean[9] == 2.25


def test_overlapping_trips_of_one_vehicle_count_once() -> None:
    """Car 1 has two overlapping trips 08-10 and 09-11, car 2 drives 09-09:30.

    Car 1 counts once, so the peak is 2 (09:00-09:30 = 30 min), not 3.
    """
    trips = [
        trip("a", "1", at("08:00"), at("10:00")),
        trip("b", "1", at("09:00"), at("11:00")),
        trip("c", "2", at("09:00"), at("09:30")),
    ]
    (loc,) = peak_concurrency(trips, Period(DAY, DAY + timedelta(days=1))).locations
    assert loc.max_concurrent == 2
    assert loc.minutes_at_level[2] == 30
    assert loc.minutes_at_level[1] == 180 - 30


def test_trip_crossing_midnight_counts_on_both_days() -> None:
    """Car 1 22:00 day 0 -> 02:00 day 1, car 2 01:00-01:30 day 1.

    Day 0 max 1 (22-24), day 1 max 2 (01:00-01:30); seconds are floored/ceiled.
    """
    trips = [
        trip("a", "1", at("22:00"), at("02:00", day=1)),
        trip("b", "2", at("01:00", day=1), at("01:30", day=1) + timedelta(seconds=5)),
    ]
    report = peak_concurrency(trips, Period(DAY, DAY + timedelta(days=2)))
    (loc,) = report.locations
    assert [m for _, m in loc.daily_max] == [1, 2]
    # level 2 from 01:00 to 01:31 (01:30:05 is ceiled to 01:31)
    assert loc.minutes_at_level[2] == 31
    assert sum(loc.minutes_at_level) == 2 * 1440


def test_locations_and_pools_are_counted_apart_and_together() -> None:
    """Cars at L1 and L2 both away 09-10: 1 at each location, 2 in the pool."""
    trips = [
        trip("a", "1", at("09:00"), at("10:00"), location="L1"),
        trip("b", "2", at("09:00"), at("10:00"), location="L2"),
    ]
    period = Period(DAY, DAY + timedelta(days=1))
    apart = peak_concurrency(trips, period)
    assert [(p.location_id, p.max_concurrent) for p in apart.locations] == [
        ("L1", 1),
        ("L2", 1),
    ]
    assert apart.overall.max_concurrent == 2
    pooled = peak_concurrency(trips, period, pool_of_location={"L1": "P", "L2": "P"})
    assert [(p.location_id, p.max_concurrent) for p in pooled.locations] == [("P", 2)]


def test_vehicles_for_coverage_ranks_used_days() -> None:
    """Maxima [0, 1, 2, 2, 5]: the 0-day is ignored; 100 % -> 5, 95 % -> 4th = 5,
    75 % -> 3rd = 2, 50 % -> 2nd = 2, 25 % -> 1st = 1."""
    maxima = [0, 1, 2, 2, 5]
    assert vehicles_for_coverage(maxima, 1.0) == 5
    assert vehicles_for_coverage(maxima, 0.95) == 5
    assert vehicles_for_coverage(maxima, 0.75) == 2
    assert vehicles_for_coverage(maxima, 0.5) == 2
    assert vehicles_for_coverage(maxima, 0.25) == 1
    assert vehicles_for_coverage([0, 0], 0.95) == 0


def test_coverage_over_days_of_a_report() -> None:
    """Day 0 two cars at once, day 1 one car: 100 % needs 2, 50 % needs 1."""
    trips = [
        trip("a", "1", at("09:00"), at("10:00")),
        trip("b", "2", at("09:30"), at("10:30")),
        trip("c", "1", at("09:00", day=1), at("10:00", day=1)),
    ]
    report = peak_concurrency(trips, Period(DAY, DAY + timedelta(days=2)))
    assert report.overall.vehicles_for_coverage["100%"] == 2
    assert report.overall.vehicles_for_coverage["95%"] == 2
    assert vehicles_for_coverage([m for _, m in report.overall.daily_max], 0.5) == 1


intervals = st.tuples(
    st.integers(0, 4), st.integers(0, 2_000), st.integers(0, 400)
).map(lambda t: (t[0], t[1], t[1] + t[2]))


@settings(max_examples=60, deadline=None)
@given(st.lists(intervals, min_size=1, max_size=25))
def test_sweep_equals_minute_by_minute_count(
    items: list[tuple[int, int, int]],
) -> None:
    """At every minute the level equals the number of distinct vehicles away."""
    vehicle = np.array([v for v, _, _ in items], dtype=np.int64)
    start = np.array([s for _, s, _ in items], dtype=np.int64)
    end = np.array([e for _, _, e in items], dtype=np.int64)
    times, levels = concurrency_steps(vehicle, start, end)
    for minute in range(0, 2_401):
        away = {v for v, s, e in items if s <= minute < e}
        index = np.searchsorted(times, minute, side="right") - 1
        swept = int(levels[index]) if index >= 0 else 0
        assert swept == len(away)


@settings(max_examples=30, deadline=None)
@given(st.lists(intervals, min_size=1, max_size=15))
def test_distribution_sums_to_period_and_max_matches(
    items: list[tuple[int, int, int]],
) -> None:
    """Minutes at all levels add up to the period; the max equals brute force."""
    trips = [
        trip(str(i), str(v), DAY + timedelta(minutes=s), DAY + timedelta(minutes=e))
        for i, (v, s, e) in enumerate(items)
    ]
    period = Period(DAY, DAY + timedelta(days=2))
    (loc,) = peak_concurrency(trips, period).locations
    brute = [len({v for v, s, e in items if s <= m < e}) for m in range(2 * 1440)]
    assert sum(loc.minutes_at_level) == 2 * 1440
    assert loc.max_concurrent == max(brute)
    for level, minutes in enumerate(loc.minutes_at_level):
        assert minutes == brute.count(level)


def test_synth_50v_60d_peak_matches_meta() -> None:
    """meta.json stats.peak_concurrent_roundtrips = 33 (no vehicle overlaps itself
    there, so counting roundtrips and counting vehicles agree)."""
    data = read_dataset(reference_path("synth_50v_60d"))
    report = peak_concurrency(data.roundtrips)
    assert (
        report.overall.max_concurrent
        == data.meta["stats"]["peak_concurrent_roundtrips"]
    )
    assert report.period.start == datetime(2026, 3, 2)
    assert sum(report.overall.minutes_at_level) == 60 * 1440


def test_period_starting_mid_hour_cuts_at_clock_hours() -> None:
    """Period 08:30 -> next day 08:30; one car 08:00-10:00 and one 09:45-10:15.

    Clipped to the period: 08:30-10:00 and 09:45-10:15. Hour 9 (09:00-10:00) holds
    45 min at 1 and 15 min at 2 -> mean 1.25; hour 8 is 08:30-09:00 on day 0 (at 1)
    and 08:00-08:30 on day 1 (at 0) -> mean 0.5; level 2 lasts 15 min; day 1 has no
    trips.
    """
    trips = [
        trip("a", "1", at("08:00"), at("10:00")),
        trip("b", "2", at("09:45"), at("10:15")),
    ]
    period = Period(at("08:30"), at("08:30", 1))
    (loc,) = peak_concurrency(trips, period).locations
    assert loc.hour_mean[8] == 0.5
    assert loc.hour_mean[9] == 1.25
    assert loc.minutes_at_level == (1440 - 105, 90, 15)
    assert [m for _, m in loc.daily_max] == [2, 0]
