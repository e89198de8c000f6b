"""Connector sync and file ingest against a fake API and a SQLite database."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine

from fleetplan.domain import (
    Dataset,
    Fuel,
    Location,
    Roundtrip,
    Segment,
    Vehicle,
    VehicleType,
)
from fleetplan.ingest.gps import generate_trace
from fleetplan.ingest.gps.connectors import (
    ConnectorConfig,
    ConnectorError,
    PagingConfig,
    load_connector_configs,
)
from fleetplan.ingest.gps.http_connector import HttpJsonConnector
from fleetplan.store import (
    create_engine_for,
    get_sync_status,
    list_cursors,
    load_dataset,
    save_dataset,
    upgrade_database,
)
from fleetplan.store.gps_persist import delete_expired_roundtrips
from fleetplan.store.gps_sync import ingest_file, sync_connector
from tests.ingest.gps.fake_fleet_server import FakeFleet, serve
from tests.ingest.gps.test_privacy import HOME_LAT, HOME_LON, text_leaks

NOW = datetime(2026, 3, 10, 2, 0)
START = datetime(2026, 3, 2, 7)


def _roundtrips() -> list[Roundtrip]:
    out = []
    for k in range(3):
        s = START + timedelta(days=k)
        segs = (
            Segment(s, s + timedelta(minutes=20), 12.0),
            Segment(s + timedelta(minutes=50), s + timedelta(minutes=75), 15.0),
        )
        out.append(Roundtrip(str(k), "v1", "home", s, segs[-1].end_time, 27.0, segs))
    return out


@pytest.fixture(scope="module")
def points() -> pl.DataFrame:
    trace = generate_trace(_roundtrips(), {"home": (HOME_LAT, HOME_LON)}, seed=8)
    stranger = trace.head(50).with_columns(pl.lit("x9").alias("vehicle_id"))
    return pl.concat([trace, stranger])


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    upgrade_database(url)
    eng = create_engine_for(url)
    home = Location("home", "Depot", lat=HOME_LAT, lon=HOME_LON)
    van = Vehicle("v1", VehicleType.EV, Fuel.ELECTRIC, location_id="home")
    save_dataset(eng, Dataset(locations=(home,), vehicles=(van,)))
    yield eng
    eng.dispose()


def _config(url: str, paging: str = "token") -> ConnectorConfig:
    return ConnectorConfig(
        name="fake",
        organisation="Testby Kommune",
        base_url=url,
        data_path="/vehicles/{vehicle_id}/positions",
        since_param="from",
        timeout_s=0.3,
        auth_header="Authorization",
        auth_value="env:FAKE_FLEET_TOKEN",
        paging=PagingConfig(mode=paging),  # type: ignore[arg-type]
        fields={"time": "ts", "lat": "latitude", "lon": "longitude"},
        max_attempts=2,  # one retry, at once: the failures here are for good
        backoff_s=0,
    )


def _stored(engine: Engine) -> list[Roundtrip]:
    return list(load_dataset(engine).roundtrips)


@pytest.mark.parametrize("paging", ["token", "page"])
def test_sync_pages_through_and_catches_up(
    engine: Engine, points: pl.DataFrame, paging: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """First run stores the 3 roundtrips (the unregistered vehicle is skipped); a
    second run asks only for points after the cursor and adds nothing."""
    monkeypatch.setenv("FAKE_FLEET_TOKEN", "secret")
    fleet = FakeFleet(paging=paging)
    fleet.load(points)
    with serve(fleet) as url:
        connector = HttpJsonConnector(_config(url, paging))
        first = sync_connector(engine, connector, NOW)
        n_requests = len(fleet.requests)
        again = sync_connector(engine, connector, NOW + timedelta(days=1))
    assert (first.rows_added, first.error) == (3, None)
    assert n_requests > 10  # pages of 100 of 1,403 points
    assert again.rows_added == 0
    assert len(fleet.requests) - n_requests < 5  # nothing left to page through
    stored = _stored(engine)
    assert [r.distance_km for r in stored] == pytest.approx([27.0] * 3, rel=0.02)
    status = get_sync_status(engine, "fake")
    assert status is not None and status.last_error is None
    assert status.last_success_at == NOW + timedelta(days=1)


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        ("timeout", "timed out after"),
        ("500", "HTTP 500"),
        ("malformed", "malformed JSON"),
    ],
)
def test_failure_stores_nothing_and_next_run_catches_up(
    engine: Engine,
    points: pl.DataFrame,
    failure: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAKE_FLEET_TOKEN", "secret")
    fleet = FakeFleet(failure=failure)
    fleet.load(points)
    with serve(fleet) as url:
        connector = HttpJsonConnector(_config(url))
        failed = sync_connector(engine, connector, NOW)
        assert failed.error is not None and message in failed.error
        assert "connector fake" in failed.error
        assert _stored(engine) == []
        assert list_cursors(engine, "connector:fake") == []
        status = get_sync_status(engine, "fake")
        assert status is not None and status.last_success_at is None
        assert status.last_error == failed.error
        fleet.failure = None
        fixed = sync_connector(engine, connector, NOW + timedelta(hours=1))
    assert fixed.rows_added == 3
    status = get_sync_status(engine, "fake")
    assert status is not None and status.last_error is None


def test_open_roundtrip_is_finished_by_the_next_sync(
    engine: Engine, points: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server first knows points up to mid-way through the second roundtrip."""
    monkeypatch.setenv("FAKE_FLEET_TOKEN", "secret")
    cut = START + timedelta(days=1, minutes=35)
    fleet = FakeFleet()
    fleet.load(points.filter(pl.col("time") < cut))
    with serve(fleet) as url:
        connector = HttpJsonConnector(_config(url))
        assert sync_connector(engine, connector, NOW).rows_added == 1
        (cursor,) = list_cursors(engine, "connector:fake")
        assert cursor.state["open"] is not None
        fleet.load(points)
        assert sync_connector(engine, connector, NOW).rows_added == 2
    assert len(_stored(engine)) == 3


