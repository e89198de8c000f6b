"""Tests of the point, GPX and trip-log readers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from fleetplan.ingest.gps import (
    POINT_SCHEMA,
    TRIP_SCHEMA,
    GpsInputError,
    read_gpx,
    read_points_csv,
    read_trips_csv,
)


def test_points_csv_with_optional_columns_missing(tmp_path: Path) -> None:
    """ignition and odometer_km become null columns; types follow POINT_SCHEMA."""
    path = tmp_path / "gps_points.csv"
    path.write_text("vehicle_id,time,lat,lon\n7,2026-03-02T07:00:00,56.1,10.2\n")
    frame = read_points_csv(path)
    assert frame.schema == pl.Schema(POINT_SCHEMA)
    assert frame.row(0) == ("7", datetime(2026, 3, 2, 7), 56.1, 10.2, None, None)


def test_points_csv_with_all_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "vehicle_id,time,lat,lon,ignition,odometer_km\n"
        "a,2026-03-02T07:00:00.5,56.1,10.2,1,1234.5\n"
    )
    row = read_points_csv(path).row(0)
    assert row == ("a", datetime(2026, 3, 2, 7, 0, 0, 500_000), 56.1, 10.2, 1, 1234.5)


def test_points_csv_missing_column_names_it(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("vehicle_id,time,lat\n1,2026-03-02T07:00:00,56.1\n")
    with pytest.raises(GpsInputError, match=r"column\(s\) lon missing"):
        read_points_csv(path)


def test_points_csv_bad_time_names_the_line(tmp_path: Path) -> None:
    """Line 3 of the file (second data row) has an unreadable time."""
    path = tmp_path / "p.csv"
    path.write_text(
        "vehicle_id,time,lat,lon\n1,2026-03-02T07:00:00,56.1,10.2\n1,yesterday,56,10\n"
    )
    with pytest.raises(GpsInputError, match=r"line\(s\) 3: column time"):
        read_points_csv(path)


def test_gpx_track_points(tmp_path: Path) -> None:
    path = tmp_path / "van-3.gpx"
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        "<trk><trkseg>"
        '<trkpt lat="56.1" lon="10.2"><time>2026-03-02T07:00:00Z</time></trkpt>'
        '<trkpt lat="56.2" lon="10.3"><time>2026-03-02T07:01:00Z</time></trkpt>'
        "</trkseg></trk></gpx>"
    )
    frame = read_gpx(path)
    assert frame["vehicle_id"].to_list() == ["van-3", "van-3"]
    assert frame["lat"].to_list() == [56.1, 56.2]
    # 07:00 UTC is 08:00 in Copenhagen in March (CET, UTC+1)
    assert frame["time"].to_list() == [
        datetime(2026, 3, 2, 8),
        datetime(2026, 3, 2, 8, 1),
    ]


def test_gpx_not_xml(tmp_path: Path) -> None:
    path = tmp_path / "x.gpx"
    path.write_text("<gpx><trk>")
    with pytest.raises(GpsInputError, match="not valid GPX"):
        read_gpx(path, "v")


def test_trips_csv(tmp_path: Path) -> None:
    path = tmp_path / "trips.csv"
    path.write_text(
        ",".join(TRIP_SCHEMA) + "\n"
        "5,2026-03-02T07:00:00,2026-03-02T07:30:00,56.1,10.2,56.2,10.3,12.5\n"
    )
    frame = read_trips_csv(path)
    assert frame.schema == pl.Schema(TRIP_SCHEMA)
    assert frame["distance_km"].to_list() == [12.5]


def test_trips_csv_end_before_start(tmp_path: Path) -> None:
    path = tmp_path / "trips.csv"
    path.write_text(
        ",".join(TRIP_SCHEMA) + "\n"
        "5,2026-03-02T08:00:00,2026-03-02T07:30:00,56.1,10.2,56.2,10.3,12.5\n"
    )
    with pytest.raises(GpsInputError, match=r"line\(s\) 2: trips end before"):
        read_trips_csv(path)


def test_times_with_offsets_become_local(tmp_path: Path) -> None:
    """+02:00 in July is Copenhagen summer time: wall clock unchanged; 05:00Z in July
    is 07:00 (CEST, UTC+2)."""
    path = tmp_path / "p.csv"
    path.write_text(
        "vehicle_id,time,lat,lon\n"
        "a,2026-07-02T08:00:00+02:00,56.1,10.2\n"
        "a,2026-07-02T05:00:00Z,56.1,10.2\n"
    )
    frame = read_points_csv(path)
    assert frame.schema["time"] == pl.Datetime("us")
    assert frame["time"].to_list() == [datetime(2026, 7, 2, 8), datetime(2026, 7, 2, 7)]
