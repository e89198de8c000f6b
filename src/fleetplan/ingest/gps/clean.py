"""Drop invalid GPS points, vectorised: no vehicle, no time, bad positions (empty,
NaN, outside the globe, 0,0), points already ingested, duplicates and
single-point jumps that imply an impossible speed; each counted by reason.

Within one batch the order is restored by sorting on (vehicle, time), so points that
arrive out of order in a file are not lost; points at or before a vehicle's cursor
(the last time an earlier run consumed) are out of order across runs and dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl
from numpy.typing import NDArray

from fleetplan.ingest.gps.geo import step_m, vehicle_groups

_log = logging.getLogger(__name__)
_MAX_PASSES = 5


@dataclass(frozen=True, slots=True)
class CleanReport:
    """How many points each rule dropped (counts only, never positions)."""

    input_points: int
    invalid_position: int
    before_cursor: int
    duplicate: int
    speed_jump: int
    kept_points: int
    missing_vehicle: int = 0
    missing_time: int = 0

    @property
    def dropped(self) -> dict[str, int]:
        """Dropped points by reason (only reasons that dropped any)."""
        reasons = {
            "missing_vehicle": self.missing_vehicle,
            "missing_time": self.missing_time,
            "invalid_position": self.invalid_position,
            "before_cursor": self.before_cursor,
            "duplicate": self.duplicate,
            "speed_jump": self.speed_jump,
        }
        return {k: v for k, v in reasons.items() if v}


def _speeds_kmh(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    cos: NDArray[np.float64],
    t_s: NDArray[np.float64],
    same: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """Speed from point i-1 to i; 0 for the first point of each vehicle."""
    speed = np.zeros(lat.size)
    if lat.size < 2:
        return speed
    dist = step_m(lat[:-1], lon[:-1], lat[1:], lon[1:], cos[:-1])
    dt = np.maximum(t_s[1:] - t_s[:-1], 1e-3)
    speed[1:] = np.where(same[1:], dist / dt * 3.6, 0.0)
    return speed


def _spikes(frame: pl.DataFrame, max_speed_kmh: float) -> NDArray[np.bool_]:
    """Points reached and left faster than allowed while skipping them is fine,
    or the last point of a vehicle reached too fast."""
    lat = frame["lat"].to_numpy()
    lon = frame["lon"].to_numpy()
    t_s = frame["time"].dt.epoch("us").to_numpy().astype(np.float64) / 1e6
    group = vehicle_groups(frame)
    same = np.zeros(lat.size, dtype=bool)
    same[1:] = group[1:] == group[:-1]
    cos = np.cos(np.radians(lat))
    speed_in = _speeds_kmh(lat, lon, cos, t_s, same)
    speed_out = np.zeros(lat.size)
    speed_out[:-1] = speed_in[1:]
    has_next = np.zeros(lat.size, dtype=bool)
    has_next[:-1] = same[1:]
    skip = np.full(lat.size, np.inf)
    if lat.size >= 3:
        both = same[1:-1] & same[2:]
        d = step_m(lat[:-2], lon[:-2], lat[2:], lon[2:], cos[:-2])
        dt = np.maximum(t_s[2:] - t_s[:-2], 1e-3)
        skip[1:-1] = np.where(both, d / dt * 3.6, np.inf)
    fast_in = speed_in > max_speed_kmh
    fast_out = speed_out > max_speed_kmh
    # a vehicle's first point is bad when it leaves too fast to a point whose own
    # next step is fine (the second point agrees with the rest, not with the first)
    then_ok = np.zeros(lat.size, dtype=bool)
    then_ok[:-2] = same[1:-1] & same[2:] & (speed_in[2:] <= max_speed_kmh)
    first = ~same
    return (
        (fast_in & fast_out & (skip <= max_speed_kmh))
        | (fast_in & ~has_next)
        | (first & fast_out & then_ok)
    )


def _grouped_in_time_order(frame: pl.DataFrame) -> bool:
    """Whether each vehicle's points are together and in time order, as logs
    usually come: then the (costly, string-keyed) sort is skipped."""
    runs = frame["vehicle_id"].rle_id()
    if frame.height == 0 or runs[-1] + 1 != frame["vehicle_id"].n_unique():
        return False
    same = runs == runs.shift(1)
    back = same & (frame["time"] < frame["time"].shift(1))
    return not bool(back.any())


def clean_points(
    points: pl.DataFrame,
    max_speed_kmh: float = 200.0,
    cursors: Mapping[str, datetime] | None = None,
) -> tuple[pl.DataFrame, CleanReport]:
    """Valid points, each vehicle's together and in time order, and what was
    dropped."""
    n_in = points.height
    no_vehicle = int(points["vehicle_id"].null_count())
    no_time = int((points["vehicle_id"].is_not_null() & points["time"].is_null()).sum())
    valid = points.filter(
        pl.col("vehicle_id").is_not_null()
        & pl.col("time").is_not_null()
        & pl.col("lat").is_between(-90.0, 90.0)
        & pl.col("lon").is_between(-180.0, 180.0)
        & ~((pl.col("lat").abs() < 1e-6) & (pl.col("lon").abs() < 1e-6))
    )
    n_valid = valid.height
    if cursors:
        cursor_frame = pl.DataFrame(
            {"vehicle_id": list(cursors), "_cursor": list(cursors.values())},
            schema={"vehicle_id": pl.Utf8, "_cursor": pl.Datetime("us")},
        )
        valid = (
            valid.join(cursor_frame, on="vehicle_id", how="left")
            .filter(pl.col("_cursor").is_null() | (pl.col("time") > pl.col("_cursor")))
            .drop("_cursor")
        )
    n_after_cursor = valid.height
    # sorted first (stable: equal keys keep file order), so a duplicate is the
    # row after its twin; cheaper than unique() on a large log
    if not _grouped_in_time_order(valid):
        valid = valid.sort(["vehicle_id", "time"], maintain_order=True)
    twin = (pl.col("vehicle_id") == pl.col("vehicle_id").shift(1)) & (
        pl.col("time") == pl.col("time").shift(1)
    )
    valid = valid.filter(~twin.fill_null(False))
    n_unique = valid.height
    for _ in range(_MAX_PASSES):
        if valid.height == 0:
            break
        bad = _spikes(valid, max_speed_kmh)
        if not bad.any():
            break
        valid = valid.filter(pl.Series(~bad))
    report = CleanReport(
        input_points=n_in,
        missing_vehicle=no_vehicle,
        missing_time=no_time,
        invalid_position=n_in - n_valid - no_vehicle - no_time,
        before_cursor=n_valid - n_after_cursor,
        duplicate=n_after_cursor - n_unique,
        speed_jump=n_unique - valid.height,
        kept_points=valid.height,
    )
    _log.info(
        "cleaned %d points: %d invalid, %d already ingested, %d duplicate, "
        "%d speed jumps, %d kept",
        n_in,
        report.invalid_position,
        report.before_cursor,
        report.duplicate,
        report.speed_jump,
        report.kept_points,
    )
    return valid, report
