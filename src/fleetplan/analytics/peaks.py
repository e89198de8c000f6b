"""Peak concurrency: how many vehicles were away at the same time, minute by minute.

Exact: each vehicle's roundtrips are merged (a vehicle counts once even where the
data has overlapping trips), then the start/end events are swept. Trips that cross
midnight count on both days. Times are whole minutes (see ``TripArrays``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from fleetplan.analytics.trip_arrays import (
    MINUTES_PER_DAY,
    IntArray,
    TripArrays,
    encode,
    merge_per_vehicle,
    origin_for,
    period_minutes,
    to_arrays,
)
from fleetplan.domain import Period, Roundtrip

COVERAGE_LEVELS: tuple[float, ...] = (1.0, 0.99, 0.95)
ALL_LOCATIONS = "*"


def concurrency_steps(
    vehicle: IntArray, start_min: IntArray, end_min: IntArray
) -> tuple[IntArray, IntArray]:
    """The number of distinct vehicles away as a step function.

    Returns ``(times, levels)``: the level is ``levels[i]`` on
    ``[times[i], times[i + 1])`` and 0 before ``times[0]``; the last level is 0.
    """
    _, s, e = merge_per_vehicle(vehicle, start_min, end_min)
    events = np.concatenate([s, e])
    delta = np.concatenate([np.ones(len(s)), -np.ones(len(e))])
    times, inverse = np.unique(events, return_inverse=True)
    levels = np.cumsum(np.bincount(inverse, weights=delta, minlength=len(times)))
    return times.astype(np.int64), np.rint(levels).astype(np.int64)


def pieces(
    times: IntArray, levels: IntArray, t0: int, t1: int, step_min: int = 60
) -> tuple[IntArray, IntArray, IntArray]:
    """Cut the step function on ``[t0, t1)`` at every event and at every multiple of
    ``step_min`` (minutes count from a midnight), so no piece crosses an hour or a
    day boundary.

    Returns ``(piece_start, piece_minutes, piece_level)``.
    """
    first = -(-t0 // step_min) * step_min
    grid = np.arange(first, t1, step_min, dtype=np.int64)
    inside = times[(times > t0) & (times < t1)]
    cuts = np.unique(np.concatenate([grid, inside, np.array([t0, t1])]))
    starts = cuts[:-1]
    index = np.searchsorted(times, starts, side="right") - 1
    padded = np.concatenate([levels, np.zeros(1, dtype=np.int64)])
    level = padded[index]  # index -1 (before the first event) reads the 0 pad
    return starts, np.diff(cuts), level


@dataclass(frozen=True, slots=True)
class PeakProfile:
    """Concurrency of one location (or pool) over the period."""

    location_id: str
    max_concurrent: int
    first_peak_at: datetime | None
    minutes_at_level: tuple[int, ...]  # index = number of vehicles away
    daily_max: tuple[tuple[date, int], ...]
    vehicles_for_coverage: Mapping[str, int]  # "100%" -> n over days with use
    hour_max: tuple[int, ...]  # 24 values: highest level seen in that hour of day
    hour_mean: tuple[float, ...]  # 24 values: mean vehicles away in that hour
    peak_hours: tuple[int, ...]  # hours of day in which max_concurrent occurred
    vehicles_seen: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "location_id": self.location_id,
            "max_concurrent": self.max_concurrent,
            "first_peak_at": self.first_peak_at.isoformat()
            if self.first_peak_at
            else None,
            "vehicles_seen": self.vehicles_seen,
            "vehicles_for_coverage": dict(self.vehicles_for_coverage),
            "peak_hours": list(self.peak_hours),
            "minutes_at_level": list(self.minutes_at_level),
            "hour_max": list(self.hour_max),
            "hour_mean": [round(x, 4) for x in self.hour_mean],
            "daily_max": [{"date": d.isoformat(), "max": m} for d, m in self.daily_max],
        }


@dataclass(frozen=True, slots=True)
class PeakReport:
    period: Period
    locations: tuple[PeakProfile, ...]
    overall: PeakProfile

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": {
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "locations": [p.to_dict() for p in self.locations],
            "overall": self.overall.to_dict(),
        }

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        profiles = [*self.locations, self.overall]
        summary = [
            {
                "location_id": p.location_id,
                "max_concurrent": p.max_concurrent,
                "first_peak_at": p.first_peak_at.isoformat() if p.first_peak_at else "",
                "vehicles_seen": p.vehicles_seen,
                **{f"vehicles_for_{k}": v for k, v in p.vehicles_for_coverage.items()},
                "peak_hours": " ".join(str(h) for h in p.peak_hours),
            }
            for p in profiles
        ]
        distribution = [
            {"location_id": p.location_id, "vehicles_away": level, "minutes": minutes}
            for p in profiles
            for level, minutes in enumerate(p.minutes_at_level)
        ]
        daily = [
            {"location_id": p.location_id, "date": d.isoformat(), "max_concurrent": m}
            for p in profiles
            for d, m in p.daily_max
        ]
        hours = [
            {
                "location_id": p.location_id,
                "hour": h,
                "max_concurrent": p.hour_max[h],
                "mean_concurrent": round(p.hour_mean[h], 4),
            }
            for p in profiles
            for h in range(24)
        ]
        return {
            "peaks": summary,
            "distribution": distribution,
            "daily_max": daily,
            "hours": hours,
        }


def vehicles_for_coverage(daily_max: Sequence[int], share: float) -> int:
    """Fewest vehicles that cover ``share`` of the days (days with any use).

    With the day maxima sorted ascending, that is the ``ceil(share × days)``-th value:
    e.g. maxima [1, 2, 2, 5] and 95 % -> ceil(3.8) = 4th -> 5; 75 % -> 3rd -> 2.
    """
    used = sorted(m for m in daily_max if m > 0)
    if not used:
        return 0
    rank = max(1, math.ceil(round(share * len(used), 9)))
    return used[rank - 1]


def profile(
    location_id: str,
    trips: TripArrays,
    vehicle: IntArray,
    mask: np.ndarray,
    t0: int,
    t1: int,
) -> PeakProfile:
    """Concurrency profile of the trips selected by ``mask`` on ``[t0, t1)``."""
    start = np.clip(trips.start_min[mask], t0, t1)
    end = np.clip(trips.end_min[mask], t0, t1)
    times, levels = concurrency_steps(vehicle[mask], start, end)
    p_start, p_min, p_level = pieces(times, levels, t0, t1)
    top = int(levels.max()) if len(levels) else 0
    minutes_at = np.bincount(p_level, weights=p_min, minlength=top + 1)
    day0 = t0 // MINUTES_PER_DAY
    n_days = (t1 - 1) // MINUTES_PER_DAY - day0 + 1
    day_max = np.zeros(n_days, dtype=np.int64)
    has_time = p_min > 0
    np.maximum.at(
        day_max, p_start[has_time] // MINUTES_PER_DAY - day0, p_level[has_time]
    )
    hour = (p_start % MINUTES_PER_DAY) // 60
    hour_max = np.zeros(24, dtype=np.int64)
    np.maximum.at(hour_max, hour[has_time], p_level[has_time])
    level_minutes = np.bincount(hour, weights=p_level * p_min, minlength=24)
    hour_minutes = np.bincount(hour, weights=p_min, minlength=24)
    hour_mean = np.divide(
        level_minutes, hour_minutes, out=np.zeros(24), where=hour_minutes > 0
    )
    at_peak = has_time & (p_level == top) & (top > 0)
    first_peak = (
        trips.origin + timedelta(minutes=int(p_start[at_peak][0]))
        if at_peak.any()
        else None
    )
    days = [trips.origin + timedelta(days=int(day0 + i)) for i in range(n_days)]
    maxima = [int(m) for m in day_max]
    return PeakProfile(
        location_id=location_id,
        max_concurrent=top,
        first_peak_at=first_peak,
        minutes_at_level=tuple(int(np.rint(m)) for m in minutes_at),
        daily_max=tuple((d.date(), m) for d, m in zip(days, maxima, strict=True)),
        vehicles_for_coverage={
            f"{round(share * 100)}%": vehicles_for_coverage(maxima, share)
            for share in COVERAGE_LEVELS
        },
        hour_max=tuple(int(h) for h in hour_max),
        hour_mean=tuple(float(h) for h in hour_mean),
        peak_hours=tuple(int(h) for h in np.unique(hour[at_peak])),
        vehicles_seen=len(np.unique(vehicle[mask])),
    )


def peak_concurrency(
    roundtrips: Sequence[Roundtrip],
    period: Period | None = None,
    *,
    pool_of_location: Mapping[str, str] | None = None,
) -> PeakReport:
    """Vehicles in use at the same time per location (or pool) and overall.

    ``pool_of_location`` maps a location id to a pool id; locations in one pool are
    counted together (a vehicle away from two of them at once counts once). A
    roundtrip belongs to the location it started from. The period defaults to the
    whole days the roundtrips span.
    """
    if period is None:
        origin = origin_for(roundtrips, None)
        last = max((r.end_time for r in roundtrips), default=origin)
        days = max(1, math.ceil((last - origin).total_seconds() / 86_400.0))
        period = Period(origin, origin + timedelta(days=days))
    origin = origin_for(roundtrips, period)
    trips = to_arrays(roundtrips, origin)
    t0, t1 = period_minutes(period, origin)
    _, vehicle = encode(trips.vehicle_ids) if len(trips) else ((), np.zeros(0, int))
    in_period = (trips.end_min > t0) & (trips.start_min < t1)
    pools = [(pool_of_location or {}).get(loc, loc) for loc in trips.location_ids]
    names, pool_index = encode(pools) if pools else ((), np.zeros(0, dtype=np.int64))
    locations = tuple(
        profile(name, trips, vehicle, in_period & (pool_index == i), t0, t1)
        for i, name in enumerate(names)
    )
    overall = profile(ALL_LOCATIONS, trips, vehicle, in_period, t0, t1)
    return PeakReport(period=period, locations=locations, overall=overall)
