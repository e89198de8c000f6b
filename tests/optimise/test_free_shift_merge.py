"""Shift merging by the shift a roundtrip spends most time in (issue 7, ``free``).

Hand-made day, shifts 07-15 / 15-23 / 23-07, 4 min turnaround. Minutes count from
2026-03-02 00:00 (``rt``).
"""

from __future__ import annotations

from datetime import date, datetime, time

from fleetplan.domain import Period, RunSettings, Shift
from fleetplan.simulate.engine import allocate
from fleetplan.simulate.fleet import FleetEntry
from fleetplan.simulate.problem import build_problem
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.trips import build_trips, shift_of
from tests.simulate.helpers import ice, rt

SHIFTS = (
    Shift(time(7), time(15), time(12)),
    Shift(time(15), time(23)),
    Shift(time(23), time(7)),
)
DAY = date(2026, 3, 2)


def _at(h: int, m: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 3, day, h, m)


def test_a_roundtrip_goes_to_the_shift_it_spends_most_time_in() -> None:
    """14:50-17:00 has 10 min in the day shift and 120 in the evening: evening.
    14:00-16:00 has 60 + 60: the tie goes to the earlier (day). 22:30-01:00 has 30
    min evening, 60 night: the night shift begun on the 2nd. None outside shifts."""
    assert shift_of(_at(14, 50), _at(17), SHIFTS) == (1, DAY)
    assert shift_of(_at(14), _at(16), SHIFTS) == (0, DAY)
    assert shift_of(_at(22, 30), _at(1, 0, day=3), SHIFTS) == (2, DAY)
    assert shift_of(_at(16), _at(17), SHIFTS[:1]) is None
    # zero length: by its start (old rule), so it still joins its shift
    assert shift_of(_at(15), _at(15), SHIFTS) == (1, DAY)


def test_the_late_afternoon_trip_joins_the_evening_lock() -> None:
    """Car A: 07:30-08:00 (day), 14:50-17:00 and 17:30-18:00 (evening). The day
    lock is 07:30-08:00 and the evening one 14:50-18:00 (by start the day lock would
    run 07:30-17:00)."""
    trips = build_trips(
        [
            rt("a1", 450, 480, 5.0, "A"),
            rt("a2", 890, 1020, 30.0, "A"),
            rt("a3", 1050, 1080, 4.0, "A"),
        ],
        SHIFTS,
    )
    assert trips.roundtrip_ids == (("a1",), ("a2", "a3"))
    assert list(trips.start_min) == [450.0, 890.0]
    assert list(trips.end_min) == [480.0, 1080.0]
    assert list(trips.distance_km) == [5.0, 34.0]


def test_one_car_serves_both_cars_work_when_locks_follow_the_shifts() -> None:
    """Car A: 07:30-08:00 and 14:50-17:00; car B: 09:00-14:40. Locks 07:30-08:00,
    14:50-17:00 and 09:00-14:40 (+4 min turnaround: free at 14:44) never overlap, so
    one car drives all three; by start A's lock 07:30-17:00 would need two cars."""
    roundtrips = [
        rt("a1", 450, 480, 5.0, "A"),
        rt("a2", 890, 1020, 30.0, "A"),
        rt("b1", 540, 880, 20.0, "B"),
    ]
    problem = build_problem(
        roundtrips,
        [FleetEntry(ice("car"), 1)],
        current_vehicles=(),
        settings=RunSettings(4.0, shifts=SHIFTS),
        period=Period(datetime(2026, 3, 2), datetime(2026, 3, 3)),
        cost_per_km=lambda v: 1.0,
        external_cost=lambda km, s, e, v: 1000.0,
    )
    assert problem.num_trips == 3
    result = allocate(problem, AllocationParams(limit_km=False))
    assert result.num_unallocated == 0
