"""Column schemas of GPS point and trip frames, and the zone of stored times."""

from __future__ import annotations

import polars as pl

from fleetplan.ingest.gps.columns import LOCAL_TIME_ZONE as LOCAL_TIME_ZONE
from fleetplan.ingest.gps.columns import POINT_COLUMNS, TRIP_COLUMNS
from fleetplan.ingest.gps.columns import POINT_REQUIRED as POINT_REQUIRED

_TIME = pl.Datetime("us")
POINT_SCHEMA: dict[str, pl.DataType] = dict(
    zip(
        POINT_COLUMNS,
        (pl.Utf8(), _TIME, pl.Float64(), pl.Float64(), pl.Int8(), pl.Float64()),
        strict=True,
    )
)
TRIP_SCHEMA: dict[str, pl.DataType] = dict(
    zip(TRIP_COLUMNS, (pl.Utf8(), _TIME, _TIME, *[pl.Float64()] * 5), strict=True)
)


def empty_points() -> pl.DataFrame:
    return pl.DataFrame(schema=POINT_SCHEMA)


def empty_trips() -> pl.DataFrame:
    return pl.DataFrame(schema=TRIP_SCHEMA)
