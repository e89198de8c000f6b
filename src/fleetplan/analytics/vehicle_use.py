"""Which cars can go: per-vehicle use, vehicles free per location over time, and
one vehicle's trips.

The per-vehicle figures are ``utilisation``'s (days used, time away, km, trips,
idle flag) with the hours in use and the TCO per km added. Hours in use are the
minutes away (a vehicle's overlapping roundtrips count once) over the period.
TCO per km is ``tco`` of the period's km annualised as value × 365 / days, so a
car that stands still has a high cost per km; a vehicle without km has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from fleetplan.analytics.trip_arrays import (
    IntArray,
    merge_per_vehicle,
    period_minutes,
    to_arrays,
)
from fleetplan.analytics.utilisation import UtilisationReport, utilisation
from fleetplan.domain import FactorSet, Period, Roundtrip, Vehicle
from fleetplan.domain.category import category_of
from fleetplan.economics import tco


@dataclass(frozen=True, slots=True)
class VehicleUse:
    vehicle_id: str
    name: str
    location_id: str | None
    category: str
    fuel: str
    days_used: int
    working_days: int
    share_of_working_days_used: float
    hours_in_use: float
    distance_km: float
    trips: int
    tco_dkk_per_km: float | None  # None: no km in the period, or no cost data
    is_idle: bool


def vehicle_use(
    vehicles: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    period: Period,
    factors: FactorSet | None = None,
    report: UtilisationReport | None = None,
) -> list[VehicleUse]:
    """One row per vehicle, in ``vehicles`` order (see the module docstring)."""
    report = report or utilisation(vehicles, roundtrips, period)
    period_h = (period.end - period.start).total_seconds() / 3600.0
    to_year = 365.0 / period.days
    rows = []
    for vehicle, use in zip(vehicles, report.vehicles, strict=True):
        per_km: float | None = None
        if factors is not None and use.distance_km > 0:
            try:
                yearly = tco(vehicle, use.distance_km * to_year, factors)
                per_km = yearly.total_dkk_per_km
            except (KeyError, ValueError):
                per_km = None
        rows.append(
            VehicleUse(
                vehicle_id=vehicle.vehicle_id,
                name=vehicle.name,
                location_id=vehicle.location_id,
                category=category_of(vehicle).value,
                fuel=vehicle.fuel.value,
                days_used=use.days_used,
                working_days=use.working_days,
                share_of_working_days_used=use.share_of_working_days_used,
                hours_in_use=use.share_of_time_away * period_h,
                distance_km=use.distance_km,
                trips=use.roundtrips,
                tco_dkk_per_km=per_km,
                is_idle=use.is_idle,
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class Availability:
    """Vehicles free for a whole hour, per location (rows in ``location_ids``
    order) and hour from ``start``."""

    start: datetime
    location_ids: tuple[str, ...]
    vehicles: tuple[int, ...]  # the location's fleet
    free: IntArray  # locations × hours

    def hour(self, index: int) -> datetime:
        return self.start + timedelta(hours=index)


def availability(
    vehicles: Sequence[Vehicle], roundtrips: Sequence[Roundtrip], period: Period
) -> Availability:
    """Per home location and hour: its vehicles not away at any moment of the hour.

    A vehicle away 08:50-09:10 is busy in both hours 08 and 09, so the count is
    what a booking for the whole hour could still get.
    """
    origin = period.start.replace(minute=0, second=0, microsecond=0)
    t0, t1 = period_minutes(period, origin)
    hours = max(1, -(-t1 // 60))
    index = {v.vehicle_id: i for i, v in enumerate(vehicles)}
    own = [r for r in roundtrips if r.vehicle_id in index]
    trips = to_arrays(own, origin)
    row = np.fromiter((index[r.vehicle_id] for r in own), np.int64, len(own))
    keep = (trips.end_min > t0) & (trips.start_min < t1)
    v, s, e = merge_per_vehicle(
        row[keep],
        np.clip(trips.start_min[keep], t0, t1),
        np.clip(trips.end_min[keep], t0, t1),
    )
    first = s // 60
    last = np.maximum(e - 1, s) // 60 + 1  # exclusive
    diff = np.zeros((len(vehicles), hours + 1), np.int64)
    np.add.at(diff, (v, first), 1)
    np.add.at(diff, (v, np.minimum(last, hours)), -1)
    busy = np.cumsum(diff, axis=1)[:, :hours] > 0
    locations = tuple(sorted({v.location_id or "" for v in vehicles}))
    home = np.array([locations.index(v.location_id or "") for v in vehicles])
    free = np.zeros((len(locations), hours), np.int64)
    fleet = []
    for i in range(len(locations)):
        mine = home == i if len(vehicles) else np.zeros(0, bool)
        fleet.append(int(mine.sum()))
        free[i] = fleet[-1] - busy[mine].sum(axis=0)
    return Availability(origin, locations, tuple(fleet), free)


def vehicle_trips(
    roundtrips: Sequence[Roundtrip], vehicle_id: str, period: Period
) -> list[Roundtrip]:
    """The vehicle's roundtrips overlapping ``period``, by start."""
    return sorted(
        (
            r
            for r in roundtrips
            if r.vehicle_id == vehicle_id
            and r.end_time > period.start
            and r.start_time < period.end
        ),
        key=lambda r: r.start_time,
    )
