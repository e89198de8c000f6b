"""The per-point passes taken in blocks of whole vehicles (``geo.block_bounds``)
give the whole log's answer bit for bit, at every block size, on a truck-shaped
trace with speed spikes at and near vehicle boundaries."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import polars as pl
import pytest

from fleetplan.ingest.gps import TraceOptions, generate_trace, truck_days
from fleetplan.ingest.gps.clean import PointArrays, _spikes, clean_point_arrays
from fleetplan.ingest.gps.geo import block_bounds
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.trip_windows import block_moving
from fleetplan.ingest.gps.trips import _drive

WHOLE = 10**9  # block size of one block: the whole log
SIZES = [1, 2, 7, 100, 997]


@pytest.fixture(scope="module")
def points() -> pl.DataFrame:
    """Six trucks over four days, reports every 15 s to 2 min (sorted)."""
    schedule = truck_days(6, 4, seed=3)
    options = TraceOptions(sample_s=(15.0, 120.0), irregular=True)
    return generate_trace(schedule.all, {"yard": (55.70, 12.40)}, 4, options)


def _with_spikes(points: pl.DataFrame) -> PointArrays:
    """The points' arrays with jumps of 0.3 degrees on each vehicle's first
    and last point and every 401st point (reached and left too fast)."""
    arrays = PointArrays.of(points)
    heads = np.flatnonzero(~arrays.same)
    rows = np.r_[heads, heads[1:] - 1, points.height - 1]
    rows = np.r_[rows, np.arange(5, points.height, 401)]
    lat = arrays.lat.copy()
    lat[rows] += 0.3
    cos = np.cos(np.radians(lat))
    return PointArrays(arrays.group, arrays.same, arrays.t_us, lat, arrays.lon, cos)


def test_blocks_hold_whole_runs() -> None:
    """Bounds start at 0, end at n, rise, and each cut is a run's first row at
    or after a multiple of the size; a run longer than the size is one block."""
    group = np.repeat(np.arange(6), [3, 1, 9, 2, 2, 5])
    starts = {0, 3, 4, 13, 15, 17}
    for size in (1, 2, 4, 10, 100):
        bounds = block_bounds(group, size)
        assert bounds[0] == 0 and bounds[-1] == group.size
        assert all(a < b for a, b in pairwise(bounds))
        assert set(bounds[:-1]) <= starts
        expected = sorted(
            {min(s for s in starts | {22} if s >= m) for m in range(size, 22, size)}
        )
        assert bounds == [0, *[c for c in expected if c < 22], 22]
    assert block_bounds(group, 4) == [0, 4, 13, 17, 22]
    assert block_bounds(np.zeros(0, dtype=np.int64), 4) == [0, 0]


def test_moving_in_blocks_is_the_whole_logs(points: pl.DataFrame) -> None:
    arrays = PointArrays.of(points)
    t_s = arrays.t_us.astype(np.float64)
    t_s -= float(arrays.t_us.min())
    t_s /= 1e6
    columns = (arrays.group, t_s, arrays.lat, arrays.lon, arrays.cos)
    whole = block_moving(*columns, GpsSettings())
    assert 0 < whole.sum() < whole.size  # some points drive, some stand
    for size in SIZES:
        moving = np.concatenate(
            [
                block_moving(*(c[lo:hi] for c in columns), GpsSettings())
                for lo, hi in pairwise(block_bounds(arrays.group, size))
            ]
        )
        np.testing.assert_array_equal(moving, whole)


def test_spikes_in_blocks_are_the_whole_logs(points: pl.DataFrame) -> None:
    arrays = _with_spikes(points)
    bad, step = _spikes(arrays, 200.0, block_points=WHOLE)
    assert bad.sum() > 20  # spikes found, at vehicle boundaries too
    assert bad[~arrays.same].any() and bad[np.r_[~arrays.same[1:], True]].any()
    for size in SIZES:
        bad_b, step_b = _spikes(arrays, 200.0, block_points=size)
        np.testing.assert_array_equal(bad_b, bad)
        assert step_b.tobytes() == step.tobytes()  # the same bits


def test_cleaning_keeps_what_the_whole_log_keeps(points: pl.DataFrame) -> None:
    """Through the passes that drop spikes (several rounds), block by block."""
    jumps = points.with_columns(
        pl.when(pl.int_range(pl.len()) % 211 == 3)
        .then(pl.col("lon") + 0.4)
        .otherwise(pl.col("lon"))
        .alias("lon")
    )
    kept, report, arrays = clean_point_arrays(jumps)
    assert report.speed_jump > 0 and arrays is not None
    bad, step = _spikes(arrays, 200.0, block_points=WHOLE)
    assert not bad.any()  # what is kept has no spike left
    assert arrays.step_m is not None
    assert arrays.step_m.tobytes() == step.tobytes()
    assert kept.height == arrays.lat.size


@pytest.mark.parametrize("ignition", [False, True])
def test_drive_in_blocks_is_the_whole_logs(
    points: pl.DataFrame, ignition: bool
) -> None:
    """Moving windows, report gaps, the ignition and short halts, block by block."""
    arrays = PointArrays.of(points)
    _, step = _spikes(arrays, 200.0)
    off = None
    if ignition:  # off now and then, for a minute or more
        off = (np.arange(points.height) // 3) % 17 == 0
    settings = GpsSettings()
    whole = _drive(arrays, step, off, settings, block_points=WHOLE)
    assert 0 < whole.sum() < whole.size
    for size in SIZES:
        drive = _drive(arrays, step, off, settings, block_points=size)
        np.testing.assert_array_equal(drive, whole)
