"""The moving window's ends found by stepping report by report are the binary
search's, for sparse logs, dense logs (the search takes over) and every vehicle
boundary."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fleetplan.ingest.gps.trip_windows import (
    _WALK_REPORTS,
    _first_at_or_above,
    _last_at_or_below,
    _within_run,
)


@st.composite
def keys(draw: st.DrawFn) -> tuple[np.ndarray, float]:
    """Sorted keys as ``_moving`` builds them (vehicle * 1e10 + seconds), with
    report gaps on and around the window (ties at exactly one window too)."""
    window_s = draw(st.sampled_from([1.0, 30.0, 60.0, 600.0]))
    gaps = draw(
        st.lists(
            st.sampled_from([0.0, 0.25, 1.0, window_s / 3, window_s, 61.5, 3600.0]),
            max_size=80,
        )
    )
    cuts = draw(st.lists(st.integers(0, len(gaps)), max_size=3))
    vehicles = np.searchsorted(np.sort(cuts), np.arange(len(gaps)), side="right")
    key = vehicles.astype(np.float64) * 1e10 + np.cumsum(gaps)
    return np.sort(key), window_s


@settings(max_examples=300, deadline=None)
@given(case=keys())
def test_window_ends_equal_the_binary_search(case: tuple[np.ndarray, float]) -> None:
    key, window_s = case
    low, high = key - window_s, key + window_s
    expected_below = np.searchsorted(key, low, side="right") - 1
    np.testing.assert_array_equal(_last_at_or_below(key, low), expected_below)
    expected_above = np.searchsorted(key, high, side="left")
    np.testing.assert_array_equal(_first_at_or_above(key, high), expected_above)


def test_a_dense_log_reaches_past_the_walk() -> None:
    """One report a second with a 60 s window: 60 reports inside, far more than
    the walk steps; the search finishes those points."""
    key = np.arange(200, dtype=np.float64)
    below = _last_at_or_below(key, key - 60.0)
    above = _first_at_or_above(key, key + 60.0)
    assert _WALK_REPORTS < 60
    assert below[100] == 40 and above[100] == 160
    assert below[3] == -1 and above[195] == 200
    np.testing.assert_array_equal(below, np.maximum(np.arange(200) - 60, -1))
    np.testing.assert_array_equal(above, np.minimum(np.arange(200) + 60, 200))


@settings(max_examples=300, deadline=None)
@given(case=keys())
def test_ends_kept_in_their_run_as_by_the_runs_bounds(
    case: tuple[np.ndarray, float],
) -> None:
    """Clipping in place by the run flags gives max(before, run's first point)
    and min(after, run's last point), at every vehicle boundary."""
    key, window_s = case
    if key.size == 0:
        return
    group = np.floor(key / 1e10).astype(np.int64)
    group = np.unique(group, return_inverse=True)[1].ravel()  # runs 0, 1, ...
    first = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    last = np.r_[first[1:] - 1, key.size - 1]
    before = _last_at_or_below(key, key - window_s)
    after = _first_at_or_above(key, key + window_s)
    expected = np.maximum(before, first[group]), np.minimum(after, last[group])
    _within_run(before, after, np.r_[False, group[1:] == group[:-1], False])
    np.testing.assert_array_equal(before, expected[0])
    np.testing.assert_array_equal(after, expected[1])
