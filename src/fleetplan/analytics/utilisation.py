"""Utilisation: km per vehicle per day, time away, days used and idle vehicles.

A roundtrip's km count on the day it starts. Time away is the union of a vehicle's
roundtrips (overlaps count once), cut at midnight so a trip crossing midnight counts
on both days, in whole minutes (see ``TripArrays``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from fleetplan.analytics.trip_arrays import (
    MINUTES_PER_DAY,
    FloatArray,
    IntArray,
    merge_per_vehicle,
    period_minutes,
    to_arrays,
)
from fleetplan.domain import Period, Roundtrip, Shift, Vehicle


@dataclass(frozen=True, slots=True)
class VehicleUtilisation:
    vehicle_id: str
    location_id: str | None
    distance_km: float
    roundtrips: int
    days_used: int
    working_days: int
    share_of_working_days_used: float
    share_of_time_away: float  # of all minutes in the period
    share_of_shift_time_away: float | None  # of the shift minutes; None: no shifts
    is_idle: bool


@dataclass(frozen=True, slots=True)
class UtilisationReport:
    """Per vehicle and per vehicle-day figures over ``period``.

    ``km_per_day``, ``away_share_per_day`` and ``shift_away_share_per_day`` are
    vehicles × days matrices (rows in ``vehicles`` order, columns in ``days`` order).
    """

    period: Period
    days: tuple[date, ...]
    vehicles: tuple[VehicleUtilisation, ...]
    km_per_day: FloatArray
    away_share_per_day: FloatArray
    shift_away_share_per_day: FloatArray | None
    used_threshold_km: float
    idle_below_share: float

    @property
    def idle_vehicle_ids(self) -> tuple[str, ...]:
        return tuple(v.vehicle_id for v in self.vehicles if v.is_idle)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": {
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "used_threshold_km": self.used_threshold_km,
            "idle_below_share": self.idle_below_share,
            "idle_vehicle_ids": list(self.idle_vehicle_ids),
            "vehicles": self.to_rows()["vehicles"],
        }

    def to_rows(self) -> dict[str, list[dict[str, Any]]]:
        vehicles = [
            {
                "vehicle_id": v.vehicle_id,
                "location_id": v.location_id,
                "distance_km": round(v.distance_km, 3),
                "roundtrips": v.roundtrips,
                "days_used": v.days_used,
                "working_days": v.working_days,
                "share_of_working_days_used": round(v.share_of_working_days_used, 4),
                "share_of_time_away": round(v.share_of_time_away, 4),
                "share_of_shift_time_away": None
                if v.share_of_shift_time_away is None
                else round(v.share_of_shift_time_away, 4),
                "is_idle": v.is_idle,
            }
            for v in self.vehicles
        ]
        heatmap = [
            {
                "vehicle_id": v.vehicle_id,
                "date": day.isoformat(),
                "distance_km": round(float(self.km_per_day[i, j]), 3),
                "used": bool(self.km_per_day[i, j] >= self.used_threshold_km),
                "share_of_day_away": round(float(self.away_share_per_day[i, j]), 4),
            }
            for i, v in enumerate(self.vehicles)
            for j, day in enumerate(self.days)
        ]
        return {"vehicles": vehicles, "activity": heatmap}


def shift_windows(shifts: Sequence[Shift]) -> list[tuple[int, int]]:
    """Minutes of the day covered by the shifts, as ``[start, end)`` windows.

    A shift past midnight (23:00-07:00) gives two windows, [1380, 1440) and [0, 420).
    Overlapping shifts are merged so no minute counts twice.
    """
    raw: list[tuple[int, int]] = []
    for shift in shifts:
        a = shift.start.hour * 60 + shift.start.minute
        b = shift.end.hour * 60 + shift.end.minute
        if shift.crosses_midnight:
            raw += [(a, MINUTES_PER_DAY), (0, b)]
        else:
            raw.append((a, b))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(w for w in raw if w[1] > w[0]):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def split_at_midnight(
    vehicle: IntArray, start: IntArray, end: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Cut intervals at every midnight; each piece lies inside one day."""
    first_day = start // MINUTES_PER_DAY
    last_day = (np.maximum(end, start + 1) - 1) // MINUTES_PER_DAY
    count = last_day - first_day + 1
    rep = np.repeat(np.arange(len(start)), count)
    offset = np.arange(len(rep)) - np.repeat(np.cumsum(count) - count, count)
    day = first_day[rep] + offset
    piece_start = np.maximum(start[rep], day * MINUTES_PER_DAY)
    piece_end = np.minimum(end[rep], (day + 1) * MINUTES_PER_DAY)
    return vehicle[rep], piece_start, piece_end


