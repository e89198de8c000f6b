"""Read GPS point logs (CSV, gzip CSV, GPX) and trip logs (CSV) into polars frames.

Point frames always have the columns of ``POINT_SCHEMA`` (``ignition`` and
``odometer_km`` null when the source has none); trip frames those of
``TRIP_SCHEMA``. Times become naive Copenhagen wall-clock times (``times``).
Frames live in memory only: nothing here writes positions anywhere.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from fleetplan.ingest.gps.csv_reader import Kind, read_bytes, read_gps_csv
from fleetplan.ingest.gps.errors import GpsInputError, lines_text, warning
from fleetplan.ingest.gps.schema import (
    LOCAL_TIME_ZONE,
    POINT_REQUIRED,
    POINT_SCHEMA,
    TRIP_SCHEMA,
    empty_points,
    empty_trips,
)
from fleetplan.ingest.gps.times import FixedTimes, parse_times

__all__ = [
    "LOCAL_TIME_ZONE",
    "POINT_SCHEMA",
    "TRIP_SCHEMA",
    "GpsInputError",
    "GpsRead",
    "empty_points",
    "empty_trips",
    "normalise_points",
    "normalise_trips",
    "read_gps_file",
    "read_gpx",
    "read_points_csv",
    "read_trips_csv",
]

_IGNITION = {"1": 1, "0": 0, "1.0": 1, "0.0": 0, "true": 1, "false": 0}
_IGNITION |= {"on": 1, "off": 0, "yes": 1, "no": 0}
_FLOAT_ID = r"^(\d+)\.0+$"


@dataclass(frozen=True, slots=True)
class GpsRead:
    """A file read into ``frame``, with its kind and warnings (no cell values)."""

    frame: pl.DataFrame
    kind: Kind
    warnings: list[dict[str, Any]] = field(default_factory=list)


def _to_fix(ids: pl.Series) -> bool:
    """Whether some id is padded, written as a decimal or empty."""
    padded = ids.str.starts_with(" ") | ids.str.ends_with(" ")
    return bool(
        padded.any()
        or ids.str.ends_with(".0").any()
        or (ids.str.len_bytes() == 0).any()
    )


def _vehicle_ids(
    column: pl.Series, source: str, notes: list[dict[str, Any]]
) -> pl.Series:
    """Ids stripped; ids written as decimals by a spreadsheet (``977106.0``) lose
    the ``.0`` so that they match the register."""
    ids = column.cast(pl.Utf8)
    # each row's id is its run's: a log grouped by vehicle has a few runs, so
    # the checks read a few values (the fixes below still read every row)
    if not _to_fix(ids.rle().struct.field("value")):
        return ids.alias("vehicle_id")
    padded = ids.str.starts_with(" ") | ids.str.ends_with(" ")
    if padded.any():  # cheap checks first: a large log rarely needs the strip
        ids = ids.str.strip_chars()
    floats = ids.str.ends_with(".0").fill_null(False)
    if floats.any():
        floats = floats & ids.str.contains(_FLOAT_ID).fill_null(False)
    if floats.any():
        example = ids.filter(floats).head(1).to_list()[0]
        notes.append(
            warning(
                "float_ids",
                file=source,
                count=ids.filter(floats).n_unique(),
                example=example,
            )
        )
        ids = ids.str.replace(_FLOAT_ID, "$1")
    if (ids.str.len_bytes() == 0).any():
        ids = pl.select(pl.when(ids != "").then(ids)).to_series()
    return ids.alias("vehicle_id")


def _numbers(frame: pl.DataFrame, column: str, source: str) -> pl.Series:
    col = frame[column]
    if col.dtype == pl.Float64:
        return col
    text = col.cast(pl.Utf8).str.strip_chars()
    parsed = text.str.replace(",", ".").cast(pl.Float64, strict=False)
    bad = text.is_not_null() & (text != "") & parsed.is_null()
    if bad.any():
        raise GpsInputError(
            "bad_numbers",
            file=source,
            lines=lines_text((bad.arg_true() + 2).to_list()),
            column=column,
        )
    return parsed


def _nulls(name: str, length: int, dtype: pl.DataType) -> pl.Series:
    """An empty column without a Python list as long as the log."""
    return pl.repeat(None, length, dtype=dtype, eager=True).alias(name)


def _ignition(column: pl.Series) -> pl.Series:
    if column.null_count() == column.len():
        return _nulls(column.name, column.len(), pl.Int8())
    if column.dtype != pl.Utf8:
        return column.cast(pl.Int8, strict=False)
    text = column.str.strip_chars().str.to_lowercase()
    return text.replace_strict(_IGNITION, default=None, return_dtype=pl.Int8)


def _finish(
    frame: pl.DataFrame,
    schema: dict[str, pl.DataType],
    source: str,
    time_zone: str,
    notes: list[dict[str, Any]],
    times: FixedTimes | None = None,
) -> pl.DataFrame:
    columns: list[pl.Series] = []
    for name, dtype in schema.items():
        if name not in frame.columns:
            columns.append(_nulls(name, frame.height, dtype))
        elif name == "vehicle_id":
            columns.append(_vehicle_ids(frame[name], source, notes))
        elif dtype == pl.Datetime("us"):
            fixed = times if name == "time" else None
            columns.append(
                parse_times(
                    frame[name], time_zone, file=source, column=name, fixed=fixed
                )
            )
        elif name == "ignition":
            columns.append(_ignition(frame[name]).alias(name))
        else:
            columns.append(_numbers(frame, name, source).alias(name))
    return pl.DataFrame(columns)


def normalise_points(
    frame: pl.DataFrame,
    source: str = "points",
    time_zone: str = LOCAL_TIME_ZONE,
    notes: list[dict[str, Any]] | None = None,
    times: FixedTimes | None = None,
) -> pl.DataFrame:
    """Cast a frame with at least vehicle_id, time, lat, lon to ``POINT_SCHEMA``
    (``times``: its time column parsed already, see ``GpsFile.times``)."""
    missing = [c for c in POINT_REQUIRED if c not in frame.columns]
    if missing:
        raise GpsInputError("missing_columns", file=source, columns=", ".join(missing))
    notes = [] if notes is None else notes
    return _finish(frame, POINT_SCHEMA, source, time_zone, notes, times)


def normalise_trips(
    frame: pl.DataFrame,
    source: str = "trips",
    time_zone: str = LOCAL_TIME_ZONE,
    notes: list[dict[str, Any]] | None = None,
) -> pl.DataFrame:
    """Cast a trip frame to ``TRIP_SCHEMA`` (all columns required)."""
    missing = [c for c in TRIP_SCHEMA if c not in frame.columns]
    if missing:
        raise GpsInputError("missing_columns", file=source, columns=", ".join(missing))
    parsed = _finish(
        frame, TRIP_SCHEMA, source, time_zone, [] if notes is None else notes
    )
    bad = (pl.col("end_time") < pl.col("start_time")) | (pl.col("distance_km") < 0)
    rows = parsed.with_row_index("row").filter(bad)["row"]
    if rows.len():
        raise GpsInputError(
            "trip_order", file=source, lines=lines_text((rows + 2).to_list())
        )
    return parsed


def read_gpx(
    path: Path, vehicle_id: str | None = None, time_zone: str = LOCAL_TIME_ZONE
) -> pl.DataFrame:
    """Read the track points of a GPX file; the vehicle is ``vehicle_id`` or the
    file name without extension. GPX times are UTC; they become local time."""
    vid = vehicle_id or path.stem.removesuffix(".gpx")
    times: list[str] = []
    lats: list[str] = []
    lons: list[str] = []
    parser = ET.XMLPullParser(events=("end",))
    try:
        parser.feed(read_bytes(path))
        for _event, elem in parser.read_events():
            if not elem.tag.endswith("trkpt"):
                continue
            time_text = next(
                (c.text for c in elem if c.tag.endswith("time") and c.text), None
            )
            if time_text is None:
                raise GpsInputError("gpx_no_time", file=path.name, point=len(times) + 1)
            times.append(time_text)
            lats.append(elem.get("lat", ""))
            lons.append(elem.get("lon", ""))
            elem.clear()
        parser.close()
    except ET.ParseError as exc:
        raise GpsInputError(
            "gpx_invalid", file=path.name, line=exc.position[0]
        ) from None
    raw = pl.DataFrame(
        {"vehicle_id": [vid] * len(times), "time": times, "lat": lats, "lon": lons},
        schema={c: pl.Utf8 for c in ("vehicle_id", "time", "lat", "lon")},
    )
    return normalise_points(raw, path.name, time_zone)


def read_gps_file(path: Path, time_zone: str = LOCAL_TIME_ZONE) -> GpsRead:
    """A point log (CSV with lat/lon, or GPX; plain or gzip) or a trip log (CSV
    with start_time), with the warnings met while reading it."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gpx"] or suffixes[-2:] == [".gpx", ".gz"]:
        return GpsRead(read_gpx(path, time_zone=time_zone), "points")
    found = read_gps_csv(path)
    notes = list(found.warnings)
    if found.kind == "trips":
        frame = normalise_trips(found.raw, found.name, time_zone, notes)
    else:
        frame = normalise_points(found.raw, found.name, time_zone, notes, found.times)
    return GpsRead(frame, found.kind, notes)


def read_points_csv(path: Path, time_zone: str = LOCAL_TIME_ZONE) -> pl.DataFrame:
    """Read ``gps_points.csv`` (vehicle_id,time,lat,lon,[ignition],[odometer_km])."""
    read = read_gps_file(path, time_zone)
    if read.kind != "points":
        raise GpsInputError("missing_columns", file=path.name, columns="lat, lon")
    return read.frame


def read_trips_csv(path: Path, time_zone: str = LOCAL_TIME_ZONE) -> pl.DataFrame:
    """Read a trip log: one row per trip with the columns of ``TRIP_SCHEMA``."""
    read = read_gps_file(path, time_zone)
    if read.kind != "trips":
        missing = ", ".join(c for c in TRIP_SCHEMA if c not in read.frame.columns)
        raise GpsInputError("missing_columns", file=path.name, columns=missing)
    return read.frame
