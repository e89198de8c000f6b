"""A header-only GPS file is answered without polars (``empty_file``): the
answer must be the one the reader and the pipeline give for the same file."""

from __future__ import annotations

import gzip
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fleetplan.domain import Dataset, Fuel, Location, Segment, Vehicle, VehicleType
from fleetplan.ingest.gps import (
    GpsInputError,
    GpsSettings,
    generate_trace,
    ingest_points,
    ingest_trips,
    read_gps_file,
)
from fleetplan.ingest.gps.empty_file import empty_result, read_empty_file
from fleetplan.ingest.gps.schema import empty_points, empty_trips
from fleetplan.ingest.gps.state import OpenRoundtrip, VehicleState
from fleetplan.store import (
    create_engine_for,
    gps_sync,
    list_cursors,
    save_dataset,
    upgrade_database,
)
from tests.ingest.gps.test_sync import _roundtrips

HOME = Location("home", "Depot", lat=55.70, lon=12.40)
DEPOT = Location("depot", "Other", lat=55.80, lon=12.50)
T0 = datetime(2026, 3, 2, 7)

HEADERS = {
    "points": b"vehicle_id,time,lat,lon\n",
    "points_no_newline": b"vehicle_id,time,lat,lon",
    "points_crlf_bom": "\ufeffvehicle_id;time;lat;lon\r\n".encode(),
    "points_extra": b"vehicle_id,time,lat,lon,speed,odometer_km,driver\n",
    "points_quoted_tabs": b'"vehicle_id"\t"time"\t"lat"\t"lon"\t"ignition"\n',
    "trips": b"vehicle_id,start_time,end_time,start_lat,start_lon,end_lat,end_lon,"
    b"distance_km,purpose\n",
}


def _write(tmp_path: Path, name: str, data: bytes, gz: bool = False) -> Path:
    path = tmp_path / (f"{name}.csv.gz" if gz else f"{name}.csv")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("name", sorted(HEADERS))
def test_a_header_is_read_as_the_reader_reads_it(
    tmp_path: Path, name: str, gz: bool
) -> None:
    path = _write(tmp_path, name, HEADERS[name], gz)
    full = read_gps_file(path)
    empty = read_empty_file(path, "Europe/Copenhagen")
    assert empty is not None
    assert full.frame.height == 0
    assert (empty.kind, empty.warnings) == (full.kind, full.warnings)


@pytest.mark.parametrize(
    "data",
    [
        b"vehicle_id,time,lat,lon\n7,2026-03-02T07:00:00,55.7,12.4\n",  # a row
        b"vehicle_id,time,lat,lon\n\n",  # a blank line: the reader decides
        b"vehicle_id,time,lat\n",  # missing columns: the reader refuses
        b"vehicle_id,time,lat,lon,lat\n",  # a column twice
        b"vehicle_id,time,lat,lon\r7,x,1,2\r",  # old Mac line ends
        b"PK\x03\x04xl/",  # a workbook
        b"",
    ],
)
def test_anything_but_one_good_header_is_left_to_the_reader(
    tmp_path: Path, data: bytes
) -> None:
    assert read_empty_file(_write(tmp_path, "x", data), "UTC") is None


def test_a_large_file_and_gpx_are_not_read_twice(tmp_path: Path) -> None:
    big = _write(tmp_path, "big", b"vehicle_id,time,lat,lon" + b" " * 70_000)
    gpx = tmp_path / "v1.gpx"
    gpx.write_text("<gpx></gpx>")
    assert read_empty_file(big, "UTC") is None
    assert read_empty_file(gpx, "UTC") is None


def test_an_unknown_zone_is_refused_as_the_reader_refuses_it(tmp_path: Path) -> None:
    path = _write(tmp_path, "p", HEADERS["points"])
    with pytest.raises(GpsInputError) as full:
        read_gps_file(path, "Mars/Olympus")
    with pytest.raises(GpsInputError) as empty:
        read_empty_file(path, "Mars/Olympus")
    assert empty.value.code == full.value.code == "unknown_zone"
    assert empty.value.params == full.value.params


def _states() -> dict[str, dict[str, Any]]:
    leg = Segment(T0, T0 + timedelta(minutes=30), 12.5)
    open_rt = OpenRoundtrip("home", T0, [leg])
    later = T0 + timedelta(hours=1)
    return {
        "open": VehicleState("home", later, open_rt, "home").to_dict(),
        "moved": VehicleState("home", T0, None, "home", "home").to_dict(),
        "stranger": VehicleState("home", T0, None, "home").to_dict(),
        "blank": {},
    }


@pytest.mark.parametrize("kind", ["points", "trips"])
def test_no_rows_give_what_the_pipeline_gives(kind: str) -> None:
    """States carry over (the register moved ``moved`` to depot; ``stranger`` is
    no longer registered), tallies, counts and the clean report as the pipeline's."""
    homes = {"open": "home", "moved": "depot", "blank": "home"}
    settings = GpsSettings()
    run = ingest_points if kind == "points" else ingest_trips
    frame = empty_points() if kind == "points" else empty_trips()
    states = _states()
    expected = run(frame, [HOME, DEPOT], homes, states, settings)
    assert expected.states["moved"]["home_id"] == "depot"  # the case is covered
    assert empty_result(kind, states, homes) == expected
    assert empty_result(kind, None, homes) == run(frame, [HOME], homes, None)


@pytest.fixture
def with_cursors(tmp_path: Path) -> Path:
    """A database whose file cursors hold an earlier run's states."""
    db = tmp_path / "fleet.sqlite"
    upgrade_database(f"sqlite:///{db}")
    engine = create_engine_for(f"sqlite:///{db}")
    van = Vehicle("v1", VehicleType.EV, Fuel.ELECTRIC, location_id="home")
    save_dataset(engine, Dataset(locations=(HOME, DEPOT), vehicles=(van,)))
    trace = generate_trace(_roundtrips(), {"home": (HOME.lat, HOME.lon)}, seed=8)
    trace = trace.head(trace.height - 40)  # ends away: a roundtrip stays open
    points = tmp_path / "points.csv"
    trace.write_csv(points, datetime_format="%Y-%m-%dT%H:%M:%S")
    first = gps_sync.ingest_file(engine, points, T0 + timedelta(days=9))
    assert first.ok and first.rows_added > 0
    van = Vehicle("v1", VehicleType.EV, Fuel.ELECTRIC, location_id="depot")
    save_dataset(engine, Dataset(locations=(HOME, DEPOT), vehicles=(van,)))
    engine.dispose()
    return db


@pytest.mark.parametrize("name", ["points_extra", "trips"])
def test_a_header_only_ingest_stores_what_the_full_path_stores(
    tmp_path: Path, with_cursors: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = _write(tmp_path, name, HEADERS[name])
    copy = tmp_path / "copy.sqlite"
    shutil.copy(with_cursors, copy)
    engines = [create_engine_for(f"sqlite:///{db}") for db in (with_cursors, copy)]
    now = T0 + timedelta(days=10)
    fast = gps_sync.ingest_file(engines[0], path, now)
    monkeypatch.setattr(gps_sync, "read_empty_file", lambda *_: None)
    full = gps_sync.ingest_file(engines[1], path, now)
    assert fast == full
    assert fast.summary is not None and fast.summary["warnings"]
    cursors = [list_cursors(e, "file") for e in engines]
    assert cursors[0] == cursors[1]
    assert cursors[0][0].state["home_id"] == "depot"  # the register's move
    assert cursors[0][0].state["open"] is not None
    for engine in engines:
        engine.dispose()
