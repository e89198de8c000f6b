"""Time zones: naive times in the file's zone, zoned times converted, the two
never mixed in one file, and one trip in two notations is one roundtrip."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from fleetplan.ingest.gps import (
    GpsInputError,
    TraceOptions,
    generate_trace,
    ingest_points,
    read_points_csv,
)
from fleetplan.ingest.gps.times import parse_times
from tests.ingest.gps.helpers import HOME, HOME_LAT, HOME_LON
from tests.ingest.gps.test_privacy import _roundtrips


def test_mixed_naive_and_zoned_times_are_refused_with_their_lines(
    tmp_path: Path,
) -> None:
    """The bug: a file mixing both was read and doubled the km. Now line 3 (zoned)
    and lines 2 and 4 (naive) are named."""
    path = tmp_path / "p.csv"
    path.write_text(
        "vehicle_id,time,lat,lon\n"
        "7,2026-03-02T07:00:00,56.1,10.2\n"
        "7,2026-03-02T06:01:00Z,56.1,10.2\n"
        "7,2026-03-02T07:02:00,56.1,10.2\n"
    )
    with pytest.raises(GpsInputError) as info:
        read_points_csv(path)
    assert info.value.code == "mixed_zones"
    assert (info.value.params["zoned"], info.value.params["naive"]) == ("3", "2, 4")


def test_naive_times_are_read_in_the_given_zone() -> None:
    """01:00 in New York (EST, UTC-5) is 07:00 in Copenhagen (CET, UTC+1)."""
    times = pl.Series("time", ["2026-03-02T01:00:00", "2026-03-02 01:30:00"])
    assert parse_times(times, "America/New_York").to_list() == [
        datetime(2026, 3, 2, 7),
        datetime(2026, 3, 2, 7, 30),
    ]


def test_zoned_times_become_copenhagen_wall_clock() -> None:
    times = pl.Series("time", ["2026-07-01T05:00:00Z", "2026-07-01T08:30:00+03:00"])
    assert parse_times(times).to_list() == [
        datetime(2026, 7, 1, 7),
        datetime(2026, 7, 1, 7, 30),
    ]


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(GpsInputError, match="Mars/Olympus"):
        parse_times(pl.Series("time", ["2026-03-02T07:00:00"]), "Mars/Olympus")


def test_danish_day_first_times_are_read() -> None:
    times = pl.Series("time", ["02-03-2026 07:00:00", "02-03-2026 07:05:00"])
    assert parse_times(times).to_list()[1] == datetime(2026, 3, 2, 7, 5)


def test_one_trip_in_two_notations_gives_the_same_roundtrips(
    tmp_path: Path,
) -> None:
    """The same points written as naive Copenhagen time and as UTC with "Z" give
    the same roundtrip ids, so storing both adds nothing twice."""
    points = generate_trace(
        _roundtrips()[:2],
        {"home": (HOME_LAT, HOME_LON)},
        seed=3,
        options=TraceOptions(),
    )
    naive = tmp_path / "naive.csv"
    points.write_csv(naive, datetime_format="%Y-%m-%dT%H:%M:%S%.6f")
    utc = tmp_path / "utc.csv"
    points.with_columns(
        pl.col("time")
        .dt.replace_time_zone("Europe/Copenhagen")
        .dt.convert_time_zone("UTC")
        .dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ")
    ).write_csv(utc)
    assert "Z" in utc.read_text().splitlines()[1]
    ids = [
        {
            r.roundtrip_id
            for r in ingest_points(
                read_points_csv(p), [HOME], {"v1": "home"}
            ).roundtrips
        }
        for p in (naive, utc)
    ]
    assert len(ids[0]) == 2
    assert ids[0] == ids[1]
