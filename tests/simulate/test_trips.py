"""Trip selection and shift merging."""

from __future__ import annotations

from datetime import datetime, time

import numpy as np

from fleetplan.domain import Period, Shift
from fleetplan.simulate.trips import build_trips, select_roundtrips, shift_key
from tests.simulate.helpers import T0, rt

SHIFTS = (
    Shift(time(7), time(15), time(12)),
    Shift(time(15), time(23)),
    Shift(time(23), time(7)),
)


def test_without_shifts_each_roundtrip_is_a_trip_sorted_by_start() -> None:
    """Two roundtrips give two trips, ordered by start; minutes from midnight."""
    trips = build_trips([rt("b", 600, 660, 5.0), rt("a", 480, 540, 3.0)])
    assert trips.trip_ids == ("a", "b")
    assert np.array_equal(trips.start_min, [480.0, 600.0])
    assert np.array_equal(trips.end_min, [540.0, 660.0])
    assert trips.origin == T0


def test_shift_merges_one_vehicles_roundtrips_within_the_shift() -> None:
    """08:00-09:00 (3 km) and 13:00-14:00 (4 km) of one car in the 07-15 shift become
    one trip 08:00-14:00 of 7 km; another car's trip and a 16:00 trip stay apart."""
    trips = build_trips(
        [
            rt("1", 480, 540, 3.0, "A"),
            rt("2", 780, 840, 4.0, "A"),
            rt("3", 500, 520, 1.0, "B"),
            rt("4", 960, 1000, 2.0, "A"),
        ],
        SHIFTS,
    )
    assert trips.trip_ids == ("1", "3", "4")
    assert trips.roundtrip_ids[0] == ("1", "2")
    assert np.array_equal(trips.start_min, [480.0, 500.0, 960.0])
    assert np.array_equal(trips.end_min, [840.0, 520.0, 1000.0])
    assert np.allclose(trips.distance_km, [7.0, 1.0, 2.0])


def test_night_shift_crosses_midnight() -> None:
    """23:30 on day 0 and 02:00 on day 1 of one car are one night-shift trip; the
    02:00 start belongs to the shift that began at 23:00 the day before."""
    assert shift_key(datetime(2026, 3, 3, 2, 0), SHIFTS) == (2, T0.date())
    assert (
        shift_key(datetime(2026, 3, 3, 23, 0), SHIFTS)[1] == datetime(2026, 3, 3).date()
    )
    trips = build_trips(
        [rt("n1", 23 * 60 + 30, 24 * 60, 10.0), rt("n2", 26 * 60, 27 * 60, 5.0)],
        SHIFTS,
    )
    assert trips.roundtrip_ids == (("n1", "n2"),)
    assert trips.end_min[0] == 27 * 60


def test_start_outside_every_shift_stays_alone() -> None:
    """With one 07-15 shift, two 16:00/17:00 roundtrips of one car stay two trips."""
    trips = build_trips(
        [rt("x", 960, 970, 1.0), rt("y", 1020, 1030, 1.0)], (SHIFTS[0],)
    )
    assert len(trips) == 2


def test_select_by_period_and_location() -> None:
    """The period end is inclusive for starts; other locations are dropped."""
    rts = [
        rt("a", 60, 70, 1.0),
        rt("b", 120, 130, 1.0, location="L2"),
        rt("c", 180, 190, 1.0),
    ]
    period = Period(datetime(2026, 3, 2, 1, 0), datetime(2026, 3, 2, 3, 0))
    assert [r.roundtrip_id for r in select_roundtrips(rts, period, ["L1"])] == [
        "a",
        "c",
    ]
    assert [r.roundtrip_id for r in select_roundtrips(rts, None, None)] == [
        "a",
        "b",
        "c",
    ]
