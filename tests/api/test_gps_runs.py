"""``GET /api/v1/gps/runs``: each source's last run with its stored summary."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import (
    Role,
    create_api,
)
from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.store import create_engine_for, save_dataset, upgrade_database
from fleetplan.store.gps_sync import ingest_file
from fleetplan.store.register_service import RegisterService
from tests.api.conftest import app_services, login


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'fleet.sqlite'}")
    upgrade_database(engine)
    home = Location("home", lat=56.0, lon=10.0)
    van = Vehicle("v1", VehicleType.EV, Fuel.ELECTRIC, location_id="home")
    save_dataset(engine, Dataset(locations=(home,), vehicles=(van,)))
    good = tmp_path / "good.csv"
    good.write_text(
        "vehicle_id,time,lat,lon,speed\nv1,2026-03-02T07:00:00,56.0,10.0,0\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("vehicle_id;time;lat\nv1;2026-03-02T07:00:00;56,01\n")
    ingest_file(engine, good, datetime(2026, 3, 10, 2))
    ingest_file(engine, bad, datetime(2026, 3, 10, 2))
    with app_services(
        load_dataset=lambda: None,  # type: ignore[arg-type,return-value]
        register=RegisterService(engine),
    ) as services:
        yield TestClient(create_api(services))
    engine.dispose()


def test_runs_with_summary_and_coded_error(client: TestClient) -> None:
    login(client, Role.READ)
    response = client.get("/api/v1/gps/runs")
    assert response.status_code == 200, response.text
    runs = {r["source"]: r for r in response.json()}
    good, bad = runs["file:good.csv"], runs["file:bad.csv"]
    assert good["ok"] and good["summary"]["rows_read"] == 1
    assert good["summary"]["warnings"][0]["code"] == "unknown_columns"
    assert not bad["ok"]
    assert bad["error"]["code"] == "missing_columns"
    assert bad["error"]["params"]["columns"] == "lon"
    assert "56,01" not in response.text and "56.0" not in response.text


def test_runs_need_a_login(client: TestClient) -> None:
    assert client.get("/api/v1/gps/runs").status_code == 401
