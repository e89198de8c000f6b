"""Column schemas of GPS point and trip frames, and the zone of stored times."""

from __future__ import annotations

import polars as pl

POINT_SCHEMA: dict[str, pl.DataType] = {
    "vehicle_id": pl.Utf8(),
    "time": pl.Datetime("us"),
    "lat": pl.Float64(),
    "lon": pl.Float64(),
    "ignition": pl.Int8(),
    "odometer_km": pl.Float64(),
}

TRIP_SCHEMA: dict[str, pl.DataType] = {
    "vehicle_id": pl.Utf8(),
    "start_time": pl.Datetime("us"),
    "end_time": pl.Datetime("us"),
    "start_lat": pl.Float64(),
    "start_lon": pl.Float64(),
    "end_lat": pl.Float64(),
    "end_lon": pl.Float64(),
    "distance_km": pl.Float64(),
}

POINT_REQUIRED = ("vehicle_id", "time", "lat", "lon")

# Fleetplan keeps local wall-clock times without zone (data-format.md): every time
# is converted to this zone, whatever the zone or offset it arrived in.
LOCAL_TIME_ZONE = "Europe/Copenhagen"


def empty_points() -> pl.DataFrame:
    return pl.DataFrame(schema=POINT_SCHEMA)


def empty_trips() -> pl.DataFrame:
    return pl.DataFrame(schema=TRIP_SCHEMA)
