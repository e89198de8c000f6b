"""Vehicle category and the external-option rules through the API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fleetplan.api import Role
from fleetplan.api.security import CSRF_HEADER
from tests.api.conftest import login
from tests.api.test_fleet_write import _writer
from tests.api.test_fleet_write import client as client  # the fixture


def test_vehicle_category_is_derived_or_set(client: TestClient) -> None:
    """V1 (no seats, no cargo) reads as a car; a new 3.3 m³ EV as a van; setting
    the category to truck shows at once; an unknown category is a 422."""
    headers = _writer(client)
    assert client.get("/api/v1/vehicles").json()[0]["category"] == "car"
    created = client.post(
        "/api/v1/vehicles",
        json={
            "vehicle_id": "K1",
            "vehicle_type": "ev",
            "fuel": "electric",
            "cargo_m3": 3.3,
            "location_id": "L1",
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["category"] == "van"
    edit = client.patch(
        "/api/v1/vehicles/K1", json={"category": "truck"}, headers=headers
    )
    assert edit.status_code == 200, edit.text
    listed = {
        v["vehicle_id"]: v["category"] for v in client.get("/api/v1/vehicles").json()
    }
    assert listed == {"V1": "car", "K1": "truck"}
    bad = client.patch(
        "/api/v1/vehicles/K1", json={"category": "lorry"}, headers=headers
    )
    assert bad.status_code == 422


def test_external_options_defaults_edit_and_reader_cannot_write(
    client: TestClient,
) -> None:
    """Defaults: van rental only, truck none; a writer allows taxi for vans and
    sets Vej og Park to none; the change reads back; a bad kind is a 422."""
    reader = {CSRF_HEADER: login(client, Role.READ)}
    refused = client.put(
        "/api/v1/settings/external-options", json={"by_category": {}}, headers=reader
    )
    assert refused.status_code == 403
    headers = _writer(client)
    got = client.get("/api/v1/settings/external-options").json()
    assert got["by_category"]["van"] == ["rental"]
    assert got["by_category"]["truck"] == []
    assert got["by_category"]["car"] == ["taxi", "rental", "allowance"]
    assert got["by_department"] == {}
    body = {
        "by_category": {"van": ["rental", "taxi"]},
        "by_department": {"Vej og Park": []},
    }
    put = client.put("/api/v1/settings/external-options", json=body, headers=headers)
    assert put.status_code == 200, put.text
    again = client.get("/api/v1/settings/external-options").json()
    assert again == put.json()
    assert again["by_category"]["van"] == ["taxi", "rental"]
    assert again["by_category"]["minibus"] == ["taxi", "rental"]
    assert again["by_department"] == {"Vej og Park": []}
    bad = client.put(
        "/api/v1/settings/external-options",
        json={"by_category": {"van": ["bus"]}},
        headers=headers,
    )
    assert bad.status_code == 422
