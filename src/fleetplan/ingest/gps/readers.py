"""Read GPS point logs (CSV, GPX) and trip logs (CSV) into polars frames.

Point frames always have the columns of ``POINT_SCHEMA`` (``ignition`` and
``odometer_km`` null when the source has none); trip frames those of
``TRIP_SCHEMA``. Frames live in memory only: nothing here writes positions anywhere.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

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

_POINT_REQUIRED = ("vehicle_id", "time", "lat", "lon")

# Fleetplan keeps local wall-clock times without zone (data-format.md); times that
# carry a zone or offset (GPX "Z", "+02:00") are converted to this zone.
LOCAL_TIME_ZONE = "Europe/Copenhagen"


class GpsInputError(ValueError):
    """A GPS or trip file cannot be read; the message names file, row and column."""


def empty_points() -> pl.DataFrame:
    return pl.DataFrame(schema=POINT_SCHEMA)


def empty_trips() -> pl.DataFrame:
    return pl.DataFrame(schema=TRIP_SCHEMA)


_ZONE = r"(Z|[+-]\d{2}:?\d{2})$"


def _to_datetime(expr: pl.Expr, time_zone: str = LOCAL_TIME_ZONE) -> pl.Expr:
    """ISO 8601 text to naive local time; a trailing "Z" or "+hh:mm" offset is
    applied and the instant shown in ``time_zone``."""
    text = expr.str.strip_chars()
    zone = text.str.extract(_ZONE, 1)
    naive = text.str.replace(_ZONE, "").str.to_datetime(time_unit="us", strict=False)
    digits = zone.str.replace(":", "")
    offset_min = (
        pl.when(zone == "Z")
        .then(0)
        .otherwise(
            (
                digits.str.slice(1, 2).cast(pl.Int64, strict=False) * 60
                + digits.str.slice(3, 2).cast(pl.Int64, strict=False)
            )
            * pl.when(digits.str.starts_with("-")).then(-1).otherwise(1)
        )
    )
    local = (
        (naive - pl.duration(minutes=offset_min))
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(time_zone)
        .dt.replace_time_zone(None)
    )
    return pl.when(zone.is_null()).then(naive).otherwise(local)


def _check_parsed(raw: pl.DataFrame, parsed: pl.DataFrame, source: str) -> None:
    """Raise naming the first rows where a non-empty cell did not parse."""
    for column in parsed.columns:
        if column not in raw.columns:
            continue
        bad = (raw[column].is_not_null() & (raw[column].cast(pl.Utf8) != "")) & parsed[
            column
        ].is_null()
        if bad.any():
            rows = (bad.arg_true() + 2).head(5).to_list()  # header is line 1
            raise GpsInputError(
                f"{source}: column {column!r} has values that cannot be read on "
                f"line(s) {rows}; fix them (times as ISO 8601, numbers with a "
                f"decimal point) and ingest again."
            )


def normalise_points(
    frame: pl.DataFrame, source: str = "points", time_zone: str = LOCAL_TIME_ZONE
) -> pl.DataFrame:
    """Cast a frame with at least vehicle_id, time, lat, lon to ``POINT_SCHEMA``."""
    missing = [c for c in _POINT_REQUIRED if c not in frame.columns]
    if missing:
        raise GpsInputError(
            f"{source}: missing column(s) {missing}; a point log needs "
            f"vehicle_id,time,lat,lon and optionally ignition,odometer_km."
        )
    exprs: list[pl.Expr] = []
    for name, dtype in POINT_SCHEMA.items():
        if name not in frame.columns:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
        elif name == "time" and frame.schema[name] == pl.Utf8:
            exprs.append(_to_datetime(pl.col(name), time_zone).alias(name))
        elif name == "time":
            exprs.append(pl.col(name).cast(pl.Datetime("us")).alias(name))
        else:
            exprs.append(pl.col(name).cast(dtype, strict=False).alias(name))
    parsed = frame.select(exprs)
    _check_parsed(frame, parsed, source)
    return parsed


def read_points_csv(path: Path) -> pl.DataFrame:
    """Read ``gps_points.csv`` (vehicle_id,time,lat,lon,[ignition],[odometer_km])."""
    try:
        raw = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise GpsInputError(f"{path}: cannot read the point log: {exc}") from exc
    return normalise_points(raw, str(path))


def read_gpx(path: Path, vehicle_id: str | None = None) -> pl.DataFrame:
    """Read the track points of a GPX file; the vehicle is ``vehicle_id`` or the
    file name without extension. GPX times are UTC; they become local time."""
    vid = vehicle_id or path.stem
    times: list[str] = []
    lats: list[str] = []
    lons: list[str] = []
    try:
        for _event, elem in ET.iterparse(path):
            if not elem.tag.endswith("trkpt"):
                continue
            time_text = next(
                (c.text for c in elem if c.tag.endswith("time") and c.text), None
            )
            if time_text is None:
                raise GpsInputError(
                    f"{path}: track point {len(times) + 1} has no <time>; every point "
                    f"needs one."
                )
            times.append(time_text)
            lats.append(elem.get("lat", ""))
            lons.append(elem.get("lon", ""))
            elem.clear()
    except ET.ParseError as exc:
        raise GpsInputError(f"{path}: not valid GPX/XML: {exc}") from exc
    raw = pl.DataFrame(
        {"vehicle_id": [vid] * len(times), "time": times, "lat": lats, "lon": lons}
    )
    return normalise_points(raw, str(path))


def read_trips_csv(path: Path) -> pl.DataFrame:
    """Read a trip log: one row per trip with the columns of ``TRIP_SCHEMA``."""
    try:
        raw = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise GpsInputError(f"{path}: cannot read the trip log: {exc}") from exc
    return normalise_trips(raw, str(path))


def normalise_trips(
    frame: pl.DataFrame, source: str = "trips", time_zone: str = LOCAL_TIME_ZONE
) -> pl.DataFrame:
    """Cast a trip frame to ``TRIP_SCHEMA`` (all columns required)."""
    missing = [c for c in TRIP_SCHEMA if c not in frame.columns]
    if missing:
        raise GpsInputError(
            f"{source}: missing column(s) {missing}; a trip log needs "
            f"{', '.join(TRIP_SCHEMA)}."
        )
    exprs = [
        _to_datetime(pl.col(n), time_zone).alias(n)
        if dtype == pl.Datetime("us") and frame.schema[n] == pl.Utf8
        else pl.col(n).cast(dtype, strict=False).alias(n)
        for n, dtype in TRIP_SCHEMA.items()
    ]
    parsed = frame.select(exprs)
    _check_parsed(frame, parsed, source)
    bad = parsed.with_row_index("row").filter(
        (pl.col("end_time") < pl.col("start_time")) | (pl.col("distance_km") < 0)
    )
    if bad.height:
        rows = (bad["row"] + 2).head(5).to_list()
        raise GpsInputError(
            f"{source}: line(s) {rows} end before they start or have negative "
            f"distance_km; correct them and ingest again."
        )
    return parsed
