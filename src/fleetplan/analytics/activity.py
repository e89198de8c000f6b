"""Activity by weekday and hour: how many vehicles are away, and when trips start.

Vehicles away are counted as in ``peaks`` (each vehicle's roundtrips merged, so a
vehicle counts once, whole minutes, trips crossing midnight count on both days).
A cell's *mean vehicles away* is the vehicle-minutes in that weekday-hour divided
by the minutes of it in the period, so a Monday 08-09 cell is the average over the
Mondays of the period. Trip starts are counted at the hour the roundtrip starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from fleetplan.analytics.peaks import concurrency_steps, pieces
from fleetplan.analytics.trip_arrays import (
    MINUTES_PER_DAY,
    FloatArray,
    IntArray,
    encode,
    period_minutes,
    to_arrays,
)
from fleetplan.domain import Period, Roundtrip

WEEKDAYS = 7
HOURS = 24


@dataclass(frozen=True, slots=True)
class ActivityReport:
    """7 × 24 matrices, rows Monday..Sunday, columns the hours 0..23."""

    period: Period
    vehicles: int  # the fleet the shares are of
    mean_away: FloatArray  # mean vehicles away in the weekday-hour
    trip_starts: IntArray  # roundtrips starting in the weekday-hour
    minutes: FloatArray  # minutes of each weekday-hour inside the period
    days_of_weekday: IntArray  # 7 values: days of each weekday in the period

    @property
    def hour_mean_away(self) -> FloatArray:
        """Mean vehicles away per hour of day over all days of the period."""
        minutes = self.minutes.sum(axis=0)
        away = (self.mean_away * self.minutes).sum(axis=0)
        return np.divide(away, minutes, out=np.zeros(HOURS), where=minutes > 0)

    @property
    def hour_share_of_vehicles(self) -> FloatArray:
        """Mean share of the fleet away per hour of day (0 without vehicles)."""
        if self.vehicles == 0:
            return np.zeros(HOURS)
        return self.hour_mean_away / self.vehicles

    @property
    def hour_share_of_trips(self) -> FloatArray:
        """Share of the roundtrips that start in each hour of day."""
        per_hour = self.trip_starts.sum(axis=0).astype(np.float64)
        total = per_hour.sum()
        return per_hour / total if total else np.zeros(HOURS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": {
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "vehicles": self.vehicles,
            "days_of_weekday": [int(d) for d in self.days_of_weekday],
            "mean_away": [[round(float(x), 4) for x in row] for row in self.mean_away],
            "trip_starts": [[int(x) for x in row] for row in self.trip_starts],
            "hour_share_of_vehicles": [
                round(float(x), 4) for x in self.hour_share_of_vehicles
            ],
            "hour_share_of_trips": [
                round(float(x), 4) for x in self.hour_share_of_trips
            ],
        }


def activity(
    roundtrips: Sequence[Roundtrip], period: Period, vehicles: int
) -> ActivityReport:
    """Weekday × hour activity of ``roundtrips`` on ``period``.

    ``vehicles`` is the fleet size the hourly shares are taken of. A roundtrip
    counts where it overlaps the period; its start counts only inside the period.
    """
    origin = period.start.replace(hour=0, minute=0, second=0, microsecond=0)
    t0, t1 = period_minutes(period, origin)
    trips = to_arrays(roundtrips, origin)
    mask = (trips.end_min > t0) & (trips.start_min < t1)
    _, vehicle = (
        encode(trips.vehicle_ids) if len(trips) else ((), np.zeros(0, np.int64))
    )
    times, levels = concurrency_steps(
        vehicle[mask],
        np.clip(trips.start_min[mask], t0, t1),
        np.clip(trips.end_min[mask], t0, t1),
    )
    p_start, p_min, p_level = pieces(times, levels, t0, t1)
    first_weekday = origin.weekday()
    p_weekday = (first_weekday + p_start // MINUTES_PER_DAY) % WEEKDAYS
    p_cell = p_weekday * HOURS + (p_start % MINUTES_PER_DAY) // 60
    cells = WEEKDAYS * HOURS
    vehicle_minutes = np.bincount(p_cell, weights=p_level * p_min, minlength=cells)
    minutes = np.bincount(p_cell, weights=p_min, minlength=cells)
    mean_away = np.divide(
        vehicle_minutes, minutes, out=np.zeros(cells), where=minutes > 0
    )
    starts = trips.start_min[(trips.start_min >= t0) & (trips.start_min < t1)]
    s_cell = ((first_weekday + starts // MINUTES_PER_DAY) % WEEKDAYS) * HOURS + (
        starts % MINUTES_PER_DAY
    ) // 60
    day_starts = np.arange(
        (t0 // MINUTES_PER_DAY) * MINUTES_PER_DAY, t1, MINUTES_PER_DAY
    )
    days = np.bincount(
        (first_weekday + day_starts // MINUTES_PER_DAY) % WEEKDAYS, minlength=WEEKDAYS
    )
    return ActivityReport(
        period=period,
        vehicles=vehicles,
        mean_away=mean_away.reshape(WEEKDAYS, HOURS),
        trip_starts=np.bincount(s_cell, minlength=cells)
        .astype(np.int64)
        .reshape(WEEKDAYS, HOURS),
        minutes=minutes.reshape(WEEKDAYS, HOURS),
        days_of_weekday=days.astype(np.int64),
    )
