"""Drop invalid GPS points, vectorised: no vehicle, no time, bad positions (empty,
NaN, outside the globe, 0,0), points already ingested, duplicates and
single-point jumps that imply an impossible speed; each counted by reason.

Within one batch the order is restored by sorting on (vehicle, time), so points that
arrive out of order in a file are not lost; points at or before a vehicle's cursor
(the last time an earlier run consumed) are out of order across runs and dropped.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl
from numpy.typing import NDArray

from fleetplan.ingest.gps.block_pool import run_blocks
from fleetplan.ingest.gps.geo import (
    BLOCK_POINTS,
    block_bounds,
    cosines,
    step_m,
    vehicle_groups,
)
from fleetplan.ingest.gps.point_rows import valid_rows, without_rows
from fleetplan.ingest.gps.results import CleanReport as CleanReport

_log = logging.getLogger(__name__)
_MAX_PASSES = 5


@dataclass(frozen=True, slots=True)
class PointArrays:
    """Cleaned points as NumPy arrays, kept so that trip splitting does not
    compute them again: ``group`` numbers each vehicle's run 0, 1, ...; ``same``
    says point i has point i-1's vehicle; ``cos`` is the cosine of ``lat``;
    ``step_m`` the distance from point i-1 (0 at a vehicle's first point), None
    when the last pass dropped points."""

    group: NDArray[np.int64]
    same: NDArray[np.bool_]
    t_us: NDArray[np.int64]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    cos: NDArray[np.float64]
    step_m: NDArray[np.float64] | None = None

    @classmethod
    def of(
        cls, frame: pl.DataFrame, group: NDArray[np.int64] | None = None
    ) -> PointArrays:
        """The arrays of a frame sorted by vehicle (``group``: its runs, if known)."""
        group = vehicle_groups(frame) if group is None else group
        lat = frame["lat"].to_numpy()
        return cls(
            group=group,
            same=_same(group),
            t_us=_epoch_us(frame["time"]),
            lat=lat,
            lon=frame["lon"].to_numpy(),
            cos=cosines(lat),
        )

    def keep(self, mask: NDArray[np.bool_]) -> PointArrays:
        """The points where ``mask`` holds (no step: its neighbours changed)."""
        same = _same(self.group[mask])
        return PointArrays(
            group=np.cumsum(~same) - 1,  # runs renumbered 0, 1, ... as rle_id does
            same=same,
            t_us=self.t_us[mask],
            lat=self.lat[mask],
            lon=self.lon[mask],
            cos=self.cos[mask],
        )


def _epoch_us(times: pl.Series) -> NDArray[np.int64]:
    """Microseconds since 1970: a naive microsecond column's own values (no
    copy), else polars' count."""
    if times.dtype == pl.Datetime("us"):
        return times.to_physical().to_numpy()
    return times.dt.epoch("us").to_numpy()


def _same(group: NDArray[np.int64]) -> NDArray[np.bool_]:
    same = np.zeros(group.size, dtype=bool)
    same[1:] = group[1:] == group[:-1]
    return same