def utilisation(
    vehicles: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    period: Period,
    *,
    used_threshold_km: float = 1.0,
    idle_below_share: float = 0.2,
    shifts: Sequence[Shift] = (),
) -> UtilisationReport:
    """Utilisation of ``vehicles`` over ``period`` (whole days from its start).

    A vehicle is used on a day when it drove at least ``used_threshold_km`` that day.
    Working days are Monday to Friday. A vehicle is idle when it was used on fewer
    than ``idle_below_share`` of the working days.
    """
    origin = period.start.replace(hour=0, minute=0, second=0, microsecond=0)
    t0, t1 = period_minutes(period, origin)
    n_days = max(1, -(-t1 // MINUTES_PER_DAY))
    days = tuple(origin.date() + timedelta(days=i) for i in range(n_days))
    index = {v.vehicle_id: i for i, v in enumerate(vehicles)}
    own = [r for r in roundtrips if r.vehicle_id in index]
    trips = to_arrays(own, origin)
    row = np.fromiter((index[r.vehicle_id] for r in own), np.int64, len(own))
    keep = (trips.end_min > t0) & (trips.start_min < t1)
    start = np.clip(trips.start_min, t0, t1)
    end = np.clip(trips.end_min, t0, t1)

    km = np.zeros((len(vehicles), n_days))
    start_day = trips.start_min // MINUTES_PER_DAY
    in_days = keep & (start_day >= 0) & (start_day < n_days)
    np.add.at(km, (row[in_days], start_day[in_days]), trips.distance_km[in_days])
    trip_count = np.bincount(row[in_days], minlength=len(vehicles))

    blocks = merge_per_vehicle(row[keep], start[keep], end[keep])
    p_vehicle, p_start, p_end = split_at_midnight(*blocks)
    p_day = p_start // MINUTES_PER_DAY
    away = np.zeros((len(vehicles), n_days))
    np.add.at(away, (p_vehicle, p_day), p_end - p_start)
    minutes_in_day = np.full(n_days, float(MINUTES_PER_DAY))
    minutes_in_day[-1] = t1 - (n_days - 1) * MINUTES_PER_DAY
    minutes_in_day[0] -= t0

    shift_share = None
    shift_total = np.zeros(len(vehicles))
    windows = shift_windows(shifts)
    if windows:
        in_shift = np.zeros((len(vehicles), n_days))
        clock_start = p_start - p_day * MINUTES_PER_DAY
        clock_end = p_end - p_day * MINUTES_PER_DAY
        for a, b in windows:
            overlap = np.clip(
                np.minimum(clock_end, b) - np.maximum(clock_start, a), 0, None
            )
            np.add.at(in_shift, (p_vehicle, p_day), overlap)
        shift_minutes = float(sum(b - a for a, b in windows))
        shift_share = in_shift / shift_minutes
        shift_total = in_shift.sum(axis=1) / (shift_minutes * n_days)

    weekday = np.array([d.weekday() < 5 for d in days])
    used = km >= used_threshold_km
    working_days = int(weekday.sum())
    rows = []
    for i, vehicle in enumerate(vehicles):
        used_working = int(used[i, weekday].sum())
        share_used = used_working / working_days if working_days else 0.0
        rows.append(
            VehicleUtilisation(
                vehicle_id=vehicle.vehicle_id,
                location_id=vehicle.location_id,
                distance_km=float(km[i].sum()),
                roundtrips=int(trip_count[i]),
                days_used=int(used[i].sum()),
                working_days=working_days,
                share_of_working_days_used=share_used,
                share_of_time_away=float(away[i].sum() / minutes_in_day.sum()),
                share_of_shift_time_away=None
                if shift_share is None
                else float(shift_total[i]),
                is_idle=share_used < idle_below_share,
            )
        )
    return UtilisationReport(
        period=period,
        days=days,
        vehicles=tuple(rows),
        km_per_day=km,
        away_share_per_day=away / minutes_in_day,
        shift_away_share_per_day=shift_share,
        used_threshold_km=used_threshold_km,
        idle_below_share=idle_below_share,
    )
