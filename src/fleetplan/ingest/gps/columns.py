"""Column names of GPS point and trip logs, the zone of stored times and the
check of a given zone: without polars, so a header can be checked before (or
without) parsing the file (``schema`` types these columns for polars)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fleetplan.ingest.gps.errors import GpsInputError

POINT_COLUMNS = ("vehicle_id", "time", "lat", "lon", "ignition", "odometer_km")
POINT_REQUIRED = ("vehicle_id", "time", "lat", "lon")
TRIP_COLUMNS = (
    "vehicle_id",
    "start_time",
    "end_time",
    "start_lat",
    "start_lon",
    "end_lat",
    "end_lon",
    "distance_km",
)

# Fleetplan keeps local wall-clock times without zone (data-format.md): every time
# is converted to this zone, whatever the zone or offset it arrived in.
LOCAL_TIME_ZONE = "Europe/Copenhagen"


def check_zone(time_zone: str) -> str:
    """``time_zone`` when the tz database knows it; else a ``GpsInputError``."""
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise GpsInputError("unknown_zone", zone=time_zone) from exc
    return time_zone
