"""Split cleaned GPS points into trips, vectorised with NumPy.

A step (point i-1 to point i of one vehicle) is driving when

- the ignition was on at point i-1 (when the log has ignition), and
- for a report gap longer than ``stop_min_s``: it covered at least
  ``stop_radius_m`` at ``gap_moving_kmh`` or more (driving without signal);
  otherwise: point i-1 or point i is moving, i.e. the displacement over the
  window [t - window_s, t + window_s] is at least ``moving_kmh`` (this smooths
  GPS drift at rest).

Halts shorter than ``stop_min_s`` with the ignition on stay inside the trip. A trip
whose points never leave ``stop_radius_m`` of its start is drift and dropped.
Distance is the odometer difference when both ends have one and it fits the
track (``odometer``: unit detected, stuck, jumping or backwards odometers fall back),
else the length of the track.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from fleetplan.ingest.gps.block_pool import run_blocks
from fleetplan.ingest.gps.clean import PointArrays
from fleetplan.ingest.gps.geo import BLOCK_POINTS, block_bounds
from fleetplan.ingest.gps.geo import step_m as geo_step_m
from fleetplan.ingest.gps.odometer import OdometerReport, trip_distances
from fleetplan.ingest.gps.schema import TRIP_SCHEMA, empty_trips
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.trip_windows import block_moving


def _ignition_off(points: pl.DataFrame) -> NDArray[np.bool_] | None:
    """Where the ignition is off (0; null counts as on); None when it never is,
    as in a log without ignition: its rules then change nothing, so no arrays
    as long as the log are made for them."""
    column = points["ignition"]
    if column.null_count() == column.len():
        return None
    off = (column == 0).fill_null(False)
    return off.to_numpy() if off.any() else None


def _merge_short_halts(
    drive: NDArray[np.bool_],
    same: NDArray[np.bool_],
    dt_s: NDArray[np.float64],
    ign_off: NDArray[np.bool_] | None,
    stop_min_s: float,
) -> NDArray[np.bool_]:
    """Turn interior non-driving runs shorter than ``stop_min_s`` into driving."""
    change = np.ones(drive.size, dtype=bool)
    change[1:] = (drive[1:] != drive[:-1]) | ~same[1:]
    change |= ~same
    run = np.cumsum(change)
    run -= 1
    n_runs = int(run[-1]) + 1
    first = np.flatnonzero(change)
    last = np.append(first[1:] - 1, drive.size - 1)
    duration = np.bincount(run, weights=dt_s, minlength=n_runs)
    if ign_off is not None and ign_off.any():  # else no weights to count
        off = np.bincount(run, weights=ign_off.astype(np.float64), minlength=n_runs)
        has_off = off > 0
    else:
        has_off = np.zeros(n_runs, dtype=bool)
    interior = same[first] & (last + 1 < drive.size)
    interior[interior] &= same[last[interior] + 1]
    fill = ~drive[first] & interior & ~has_off & (duration < stop_min_s)
    return drive | fill[run]


def _drive(
    arrays: PointArrays,
    step_m: NDArray[np.float64],
    off: NDArray[np.bool_] | None,
    settings: GpsSettings,
    block_points: int | None = None,  # None: BLOCK_POINTS now
    threads: int | None = None,
) -> NDArray[np.bool_]:
    """Whether each step (point i-1 to point i of one vehicle) drives, in blocks
    of whole vehicles (``geo.block_bounds``) on ``threads``
    (``block_pool.run_blocks``): the same values as over the whole log, without
    a dozen arrays as long as it."""
    t0_us = float(arrays.t_us.min())
    drive = np.empty(arrays.lat.size, dtype=bool)

    def work(lo: int, hi: int) -> None:
        rows = slice(lo, hi)
        drive[rows] = _block_drive(
            arrays,
            rows,
            t0_us,
            step_m[rows],
            None if off is None else off[rows],
            settings,
        )

    run_blocks(block_bounds(arrays.group, block_points or BLOCK_POINTS), work, threads)
    return drive


def _block_drive(
    arrays: PointArrays,
    rows: slice,
    t0_us: float,
    step_m: NDArray[np.float64],
    off: NDArray[np.bool_] | None,
    settings: GpsSettings,
) -> NDArray[np.bool_]:
    """``_drive`` of the whole vehicles in ``rows``."""
    same = arrays.same[rows]
    t_s = arrays.t_us[rows].astype(np.float64)  # exact: 1970-2255 < 2 ** 53 us
    t_s -= t0_us
    t_s /= 1e6
    dt_s = np.zeros(t_s.size)
    np.subtract(t_s[1:], t_s[:-1], out=dt_s[1:])
    dt_s[~same] = 0.0
    # a step drives when point i-1 or i moves; over a report gap longer than
    # stop_min_s, when it covered stop_radius_m at gap_moving_kmh or more
    moving = block_moving(
        arrays.group[rows],
        t_s,
        arrays.lat[rows],
        arrays.lon[rows],
        arrays.cos[rows],
        settings,
    )
    drive = moving.copy()
    drive[1:] |= moving[:-1]
    gaps = np.flatnonzero(dt_s > settings.stop_min_s)
    gap_m = step_m[gaps]
    drive[gaps] = (gap_m >= settings.stop_radius_m) & (
        gap_m / dt_s[gaps] * 3.6 >= settings.gap_moving_kmh
    )
    drive &= same
    ign_off = None
    if off is not None:
        drive[1:] &= ~off[:-1]  # the ignition was on at point i-1
        ign_off = same.copy()
        ign_off[1:] &= off[:-1]
    return _merge_short_halts(drive, same, dt_s, ign_off, settings.stop_min_s)


def _spread_m(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    cos: NDArray[np.float64],
    start_pt: NDArray[np.int64],
    end_pt: NDArray[np.int64],
    step_idx: NDArray[np.int64],
    trip_id: NDArray[np.int64],
    radius_m: float,
) -> NDArray[np.bool_]:
    """Whether some point of each trip lies ``radius_m`` or more from its start
    (else it is GPS drift). A trip that ends that far is kept at once; only the
    others (drift, short loops) have all their points measured."""
    spread_m = geo_step_m(
        lat[end_pt], lon[end_pt], lat[start_pt], lon[start_pt], cos[end_pt]
    )
    keep = spread_m >= radius_m
    unsure = ~keep[trip_id]
    if not unsure.any():
        return keep
    steps, trips = step_idx[unsure], trip_id[unsure]
    origin = start_pt[trips]
    spread_m = geo_step_m(lat[steps], lon[steps], lat[origin], lon[origin], cos[steps])
    # trip_id ascends with every trip present: a reduceat, not the slow ufunc.at
    bounds = np.flatnonzero(np.r_[True, trips[1:] != trips[:-1]])
    keep[trips[bounds]] = np.maximum.reduceat(spread_m, bounds) >= radius_m
    return keep


def points_to_trips(points: pl.DataFrame, settings: GpsSettings) -> pl.DataFrame:
    """Trips (``TRIP_SCHEMA``) from points cleaned and sorted by (vehicle, time)."""
    return split_trips(points, settings)[0]


def split_trips(
    points: pl.DataFrame, settings: GpsSettings, arrays: PointArrays | None = None
) -> tuple[pl.DataFrame, OdometerReport]:
    """Trips and what the odometer check found (see ``odometer``). ``arrays``:
    the points' arrays as cleaning left them, to reuse."""
    n = points.height
    if n < 2:
        return empty_trips(), OdometerReport()
    if arrays is None or arrays.lat.size != n:
        arrays = PointArrays.of(points)
    group, same, lat, lon = arrays.group, arrays.same, arrays.lat, arrays.lon
    off = _ignition_off(points)
    odometer = points["odometer_km"].to_numpy()
    cos = arrays.cos
    step_m = arrays.step_m
    if step_m is None:
        step_m = np.zeros(n)
        step_m[1:] = np.where(
            same[1:], geo_step_m(lat[:-1], lon[:-1], lat[1:], lon[1:], cos[:-1]), 0
        )
    drive = _drive(arrays, step_m, off, settings)
    drive &= same
    if not drive.any():
        return empty_trips(), OdometerReport()

    starts_trip = drive & ~np.concatenate(([False], drive[:-1]))
    step_idx = np.flatnonzero(drive)
    trip_id = np.cumsum(starts_trip[step_idx])
    trip_id -= 1
    n_trips = int(trip_id[-1]) + 1
    first_step = step_idx[np.flatnonzero(starts_trip[step_idx])]
    ends_trip = drive & ~np.concatenate((drive[1:] & same[1:], [False]))
    last_step = np.flatnonzero(ends_trip)
    start_pt = first_step - 1
    end_pt = last_step

    track_m = np.bincount(trip_id, weights=step_m[step_idx], minlength=n_trips)
    distance_km, odo_report = trip_distances(
        group[start_pt], odometer[start_pt], odometer[end_pt], track_m / 1000.0
    )

    keep = _spread_m(
        lat, lon, cos, start_pt, end_pt, step_idx, trip_id, settings.stop_radius_m
    )
    times = points["time"]
    trips = pl.DataFrame(
        {
            "vehicle_id": points["vehicle_id"].gather(start_pt[keep]),
            "start_time": times.gather(start_pt[keep]),
            "end_time": times.gather(end_pt[keep]),
            "start_lat": lat[start_pt][keep],
            "start_lon": lon[start_pt][keep],
            "end_lat": lat[end_pt][keep],
            "end_lon": lon[end_pt][keep],
            "distance_km": distance_km[keep],
        },
        schema=TRIP_SCHEMA,
    )
    return trips, odo_report