def test_no_position_reaches_the_database_or_the_log(
    engine: Engine,
    points: pl.DataFrame,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    """Every table except the registered locations holds no text like a position."""
    monkeypatch.setenv("FAKE_FLEET_TOKEN", "secret")
    cut = START + timedelta(days=1, minutes=35)  # leaves an open roundtrip in state
    fleet = FakeFleet()
    fleet.load(points.filter(pl.col("time") < cut))
    with caplog.at_level(logging.DEBUG), serve(fleet) as url:
        sync_connector(engine, HttpJsonConnector(_config(url)), NOW)
        fleet.failure = "malformed"
        sync_connector(engine, HttpJsonConnector(_config(url)), NOW)
    assert text_leaks("\n".join(r.getMessage() for r in caplog.records)) == []
    db = sqlite3.connect(tmp_path / "fleet.sqlite")
    dump = [
        line
        for line in db.iterdump()
        if not line.startswith(
            ('INSERT INTO "locations"', 'INSERT INTO "parking_points"')
        )
    ]
    db.close()
    assert any('INSERT INTO "ingest_cursors"' in line for line in dump)
    assert text_leaks("\n".join(dump)) == []


def test_ingest_file_twice_adds_nothing(
    engine: Engine, points: pl.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "gps_points.csv"
    points.write_csv(path)
    assert ingest_file(engine, path, NOW).rows_added == 3
    again = ingest_file(engine, path, NOW)
    assert (again.rows_added, again.error) == (0, None)
    assert len(_stored(engine)) == 3
    status = get_sync_status(engine, "file:gps_points.csv")
    assert status is not None and status.last_success_at == NOW


def test_ingest_file_error_is_recorded(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("vehicle_id,time,lat\nv1,2026-03-02T07:00:00,56\n")
    outcome = ingest_file(engine, path, NOW)
    assert outcome.error is not None and "column(s) lon missing" in outcome.error


def test_retention_deletes_old_roundtrips(
    engine: Engine, points: pl.DataFrame, tmp_path: Path
) -> None:
    """Roundtrips of March 2026 survive until March 2028 with 24 months."""
    path = tmp_path / "gps_points.csv"
    points.write_csv(path)
    ingest_file(engine, path, NOW)
    assert delete_expired_roundtrips(engine, datetime(2026, 11, 24)) == 0
    assert delete_expired_roundtrips(engine, datetime(2028, 3, 4, 8), months=24) == 2
    assert len(_stored(engine)) == 1


def test_connector_file_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = tmp_path / "connectors.toml"
    toml.write_text(
        '[[connectors]]\nname = "a"\nbase_url = "http://127.0.0.1:1"\n'
        'data_path = "/p/{vehicle_id}"\n[connectors.paging]\nmode = "page"\n'
    )
    monkeypatch.setenv("FLEETPLAN_CONNECTORS_FILE", str(toml))
    (config,) = load_connector_configs()
    assert (config.name, config.paging.mode, config.timeout_s) == ("a", "page", 30.0)
    as_json = tmp_path / "c.json"
    as_json.write_text(
        json.dumps({"connectors": [{"name": "b", "base_url": "x", "bogus": 1}]})
    )
    with pytest.raises(ConnectorError, match="connector 1 is invalid"):
        load_connector_configs(as_json)
    monkeypatch.delenv("FLEETPLAN_CONNECTORS_FILE")
    assert load_connector_configs() == []


def test_missing_credential_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAKE_FLEET_TOKEN", raising=False)
    with pytest.raises(ConnectorError, match="FAKE_FLEET_TOKEN"):
        HttpJsonConnector(_config("http://127.0.0.1:1"))


def test_trip_log_file_is_ingested(engine: Engine, tmp_path: Path) -> None:
    """A CSV with start_time is a trip log: out 12 km, back 15 km = one roundtrip."""
    from fleetplan.ingest.gps.geo import offset_deg

    lat, lon = offset_deg(HOME_LAT, HOME_LON, [5_000.0], [0.0])
    path = tmp_path / "trips.csv"
    path.write_text(
        "vehicle_id,start_time,end_time,start_lat,start_lon,end_lat,end_lon,distance_km\n"
        f"v1,2026-03-02T07:00:00,2026-03-02T07:20:00,{HOME_LAT},{HOME_LON},{lat[0]},{lon[0]},12\n"
        f"v1,2026-03-02T08:00:00,2026-03-02T08:25:00,{lat[0]},{lon[0]},{HOME_LAT},{HOME_LON},15\n"
    )
    assert ingest_file(engine, path, NOW).rows_added == 1
    assert [r.distance_km for r in _stored(engine)] == [27.0]


def test_error_text_is_redacted() -> None:
    """Every decimal number goes, also 2-decimal positions (43.06,-76.13 is one to
    about 1 km) and decimal commas; whole line numbers stay."""
    from fleetplan.store.gps_persist import redact

    assert redact("bad row 56.15012,10.20311 at line 3 (2.5 km)") == (
        "bad row <number>,<number> at line 3 (<number> km)"
    )
    assert redact("row 43.06,-76.13 and 55,7;12,5 line 12") == (
        "row <number>,<number> and <number>;<number> line 12"
    )


def test_trips_connector(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A system that reports trips, not points: out 12 km and back 15 km."""
    from fleetplan.ingest.gps.geo import offset_deg

    monkeypatch.setenv("FAKE_FLEET_TOKEN", "secret")
    lat, lon = offset_deg(HOME_LAT, HOME_LON, [5_000.0], [0.0])
    away = {"lat": float(lat[0]), "lon": float(lon[0])}
    home = {"lat": HOME_LAT, "lon": HOME_LON}
    fleet = FakeFleet()
    fleet.points["v1"] = [
        {
            "ts": "2026-03-02T07:00:00",
            "to": "2026-03-02T07:20:00",
            "a": home,
            "b": away,
            "km": 12,
        },
        {
            "ts": "2026-03-02T08:00:00",
            "to": "2026-03-02T08:25:00",
            "a": away,
            "b": home,
            "km": 15,
        },
    ]
    for item in fleet.points["v1"]:
        a, b = item.pop("a"), item.pop("b")
        item |= {"slat": a["lat"], "slon": a["lon"], "elat": b["lat"], "elon": b["lon"]}
    config = _config("", "token").model_copy(
        update={
            "kind": "trips",
            "fields": {
                "start_time": "ts",
                "end_time": "to",
                "start_lat": "slat",
                "start_lon": "slon",
                "end_lat": "elat",
                "end_lon": "elon",
                "distance_km": "km",
            },
        }
    )
    with serve(fleet) as url:
        connector = HttpJsonConnector(config.model_copy(update={"base_url": url}))
        assert sync_connector(engine, connector, NOW).rows_added == 1
        assert sync_connector(engine, connector, NOW).rows_added == 0
    assert [r.distance_km for r in _stored(engine)] == [27.0]
