"""A vehicle needs a home location: the register refuses one without, for the
API and the Køretøjer form alike (they share ``store.vehicle_edit``)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fleetplan.api import Role
from fleetplan.api.security import CSRF_HEADER
from tests.api.conftest import login
from tests.api.test_fleet_write import client as client  # the fixture

NEW = {"vehicle_id": "V9", "vehicle_type": "ice", "fuel": "diesel"}


def _headers(client: TestClient) -> dict[str, str]:
    return {CSRF_HEADER: login(client, Role.WRITE)}


def test_a_vehicle_without_location_is_refused_naming_the_field(
    client: TestClient,
) -> None:
    headers = _headers(client)
    response = client.post("/api/v1/vehicles", json=NEW, headers=headers)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "register.err.required"
    assert body["params"] == {"field": "location_id"}
    assert "location_id" in body["message"]
    assert "V9" not in [v["vehicle_id"] for v in client.get("/api/v1/vehicles").json()]


def test_an_unknown_location_is_refused(client: TestClient) -> None:
    headers = _headers(client)
    response = client.post(
        "/api/v1/vehicles", json={**NEW, "location_id": "L9"}, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["code"] == "register.err.unknown_location"
    assert response.json()["params"] == {"location": "L9"}


def test_the_home_cannot_be_removed_but_a_candidate_needs_none(
    client: TestClient,
) -> None:
    headers = _headers(client)
    removed = client.patch(
        "/api/v1/vehicles/V1", json={"location_id": None}, headers=headers
    )
    assert removed.status_code == 422
    assert removed.json()["params"] == {"field": "location_id"}
    candidate = client.post(
        "/api/v1/vehicles", json={**NEW, "is_candidate": True}, headers=headers
    )
    assert candidate.status_code == 201, candidate.text
