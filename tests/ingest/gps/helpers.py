"""Small hand-made GPS inputs for the tests (positions in metres from a home)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np
import polars as pl

from fleetplan.domain import Location
from fleetplan.ingest.gps import POINT_SCHEMA, TRIP_SCHEMA
from fleetplan.ingest.gps.geo import offset_deg

HOME_LAT, HOME_LON = 56.0, 10.0
T0 = datetime(2026, 3, 2, 6, 0)
HOME = Location("home", "Depot", lat=HOME_LAT, lon=HOME_LON)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def position(east_m: float, north_m: float = 0.0) -> tuple[float, float]:
    lat, lon = offset_deg(HOME_LAT, HOME_LON, np.array([east_m]), np.array([north_m]))
    return float(lat[0]), float(lon[0])


def trips_frame(
    rows: Sequence[tuple[str, float, float, float, float, float]],
) -> pl.DataFrame:
    """Rows of (vehicle, start_min, end_min, from_east_m, to_east_m, km)."""
    data = []
    for vehicle, start, end, east_a, east_b, km in rows:
        lat_a, lon_a = position(east_a)
        lat_b, lon_b = position(east_b)
        data.append((vehicle, at(start), at(end), lat_a, lon_a, lat_b, lon_b, km))
    return pl.DataFrame(data, schema=TRIP_SCHEMA, orient="row")


def points_frame(
    rows: Sequence[tuple[str, float, float, float]],
    ignition: Sequence[int | None] | None = None,
    odometer_km: Sequence[float | None] | None = None,
) -> pl.DataFrame:
    """Rows of (vehicle, minute, east_m, north_m)."""
    data = []
    for k, (vehicle, minute, east, north) in enumerate(rows):
        lat, lon = position(east, north)
        ign = None if ignition is None else ignition[k]
        odo = None if odometer_km is None else odometer_km[k]
        data.append((vehicle, at(minute), lat, lon, ign, odo))
    return pl.DataFrame(data, schema=POINT_SCHEMA, orient="row")


def drive(
    vehicle: str,
    start_min: float,
    end_min: float,
    east_a: float,
    east_b: float,
    step_s: float = 10.0,
) -> list[tuple[str, float, float, float]]:
    """A straight east-west drive at constant speed sampled every ``step_s``."""
    n = round((end_min - start_min) * 60 / step_s)
    return [
        (
            vehicle,
            start_min + (end_min - start_min) * k / n,
            east_a + (east_b - east_a) * k / n,
            0.0,
        )
        for k in range(n + 1)
    ]


def park(
    vehicle: str, start_min: float, end_min: float, east: float, step_min: float = 1.0
) -> list[tuple[str, float, float, float]]:
    """Reports while parked, strictly after ``start_min`` and before ``end_min``."""
    n = int((end_min - start_min) / step_min)
    return [(vehicle, start_min + step_min * k, east, 0.0) for k in range(1, n)]
