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

from fleetplan.ingest.gps.geo import step_m as geo_step_m
from fleetplan.ingest.gps.geo import vehicle_groups
from fleetplan.ingest.gps.odometer import OdometerReport, trip_distances
from fleetplan.ingest.gps.schema import TRIP_SCHEMA, empty_trips
from fleetplan.ingest.gps.settings import GpsSettings


def _moving(
    group: NDArray[np.int64],
    t_s: NDArray[np.float64],
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    cos: NDArray[np.float64],
    settings: GpsSettings,
) -> NDArray[np.bool_]:
    """Whether each point moves over its time window (within its own vehicle)."""
    key = group.astype(np.float64) * 1e10 + t_s
    n = key.size
    # group numbers runs 0, 1, 2, ... (rle_id): each point's run bounds by lookup
    first = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    last = np.r_[first[1:] - 1, n - 1]
    starts = first[group]
    ends = last[group]
    before = np.searchsorted(key, key - settings.window_s, side="right") - 1
    after = np.searchsorted(key, key + settings.window_s, side="left")
    before = np.clip(before, starts, None)
    after = np.clip(np.minimum(after, n - 1), None, ends)
    # sparse reports: do not reach further than the neighbour when it is already
    # more than a window away (keeps a short last leg before a quiet stop moving)
    index = np.arange(n)
    nxt = np.minimum(index + 1, ends)
    prv = np.maximum(index - 1, starts)
    after = np.where(t_s[after] - t_s > 2 * settings.window_s, nxt, after)
    before = np.where(t_s - t_s[before] > 2 * settings.window_s, prv, before)
    duration_s = t_s[after] - t_s[before]
    disp_m = geo_step_m(lat[before], lon[before], lat[after], lon[after], cos[before])
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(duration_s > 0, disp_m / duration_s * 3.6, 0.0)
    return speed >= settings.moving_kmh


def _merge_short_halts(
    drive: NDArray[np.bool_],
    same: NDArray[np.bool_],
    dt_s: NDArray[np.float64],
    ign_off: NDArray[np.bool_],
    stop_min_s: float,
) -> NDArray[np.bool_]:
    """Turn interior non-driving runs shorter than ``stop_min_s`` into driving."""
    change = np.ones(drive.size, dtype=bool)
    change[1:] = (drive[1:] != drive[:-1]) | ~same[1:]
    change |= ~same
    run = np.cumsum(change) - 1
    n_runs = int(run[-1]) + 1
    first = np.flatnonzero(change)
    last = np.append(first[1:] - 1, drive.size - 1)
    duration = np.bincount(run, weights=dt_s, minlength=n_runs)
    has_off = np.bincount(run, weights=ign_off.astype(np.float64), minlength=n_runs) > 0
    interior = same[first] & (last + 1 < drive.size)
    interior[interior] &= same[last[interior] + 1]
    fill = ~drive[first] & interior & ~has_off & (duration < stop_min_s)
    return drive | fill[run]


def points_to_trips(points: pl.DataFrame, settings: GpsSettings) -> pl.DataFrame:
    """Trips (``TRIP_SCHEMA``) from points cleaned and sorted by (vehicle, time)."""
    return split_trips(points, settings)[0]


def split_trips(
    points: pl.DataFrame, settings: GpsSettings
) -> tuple[pl.DataFrame, OdometerReport]:
    """Trips and what the odometer check found (see ``odometer``)."""
    n = points.height
    if n < 2:
        return empty_trips(), OdometerReport()
    group = vehicle_groups(points)
    same = np.zeros(n, dtype=bool)
    same[1:] = group[1:] == group[:-1]
    t_us = points["time"].dt.epoch("us").to_numpy()
    t_s = (t_us - t_us.min()).astype(np.float64) / 1e6
    lat = points["lat"].to_numpy()
    lon = points["lon"].to_numpy()
    ignition = points["ignition"].fill_null(1).to_numpy().astype(bool)
    odometer = points["odometer_km"].to_numpy()

    dt_s = np.zeros(n)
    dt_s[1:] = np.where(same[1:], t_s[1:] - t_s[:-1], 0.0)
    cos = np.cos(np.radians(lat))
    step_m = np.zeros(n)
    step_m[1:] = np.where(
        same[1:], geo_step_m(lat[:-1], lon[:-1], lat[1:], lon[1:], cos[:-1]), 0
    )
    moving = _moving(group, t_s, lat, lon, cos, settings)
    prev_moving = np.zeros(n, dtype=bool)
    prev_moving[1:] = moving[:-1]
    prev_ign = np.zeros(n, dtype=bool)
    prev_ign[1:] = ignition[:-1]
    long_gap = dt_s > settings.stop_min_s
    with np.errstate(divide="ignore", invalid="ignore"):
        gap_kmh = np.where(dt_s > 0, step_m / dt_s * 3.6, 0.0)
    gap_drive = (step_m >= settings.stop_radius_m) & (
        gap_kmh >= settings.gap_moving_kmh
    )
    drive = same & prev_ign & np.where(long_gap, gap_drive, moving | prev_moving)
    drive = _merge_short_halts(drive, same, dt_s, same & ~prev_ign, settings.stop_min_s)
    drive &= same
    if not drive.any():
        return empty_trips(), OdometerReport()

    starts_trip = drive & ~np.concatenate(([False], drive[:-1]))
    trip_of_step = np.cumsum(starts_trip) - 1
    step_idx = np.flatnonzero(drive)
    trip_id = trip_of_step[step_idx]
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

    # spread: farthest point of each trip from its start point (drift check)
    spread_m = geo_step_m(
        lat[step_idx],
        lon[step_idx],
        lat[start_pt][trip_id],
        lon[start_pt][trip_id],
        cos[step_idx],
    )
    # trip_id ascends with every trip present: a reduceat, not the slow ufunc.at
    bounds = np.flatnonzero(np.r_[True, trip_id[1:] != trip_id[:-1]])
    max_spread = np.maximum.reduceat(spread_m, bounds)
    keep = max_spread >= settings.stop_radius_m

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
