"""GPS ingestion: points or trip logs to roundtrips, privacy-first.

Positions exist only in the in-memory frames passed to these functions; results,
states and logs hold times, km and home location ids only.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fleetplan.ingest.gps.clean import clean_points as clean_points
    from fleetplan.ingest.gps.errors import GpsInputError as GpsInputError
    from fleetplan.ingest.gps.homes import HomeCandidate as HomeCandidate
    from fleetplan.ingest.gps.homes import suggest_homes as suggest_homes
    from fleetplan.ingest.gps.pipeline import ingest_points as ingest_points
    from fleetplan.ingest.gps.pipeline import ingest_trips as ingest_trips
    from fleetplan.ingest.gps.precision import ParkingPointTrial as ParkingPointTrial
    from fleetplan.ingest.gps.precision import (
        precision_by_location as precision_by_location,
    )
    from fleetplan.ingest.gps.precision import test_parking_point as test_parking_point
    from fleetplan.ingest.gps.readers import POINT_SCHEMA as POINT_SCHEMA
    from fleetplan.ingest.gps.readers import TRIP_SCHEMA as TRIP_SCHEMA
    from fleetplan.ingest.gps.readers import GpsRead as GpsRead
    from fleetplan.ingest.gps.readers import normalise_points as normalise_points
    from fleetplan.ingest.gps.readers import normalise_trips as normalise_trips
    from fleetplan.ingest.gps.readers import read_gps_file as read_gps_file
    from fleetplan.ingest.gps.readers import read_gpx as read_gpx
    from fleetplan.ingest.gps.readers import read_points_csv as read_points_csv
    from fleetplan.ingest.gps.readers import read_trips_csv as read_trips_csv
    from fleetplan.ingest.gps.results import CleanReport as CleanReport
    from fleetplan.ingest.gps.results import IngestResult as IngestResult
    from fleetplan.ingest.gps.results import KmTally as KmTally
    from fleetplan.ingest.gps.retention import (
        DEFAULT_RETENTION_MONTHS as DEFAULT_RETENTION_MONTHS,
    )
    from fleetplan.ingest.gps.retention import expired as expired
    from fleetplan.ingest.gps.retention import retention_cutoff as retention_cutoff
    from fleetplan.ingest.gps.roundtrips import build_roundtrips as build_roundtrips
    from fleetplan.ingest.gps.settings import GpsSettings as GpsSettings
    from fleetplan.ingest.gps.state import VehicleState as VehicleState
    from fleetplan.ingest.gps.state import roundtrip_id as roundtrip_id
    from fleetplan.ingest.gps.tracegen import TraceOptions as TraceOptions
    from fleetplan.ingest.gps.tracegen import generate_trace as generate_trace
    from fleetplan.ingest.gps.trips import points_to_trips as points_to_trips
    from fleetplan.ingest.gps.truck_days import TruckDays as TruckDays
    from fleetplan.ingest.gps.truck_days import truck_days as truck_days

# Each name's module is imported on first use (PEP 562): the NumPy and polars
# behind the pipeline are not loaded for a header-only file (``empty_file``).
_MODULE_OF = {
    "CleanReport": "results",
    "clean_points": "clean",
    "HomeCandidate": "homes",
    "suggest_homes": "homes",
    "IngestResult": "results",
    "ingest_points": "pipeline",
    "ingest_trips": "pipeline",
    "ParkingPointTrial": "precision",
    "precision_by_location": "precision",
    "test_parking_point": "precision",
    "POINT_SCHEMA": "readers",
    "TRIP_SCHEMA": "readers",
    "GpsInputError": "errors",
    "GpsRead": "readers",
    "normalise_points": "readers",
    "normalise_trips": "readers",
    "read_gps_file": "readers",
    "read_gpx": "readers",
    "read_points_csv": "readers",
    "read_trips_csv": "readers",
    "DEFAULT_RETENTION_MONTHS": "retention",
    "expired": "retention",
    "retention_cutoff": "retention",
    "KmTally": "results",
    "build_roundtrips": "roundtrips",
    "GpsSettings": "settings",
    "VehicleState": "state",
    "roundtrip_id": "state",
    "TraceOptions": "tracegen",
    "generate_trace": "tracegen",
    "points_to_trips": "trips",
    "TruckDays": "truck_days",
    "truck_days": "truck_days",
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once found, a plain attribute
    return value


__all__ = [
    "DEFAULT_RETENTION_MONTHS",
    "POINT_SCHEMA",
    "TRIP_SCHEMA",
    "CleanReport",
    "GpsInputError",
    "GpsRead",
    "GpsSettings",
    "HomeCandidate",
    "IngestResult",
    "KmTally",
    "ParkingPointTrial",
    "TraceOptions",
    "TruckDays",
    "VehicleState",
    "build_roundtrips",
    "clean_points",
    "expired",
    "generate_trace",
    "ingest_points",
    "ingest_trips",
    "normalise_points",
    "normalise_trips",
    "points_to_trips",
    "precision_by_location",
    "read_gps_file",
    "read_gpx",
    "read_points_csv",
    "read_trips_csv",
    "retention_cutoff",
    "roundtrip_id",
    "suggest_homes",
    "test_parking_point",
    "truck_days",
]