def _at_least_ms(dt_s: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.maximum(dt_s, 1e-3, out=dt_s)


def _spikes(
    points: PointArrays,
    max_speed_kmh: float,
    block_points: int | None = None,  # None: BLOCK_POINTS now
    threads: int | None = None,
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Points reached and left faster than allowed while skipping them is fine,
    or the last point of a vehicle reached too fast; and each point's step.
    In blocks of whole vehicles (``geo.block_bounds``), on ``threads``
    (``block_pool.run_blocks``): the same values."""
    bad = np.empty(points.lat.size, dtype=bool)
    step = np.empty(points.lat.size)

    def work(lo: int, hi: int) -> None:
        rows = slice(lo, hi)
        bad[rows], step[rows] = _block_spikes(
            points.lat[rows],
            points.lon[rows],
            points.cos[rows],
            points.same[rows],
            points.t_us[rows],
            max_speed_kmh,
        )

    run_blocks(block_bounds(points.group, block_points or BLOCK_POINTS), work, threads)
    return bad, step


def _block_spikes(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    cos: NDArray[np.float64],
    same: NDArray[np.bool_],
    t_us: NDArray[np.int64],
    max_speed_kmh: float,
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """``_spikes`` of whole vehicles (``same`` is False at the first point)."""
    t_s = t_us.astype(np.float64)
    t_s /= 1e6
    speed_in = np.zeros(lat.size)
    step = np.zeros(lat.size)
    if lat.size >= 2:
        dist = step_m(lat[:-1], lon[:-1], lat[1:], lon[1:], cos[:-1])
        np.copyto(step[1:], dist, where=same[1:])
        # the time steps in speed_in's memory (no new array as long as the log)
        dist /= _at_least_ms(np.subtract(t_s[1:], t_s[:-1], out=speed_in[1:]))
        dist *= 3.6
        speed_in[1:] = dist
        speed_in[~same] = 0.0
    has_next = np.zeros(lat.size, dtype=bool)
    has_next[:-1] = same[1:]
    fast_in = speed_in > max_speed_kmh
    fast_out = np.zeros(lat.size, dtype=bool)  # the next point's speed_in
    fast_out[:-1] = fast_in[1:]
    fast_out[-1] = max_speed_kmh < 0.0
    # whether skipping point i is fine, only where i is reached and left too fast
    # (a few points of a whole log)
    skip_ok = np.zeros(lat.size, dtype=bool)
    mid = np.flatnonzero(fast_in[1:-1] & fast_out[1:-1] & same[1:-1] & same[2:])
    if mid.size:
        a, b = mid, mid + 2
        d = step_m(lat[a], lon[a], lat[b], lon[b], cos[a])
        d /= _at_least_ms(np.subtract(t_s[b], t_s[a]))
        d *= 3.6
        skip_ok[mid + 1] = d <= max_speed_kmh
    # a vehicle's first point is bad when it leaves too fast to a point whose own
    # next step is fine (the second point agrees with the rest, not with the first)
    then_ok = np.zeros(lat.size, dtype=bool)
    then_ok[:-2] = same[1:-1] & same[2:] & (speed_in[2:] <= max_speed_kmh)
    first = ~same
    bad = (
        (fast_in & fast_out & skip_ok)
        | (fast_in & ~has_next)
        | (first & fast_out & then_ok)
    )
    return bad, step


def _in_order(
    frame: pl.DataFrame,
) -> tuple[NDArray[np.int64], NDArray[np.int64]] | None:
    """The frame's vehicle runs and its times (in their own unit) when each
    vehicle's points are together and in time order, as logs usually come;
    else None (sort it: a costly, string-keyed sort)."""
    runs = vehicle_groups(frame)
    ticks = frame["time"].to_physical().to_numpy()
    same = _same(runs)
    heads = np.flatnonzero(~same)
    if frame["vehicle_id"].gather(heads).n_unique() != heads.size:
        return None  # a vehicle comes back after another one
    if (same[1:] & (ticks[1:] < ticks[:-1])).any():
        return None
    return runs, ticks


def clean_points(
    points: pl.DataFrame,
    max_speed_kmh: float = 200.0,
    cursors: Mapping[str, datetime] | None = None,
) -> tuple[pl.DataFrame, CleanReport]:
    """Valid points, each vehicle's together and in time order, and what was
    dropped."""
    valid, report, _ = clean_point_arrays(points, max_speed_kmh, cursors)
    return valid, report


def clean_point_arrays(
    points: pl.DataFrame,
    max_speed_kmh: float = 200.0,
    cursors: Mapping[str, datetime] | None = None,
) -> tuple[pl.DataFrame, CleanReport, PointArrays | None]:
    """``clean_points`` and the kept points' arrays (None when none are kept)."""
    n_in = points.height
    no_vehicle = int(points["vehicle_id"].null_count())
    no_time = int((points["vehicle_id"].is_not_null() & points["time"].is_null()).sum())
    valid = valid_rows(points)
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
    arrays = None
    if valid.height:
        order = _in_order(valid)
        if order is None:
            valid = valid.sort(["vehicle_id", "time"], maintain_order=True)
            order = vehicle_groups(valid), valid["time"].to_physical().to_numpy()
        runs, ticks = order
        twin = _same(runs)
        twin[1:] &= ticks[1:] == ticks[:-1]
        if twin.any():
            valid = without_rows(valid, twin)
            runs = runs[~twin]
        arrays = PointArrays.of(valid, runs)
    n_unique = valid.height
    for _ in range(_MAX_PASSES):
        if arrays is None or valid.height == 0:
            break
        bad, step = _spikes(arrays, max_speed_kmh)
        if not bad.any():
            arrays = dataclasses.replace(arrays, step_m=step)
            break
        valid = without_rows(valid, bad)
        arrays = arrays.keep(~bad)
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
    return valid, report, arrays if valid.height else None
