"""A file run against a database: the saved radius counts, the run's summary is
stored with the sync status, and no coordinate (not even a 2-decimal one) or raw
row reaches the database or the logs."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.ingest.gps import GpsSettings
from fleetplan.ingest.gps.geo import offset_deg
from fleetplan.store import (
    create_engine_for,
    get_sync_status,
    save_dataset,
    upgrade_database,
)
from fleetplan.store.gps_sync import ingest_file
from fleetplan.store.settings_edit import save_home_radius

# Syracuse, NY: points at 2-decimal positions near 43.06,-76.13; the home is
# registered at 43.10,-76.20, so "43.06" and "76.13" can only be a point's.
HOME_LAT, HOME_LON = 43.10, -76.20
FORBIDDEN = ("43.06", "76.13", "43,06", "76,13")
NOW = datetime(2026, 3, 10, 2)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    upgrade_database(url)
    engine = create_engine_for(url)
    home = Location("home", "Depot", lat=HOME_LAT, lon=HOME_LON)
    trucks = tuple(
        Vehicle(v, VehicleType.ICE, Fuel.DIESEL, location_id="home")
        for v in ("977106", "977107")
    )
    save_dataset(engine, Dataset(locations=(home,), vehicles=trucks))
    yield engine
    engine.dispose()


def _out_and_back(vehicle: str, east_m: float, day: int) -> list[str]:
    """A drive out to ``east_m`` and back, one report a minute, then parked."""
    t0 = datetime(2026, 3, 2, 7) + timedelta(days=day)
    rows = []
    legs = [k * east_m / 10 for k in range(11)] + [
        east_m - k * east_m / 10 for k in range(11)
    ]
    for k, east in enumerate(legs):
        lat, lon = offset_deg(HOME_LAT, HOME_LON, [east], [0.0])
        when = t0 + timedelta(minutes=k + (15 if k > 10 else 0))
        rows.append(f"{vehicle},{when.isoformat()},{lat[0]:.6f},{lon[0]:.6f}")
    return rows


def _dump(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return "\n".join(line for line in db.iterdump())


def test_saved_radius_summary_and_no_duplicates(engine: Engine, tmp_path: Path) -> None:
    """The trucks park 400 m from the registered point: with the location's saved
    500 m radius their days are roundtrips (with the old 150 m: none). The same
    file again adds nothing and counts updates; the summary is stored."""
    save_home_radius(engine, "home", 500.0)
    lines = ["vehicle_id;time;lat;lon;driver"]
    for day in range(3):
        for row in _out_and_back("977106.0", 6_000.0, day):
            vid, time, lat, lon = row.split(",")
            lines.append(
                f"{vid};{time};{lat.replace('.', ',')};{lon.replace('.', ',')};Ann"
            )
    lines.append("stranger;2026-03-02T07:00:00;43,06;-76,13;Bo")
    lines.append("977106;;43,06;-76,13;Bo")
    path = tmp_path / "trucks.csv"
    path.write_text("\n".join(lines) + "\n")
    first = ingest_file(engine, path, NOW)
    assert first.ok, first.error
    summary = first.summary
    assert summary is not None
    assert (summary["rows_read"], summary["roundtrips_added"]) == (len(lines) - 1, 3)
    assert summary["dropped"] == {"missing_time": 1, "vehicle_not_registered": 1}
    assert summary["skipped_vehicles"] == [
        {"vehicle_id": "stranger", "reason": "not_registered"}
    ]
    assert summary["settings"]["home_radius_source"] == "locations"
    assert summary["settings"]["location_radius_m"] == {"home": 500.0}
    assert {w["code"] for w in summary["warnings"]} == {"unknown_columns", "float_ids"}
    stored = get_sync_status(engine, "file:trucks.csv")
    assert stored is not None and stored.summary == summary

    again = ingest_file(engine, path, NOW)
    assert (again.rows_added, again.summary["roundtrips_updated"]) == (0, 0)
    assert again.summary["dropped"]["before_cursor"] > 0

    override = ingest_file(
        engine, path, NOW, GpsSettings(home_radius_m=150.0, home_radius_override=True)
    )
    assert override.summary["settings"]["home_radius_source"] == "override"


def test_no_coordinate_reaches_the_database_or_logs(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A broken line holding 43.06,-76.13 (2 decimals, not masked before) is
    refused by line number; a good file of such positions is ingested. Neither
    the stored status, summary, roundtrips nor the log holds a coordinate."""
    broken = tmp_path / "broken.csv"
    broken.write_text(
        "vehicle_id,time,lat,lon\n977106,2026-03-02T07:00:00,43.10,-76.20\n"
        '977106,"2026-03-02T07:01:00,43.06,-76.13\n'
    )
    rows = ["vehicle_id,time,lat,lon"]
    for k in range(40):
        lat, lon = (43.06, -76.13) if 10 <= k < 30 else (HOME_LAT, HOME_LON)
        when = datetime(2026, 3, 2, 7) + timedelta(minutes=k)
        rows.append(f"977107,{when:%Y-%m-%dT%H:%M:%S},{lat:.2f},{lon:.2f}")
    good = tmp_path / "good.csv"
    good.write_text("\n".join(rows) + "\n")
    with caplog.at_level(logging.DEBUG):
        failed = ingest_file(engine, broken, NOW)
        ok = ingest_file(engine, good, NOW)
    assert not failed.ok and failed.summary["error"]["code"] in ("quote", "ragged")
    assert failed.summary["error"]["params"]["line"] == 3
    assert ok.ok and ok.rows_added == 1
    text = _dump(Path(str(engine.url.database))) + caplog.text + str(failed) + str(ok)
    assert [f for f in FORBIDDEN if f in text] == []
