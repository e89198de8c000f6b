"""Whether each GPS point moves: its displacement over the time window
[t - window_s, t + window_s] (within its own vehicle) at ``moving_kmh`` or more.

Trip splitting takes the log in blocks of whole vehicles (``geo.block_bounds``):
the same elementwise arithmetic on the same inputs as over the whole log, so the
answer is the same bit for bit.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from fleetplan.ingest.gps.geo import step_m_between
from fleetplan.ingest.gps.settings import GpsSettings

# Reports a window reaches before a binary search is cheaper than stepping on.
_WALK_REPORTS = 8


def _last_at_or_below(
    key: NDArray[np.float64], low: NDArray[np.float64]
) -> NDArray[np.int64]:
    """``searchsorted(key, low, side="right") - 1`` for a sorted ``key`` and
    ``low < key``: step back one report at a time while the report lies above
    ``low`` (a few steps: a window holds a few reports), the same comparisons as
    the search, at a fifth of its cost; a binary search only for the points of
    a dense log still inside after ``_WALK_REPORTS`` reports."""
    below = np.arange(-1, key.size - 1)
    inside = np.zeros(0, dtype=bool)
    for k in range(1, _WALK_REPORTS + 1):
        inside = key[:-k] > low[k:]  # report i - k is above point i's low end
        if not inside.any():
            return below
        below[k:] -= inside
    rest = np.flatnonzero(inside) + _WALK_REPORTS
    below[rest] = np.searchsorted(key, low[rest], side="right") - 1
    return below


def _first_at_or_above(
    key: NDArray[np.float64], high: NDArray[np.float64]
) -> NDArray[np.int64]:
    """``searchsorted(key, high, side="left")`` for a sorted ``key`` and
    ``high > key``, stepping forward as ``_last_at_or_below`` steps back."""
    above = np.arange(1, key.size + 1)
    inside = np.zeros(0, dtype=bool)
    for k in range(1, _WALK_REPORTS + 1):
        inside = key[k:] < high[:-k]  # report i + k is below point i's high end
        if not inside.any():
            return above
        above[:-k] += inside
    rest = np.flatnonzero(inside)
    above[rest] = np.searchsorted(key, high[rest], side="left")
    return above


def _within_run(
    before: NDArray[np.int64], after: NDArray[np.int64], same: NDArray[np.bool_]
) -> None:
    """The window's ends kept in each point's own run, in place: the maximum
    with the run's first point and the minimum with its last, without two index
    arrays as long as the log. ``same[i]``: point i is in point i-1's run (False
    at 0 and at n). Runs' keys lie 1e10 apart, so an end overshoots by one
    point at most: ``before`` onto the last point of the run before (then
    ``before + 1`` starts a run), ``after`` onto the first of the next."""
    before += 1
    before -= same[before]
    after -= ~same[after]


def block_moving(
    group: NDArray[np.int64],
    t_s: NDArray[np.float64],
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    cos: NDArray[np.float64],
    settings: GpsSettings,
) -> NDArray[np.bool_]:
    """Whether each point of a block of whole vehicles moves over its time
    window (within its own vehicle): ``group`` numbers the vehicles' runs with
    consecutive numbers (any first one), ``t_s`` are seconds."""
    key = group.astype(np.float64)
    key *= 1e10
    key += t_s
    same = np.r_[False, group[1:] == group[:-1], False]  # one past the end too
    first = np.flatnonzero(~same[:-1])
    last = np.r_[first[1:] - 1, key.size - 1]
    scratch = np.subtract(key, settings.window_s)  # reused below: fewer new pages
    before = _last_at_or_below(key, scratch)
    after = _first_at_or_above(key, np.add(key, settings.window_s, out=scratch))
    _within_run(before, after, same)
    # sparse reports: do not reach further than the neighbour when it is already
    # more than a window away (keeps a short last leg before a quiet stop moving)
    # (each end's time gathered once, and again only where the end moved)
    far_s = 2 * settings.window_s
    t_after = t_s[after]
    far = np.flatnonzero(np.subtract(t_after, t_s, out=scratch) > far_s)
    run = group - group[0]  # the runs' numbers here, to look up their bounds
    after[far] = np.minimum(far + 1, last[run[far]])
    t_after[far] = t_s[after[far]]
    t_before = np.take(t_s, before, out=key, mode="clip")
    far = np.flatnonzero(np.subtract(t_s, t_before, out=scratch) > far_s)
    before[far] = np.maximum(far - 1, first[run[far]])
    t_before[far] = t_s[before[far]]
    duration_s = t_after
    duration_s -= t_before
    disp_m = step_m_between(
        lat, lon, cos, before, after, out=scratch, spare=key, scratch=np.empty_like(key)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        disp_m /= duration_s
    disp_m *= 3.6  # the speed in km/h where the window has a duration
    moving = disp_m >= settings.moving_kmh
    moving &= duration_s > 0
    return moving
