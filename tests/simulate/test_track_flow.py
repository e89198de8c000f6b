"""``track_values``: the most weight k vehicles can carry, against enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.simulate.track_flow import track_values


def _depth(start: list[float], end: list[float]) -> int:
    """Most half-open intervals [s, e) that contain one moment."""
    return max(
        (sum(s <= t < e for s, e in zip(start, end, strict=True)) for t in start),
        default=0,
    )


def _brute(start, end, weight, k: int) -> int:
    best = 0
    n = len(start)
    for r in range(n + 1):
        for chosen in itertools.combinations(range(n), r):
            s = [start[i] for i in chosen if end[i] > start[i]]
            e = [end[i] for i in chosen if end[i] > start[i]]
            if _depth(s, e) <= k:
                best = max(best, sum(weight[i] for i in chosen))
    return best


def _lane(start, end, weight):
    return (
        np.asarray(start, dtype=np.float64),
        np.asarray(end, dtype=np.float64),
        np.asarray(weight, dtype=np.int64),
    )


def test_hand_checked_lane() -> None:
    """[0,10) 5, [5,15) 3, [10,20) 4, [12,18) 2. One vehicle: [0,10)+[10,20) = 9
    (touching is no overlap). Two: all but [12,18) (12-15 is 3 deep with it) = 12.
    Three: all = 14. A zero-length interval (weight 7) counts at every level."""
    lane = _lane([0, 5, 10, 12], [10, 15, 20, 18], [5, 3, 4, 2])
    assert track_values([lane], [3])[0].tolist() == [9, 12, 14]
    with_point = _lane([0, 5, 10, 12, 3], [10, 15, 20, 18, 3], [5, 3, 4, 2, 7])
    assert track_values([with_point], [2])[0].tolist() == [16, 19]


def test_levels_beyond_depth_repeat_the_total() -> None:
    """Two disjoint intervals: one vehicle carries both, so every level = 11."""
    lane = _lane([0, 10], [10, 20], [5, 6])
    assert track_values([lane], [4])[0].tolist() == [11, 11, 11, 11]


def test_lanes_are_independent_and_levels_per_lane() -> None:
    """The same lanes solved together or one by one give the same values."""
    a = _lane([0, 5, 10, 12], [10, 15, 20, 18], [5, 3, 4, 2])
    b = _lane([0, 0, 0], [5, 5, 5], [1, 2, 3])
    empty = _lane([], [], [])
    together = track_values([a, b, empty], [3, 2, 0])
    assert together[0].tolist() == [9, 12, 14]
    assert together[1].tolist() == [3, 5]  # the heaviest one, then two
    assert together[2].tolist() == []


def test_negative_weights_are_rejected() -> None:
    with pytest.raises(ValueError):
        track_values([_lane([0], [1], [-1])], [1])


interval = st.tuples(
    st.integers(0, 40), st.integers(0, 15), st.integers(0, 50)
)  # start, length, weight


@settings(max_examples=60, deadline=None)
@given(
    lanes=st.lists(st.lists(interval, max_size=7), min_size=1, max_size=3),
    levels=st.lists(st.integers(0, 4), min_size=3, max_size=3),
)
def test_matches_enumeration(lanes, levels) -> None:
    """Every lane's M_k equals the best subset overlapping at most k deep."""
    built = [
        _lane(
            [s for s, _, _ in lane], [s + d for s, d, _ in lane], [w for *_, w in lane]
        )
        for lane in lanes
    ]
    got = track_values(built, levels[: len(lanes)])
    for lane, values, want in zip(lanes, got, levels, strict=False):
        start = [float(s) for s, _, _ in lane]
        end = [float(s + d) for s, d, _ in lane]
        weight = [w for *_, w in lane]
        expected = [_brute(start, end, weight, k) for k in range(1, want + 1)]
        assert values.tolist() == expected
