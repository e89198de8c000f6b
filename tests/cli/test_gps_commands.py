"""Tests of ``fleetplan ingest``, ``sync`` and ``retention``."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from fleetplan.cli import app
from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.ingest.gps import generate_trace
from fleetplan.store import (
    create_engine_for,
    get_sync_status,
    save_dataset,
    upgrade_database,
)
from tests.ingest.gps.fake_fleet_server import FakeFleet, serve
from tests.ingest.gps.test_privacy import HOME_LAT, HOME_LON
from tests.ingest.gps.test_sync import _roundtrips

runner = CliRunner()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    upgrade_database(url)
    engine = create_engine_for(url)
    home = Location("home", "Depot", lat=HOME_LAT, lon=HOME_LON)
    van = Vehicle("v1", VehicleType.EV, Fuel.ELECTRIC, location_id="home")
    save_dataset(engine, Dataset(locations=(home,), vehicles=(van,)))
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def points() -> pl.DataFrame:
    return generate_trace(_roundtrips(), {"home": (HOME_LAT, HOME_LON)}, seed=3)


def test_ingest_file_then_again(
    db_url: str, points: pl.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "gps_points.csv"
    points.write_csv(path)
    first = runner.invoke(app, ["ingest", str(path), "--db", db_url])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["rows_added"] == 3
    again = runner.invoke(app, ["ingest", str(path), "--db", db_url])
    assert json.loads(again.output)["rows_added"] == 0


def test_ingest_bad_file_exits_2(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("vehicle_id,time\n1,2026-01-01T00:00:00\n")
    result = runner.invoke(app, ["ingest", str(path), "--db", db_url])
    assert result.exit_code == 2
    assert "column(s) lat, lon missing" in json.loads(result.output)["error"]


def test_sync_runs_every_connector_and_records_each(
    db_url: str, points: pl.DataFrame, tmp_path: Path
) -> None:
    """One connector works, one gets HTTP 500: both are recorded, exit code 1."""
    good, bad = FakeFleet(), FakeFleet(failure="500")
    good.load(points)
    bad.load(points)
    with serve(good) as good_url, serve(bad) as bad_url:
        config = {
            "connectors": [
                {
                    "name": name,
                    "base_url": url,
                    "data_path": "/vehicles/{vehicle_id}/positions",
                    "since_param": "from",
                    "paging": {"mode": "token"},
                    "fields": {"time": "ts", "lat": "latitude", "lon": "longitude"},
                }
                for name, url in (("good", good_url), ("bad", bad_url))
            ]
        }
        path = tmp_path / "connectors.json"
        path.write_text(json.dumps(config))
        result = runner.invoke(app, ["sync", "--db", db_url, "--connectors", str(path)])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(x["source"], x["ok"], x["rows_added"]) for x in lines] == [
        ("good", True, 3),
        ("bad", False, 0),
    ]
    engine = create_engine_for(db_url)
    status = get_sync_status(engine, "bad")
    engine.dispose()
    assert status is not None and "HTTP 500" in (status.last_error or "")


def test_sync_without_connectors(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLEETPLAN_CONNECTORS_FILE", raising=False)
    result = runner.invoke(app, ["sync", "--db", db_url])
    assert result.exit_code == 2


def test_retention_command(db_url: str, points: pl.DataFrame, tmp_path: Path) -> None:
    """Roundtrips of March 2026 are younger than 24 months today (2026-11-24)."""
    path = tmp_path / "gps_points.csv"
    points.write_csv(path)
    runner.invoke(app, ["ingest", str(path), "--db", db_url])
    kept = runner.invoke(app, ["retention", "--db", db_url])
    assert json.loads(kept.output) == {"deleted_roundtrips": 0, "retention_months": 24}
    gone = runner.invoke(app, ["retention", "--db", db_url, "--months", "0"])
    assert json.loads(gone.output)["deleted_roundtrips"] == 3


def test_gps_precision_dry_run(
    db_url: str, points: pl.DataFrame, tmp_path: Path
) -> None:
    """All 3 roundtrips start and end at the depot: precision 1, the depot is the
    top suggestion, a candidate changes nothing, and nothing is saved."""
    path = tmp_path / "gps_points.csv"
    points.write_csv(path)
    args = ["gps-precision", str(path), "--db", db_url, "--location", "home"]
    result = runner.invoke(app, [*args, "--candidate", f"{HOME_LAT},{HOME_LON + 0.01}"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["roundtrips"] == 3
    assert report["precision"] == {"home": 1.0}
    assert report["suggested_homes"][0]["nearest_location_id"] == "home"
    assert report["suggested_homes"][0]["distance_m"] < 100
    assert report["candidate"]["precision_after"] == 1.0
    engine = create_engine_for(db_url)
    status = get_sync_status(engine, "file:gps_points.csv")
    engine.dispose()
    assert status is None
    bad = runner.invoke(
        app, ["gps-precision", str(path), "--db", db_url, "--candidate", "1,2"]
    )
    assert bad.exit_code == 2


def test_ingest_prints_the_summary_and_says_when_the_radius_is_overridden(
    db_url: str, points: pl.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "gps_points.csv.gz"
    import gzip

    path.write_bytes(gzip.compress(points.write_csv().encode()))
    result = runner.invoke(
        app, ["ingest", str(path), "--db", db_url, "--home-radius-m", "300"]
    )
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout)
    summary = line["summary"]
    assert summary["rows_read"] == points.height
    assert summary["roundtrips_added"] == line["rows_added"] == 3
    assert summary["settings"]["home_radius_source"] == "override"
    assert "300 m for every location, set for this run only" in result.stderr


def test_ingest_errors_in_danish_with_the_line(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "vehicle_id,time,lat,lon\nv1,2026-03-02T07:00:00,56.1,10.2\n"
        "v1,2026-03-02T06:01:00Z,56.1,10.2\n"
    )
    result = runner.invoke(app, ["ingest", str(path), "--db", db_url, "--lang", "da"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error.startswith("p.csv: tider med tidszone (linje 3) og uden (linje 2)")


def test_ingest_of_unknown_vehicles_fails_instead_of_adding_nothing(
    db_url: str, tmp_path: Path
) -> None:
    """The bug: ids nobody registered gave 'ok, 0 rows added' and exit 0."""
    path = tmp_path / "p.csv"
    path.write_text("vehicle_id,time,lat,lon\n977106,2026-03-02T07:00:00,56.1,10.2\n")
    result = runner.invoke(app, ["ingest", str(path), "--db", db_url])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["summary"]["error"]["code"] == "no_vehicle_known"


def test_ingest_reads_naive_times_in_the_given_zone(
    db_url: str, points: pl.DataFrame, tmp_path: Path
) -> None:
    """The same points written in UTC without a zone, read with --time-zone UTC,
    give the roundtrips the Copenhagen file gave (the same ids: nothing new)."""
    local = tmp_path / "local.csv"
    points.write_csv(local)
    utc = tmp_path / "utc.csv"
    points.with_columns(
        pl.col("time")
        .dt.replace_time_zone("Europe/Copenhagen")
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
    ).write_csv(utc)
    first = runner.invoke(app, ["ingest", str(local), "--db", db_url])
    assert json.loads(first.stdout)["rows_added"] == 3
    engine = create_engine_for(db_url)
    from fleetplan.store import list_cursors

    assert list_cursors(engine, "file")  # reset them: the second file is new
    from sqlalchemy import text

    with engine.begin() as connection:
        connection.execute(text("DELETE FROM ingest_cursors"))
    engine.dispose()
    again = runner.invoke(
        app, ["ingest", str(utc), "--db", db_url, "--time-zone", "UTC"]
    )
    summary = json.loads(again.stdout)["summary"]
    assert (summary["roundtrips_added"], summary["roundtrips_updated"]) == (0, 3)
