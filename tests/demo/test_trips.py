"""Cutting roundtrips into segments and building Roundtrip objects."""

from __future__ import annotations

from datetime import datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.demo.trips import TripArrays, build_roundtrips, cut_segments

ORIGIN = datetime(2026, 5, 1)


def _trips(rows: list[tuple[int, int, float, int]], speed: float = 30.0) -> TripArrays:
    n = len(rows)
    return TripArrays(
        vehicle=np.arange(n) % 2,
        location=np.zeros(n, dtype=np.int64),
        start_s=np.array([r[0] for r in rows], dtype=np.int64),
        end_s=np.array([r[1] for r in rows], dtype=np.int64),
        distance_km=np.array([r[2] for r in rows]),
        legs=np.array([r[3] for r in rows], dtype=np.int64),
        speed_kmh=np.full(n, speed),
    )


def test_one_leg_is_the_whole_roundtrip() -> None:
    trip, start, end, km = cut_segments(
        _trips([(100, 3_700, 12.345, 1)]), np.random.default_rng(0)
    )
    assert trip.tolist() == [0] and start.tolist() == [100] and end.tolist() == [3_700]
    assert km.tolist() == [12.345]


def test_driving_time_follows_km_and_speed() -> None:
    """10 km at 30 km/h = 1,200 s of driving in a 7,200 s roundtrip with 3 legs;
    the other 6,000 s are the two stops (rounding: at most 1 s per boundary)."""
    _, start, end, km = cut_segments(
        _trips([(0, 7_200, 10.0, 3)]), np.random.default_rng(1)
    )
    assert abs(int((end - start).sum()) - 1_200) <= 3
    assert round(float(km.sum()), 6) == 10.0
    assert start[0] == 0 and end[-1] == 7_200


def test_long_trip_drives_at_most_85_percent() -> None:
    """300 km at 30 km/h would take 36,000 s > 0.85 x 3,600 = 3,060 s of driving."""
    _, start, end, _ = cut_segments(
        _trips([(0, 3_600, 300.0, 2)]), np.random.default_rng(2)
    )
    assert abs(int((end - start).sum()) - 3_060) <= 2


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**6),
            st.integers(60, 40_000),
            st.floats(0.5, 400.0),
            st.integers(1, 12),
        ),
        min_size=1,
        max_size=20,
    ),
    st.integers(0, 10**6),
)
def test_segments_fit_their_roundtrip(
    rows: list[tuple[int, int, float, int]], seed: int
) -> None:
    """Property: in order, inside the roundtrip, km add up (0.01 km), km >= 0."""
    trips = _trips([(s, s + d, round(km, 3), legs) for s, d, km, legs in rows])
    built = build_roundtrips(
        trips, ["a", "b"], ["1"], ORIGIN, np.random.default_rng(seed)
    )
    assert len(built) == len(rows)
    assert [r.roundtrip_id for r in built] == [str(i + 1) for i in range(len(rows))]
    assert [r.start_time for r in built] == sorted(r.start_time for r in built)
    for r in built:
        assert r.segments[0].start_time == r.start_time
        assert r.segments[-1].end_time == r.end_time
        for a, b in zip(r.segments, r.segments[1:], strict=False):
            assert a.end_time <= b.start_time
        assert all(s.distance_km >= 0 for s in r.segments)
        assert abs(sum(s.distance_km for s in r.segments) - r.distance_km) <= 0.01


def test_without_segments() -> None:
    built = build_roundtrips(
        _trips([(0, 600, 3.0, 2)]), ["a"], ["1"], ORIGIN, np.random.default_rng(0),
        with_segments=False,
    )  # fmt: skip
    assert built[0].segments == ()
    assert built[0].end_time == datetime(2026, 5, 1, 0, 10)
