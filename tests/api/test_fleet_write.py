"""Write routes of vehicles, locations and settings on a real (SQLite) store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import (
    Role,
    create_api,
)
from fleetplan.api.security import CSRF_HEADER
from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.store import (
    create_engine_for,
    save_dataset,
    upgrade_database,
)
from fleetplan.store.register_service import RegisterService
from fleetplan.web.server import DatasetCache
from tests.api.conftest import app_services, login


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'fleet.sqlite'}")
    upgrade_database(engine)
    save_dataset(
        engine,
        Dataset(
            (Location("L1", "Rådhus"),),
            (Vehicle("V1", VehicleType.ICE, Fuel.DIESEL, location_id="L1"),),
            (),
        ),
    )
    cache = DatasetCache(engine, max_age_s=3600)  # only invalidation refreshes it
    with app_services(
        load_dataset=cache,
        register=RegisterService(engine, on_change=cache.invalidate),
    ) as services:
        yield TestClient(create_api(services))
    engine.dispose()


def _writer(client: TestClient) -> dict[str, str]:
    return {CSRF_HEADER: login(client, Role.WRITE)}


def test_create_edit_deactivate_show_at_once(client: TestClient) -> None:
    headers = _writer(client)
    assert [v["vehicle_id"] for v in client.get("/api/v1/vehicles").json()] == ["V1"]
    created = client.post(
        "/api/v1/vehicles",
        json={
            "vehicle_id": "V2",
            "vehicle_type": "ev",
            "fuel": "electric",
            "wltp_wh_per_km": 160,
            "location_id": "L1",
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["deactivated_on"] is None
    listed = client.get("/api/v1/vehicles").json()
    assert [v["vehicle_id"] for v in listed] == ["V1", "V2"]  # the cache was refreshed

    edited = client.patch(
        "/api/v1/vehicles/V2", json={"plate": "EL 12 345"}, headers=headers
    )
    assert edited.json()["plate"] == "EL 12 345"
    off = client.patch(
        "/api/v1/vehicles/V2",
        json={"active": False, "deactivated_on": "2026-05-01", "reason": "sold"},
        headers=headers,
    )
    assert off.json()["deactivated_on"] == "2026-05-01"
    again = client.get("/api/v1/vehicles/V2").json()
    assert (again["deactivated_on"], again["plate"]) == ("2026-05-01", "EL 12 345")
    on = client.patch("/api/v1/vehicles/V2", json={"active": True}, headers=headers)
    assert on.json()["deactivated_on"] is None


def test_errors_carry_a_code_and_write_nothing(client: TestClient) -> None:
    headers = _writer(client)
    taken = client.post(
        "/api/v1/vehicles",
        json={"vehicle_id": "V1", "vehicle_type": "ice", "fuel": "diesel"},
        headers=headers,
    )
    assert taken.status_code == 409
    assert taken.json()["detail"]["code"] == "register.err.id_taken"
    mismatch = client.patch(
        "/api/v1/vehicles/V1", json={"fuel": "electric"}, headers=headers
    )
    assert mismatch.status_code == 422
    detail = mismatch.json()["detail"]
    assert detail["params"] == {
        "fuel": "electric",
        "type": "ice",
        "allowed": "diesel, hvo, petrol",
    }
    assert "does not fit" in detail["message"]
    missing = client.patch("/api/v1/vehicles/nope", json={}, headers=headers)
    assert missing.status_code == 404
    assert client.get("/api/v1/vehicles/V1").json()["fuel"] == "diesel"


def test_reader_gets_403_on_every_write(client: TestClient) -> None:
    headers = {CSRF_HEADER: login(client, Role.READ)}
    body = {"vehicle_id": "V9", "vehicle_type": "bike", "fuel": "none"}
    assert (
        client.post("/api/v1/vehicles", json=body, headers=headers).status_code == 403
    )
    assert (
        client.patch("/api/v1/vehicles/V1", json={"active": False}, headers=headers)
    ).status_code == 403
    assert (
        client.patch(
            "/api/v1/locations/L1", json={"home_radius_m": 200}, headers=headers
        )
    ).status_code == 403
    assert (
        client.post(
            "/api/v1/factor-sets/dk-2025/copy", json={"new_name": "x"}, headers=headers
        )
    ).status_code == 403
    assert [v["vehicle_id"] for v in client.get("/api/v1/vehicles").json()] == ["V1"]


def test_location_radius_factor_sets_and_bike_rules(client: TestClient) -> None:
    headers = _writer(client)
    radius = client.patch(
        "/api/v1/locations/L1", json={"home_radius_m": 220}, headers=headers
    )
    assert radius.json()["home_radius_m"] == 220
    assert client.get("/api/v1/locations").json()[0]["home_radius_m"] == 220

    copy = client.post(
        "/api/v1/factor-sets/dk-2025/copy",
        json={"new_name": "Egen 2026"},
        headers=headers,
    )
    assert copy.status_code == 201
    edit = client.patch(
        "/api/v1/factor-sets/Egen 2026/values/price.petrol_dkk_per_l",
        json={"value": 14.25, "source": "Aftale med OK, 2026", "year": 2026},
        headers=headers,
    )
    value = next(
        v for v in edit.json()["values"] if v["key"] == "price.petrol_dkk_per_l"
    )
    assert (value["value"], value["unit"], value["source"]) == (
        14.25,
        "DKK/l",
        "Aftale med OK, 2026",
    )
    names = [s["name"] for s in client.get("/api/v1/factor-sets").json()]
    assert names[-1] == "Egen 2026"

    rules = {
        "max_km_per_trip": 7.5,
        "slots": "07:00-15:00",
        "bike_max_kmh": 9,
        "ebike_max_kmh": 13,
        "percentage_of_trips": 60,
    }
    put = client.put("/api/v1/settings/bike-rules", json=rules, headers=headers)
    assert put.status_code == 200, put.text
    assert client.get("/api/v1/settings/bike-rules").json() == put.json()
    assert put.json()["slots"] == "07:00-15:00"
    bad = client.put(
        "/api/v1/settings/bike-rules",
        json={**rules, "slots": "15:00-07:00"},
        headers=headers,
    )
    assert bad.json()["detail"]["code"] == "register.err.slot_order"
    assert client.get("/api/v1/settings/shifts").json() == []
