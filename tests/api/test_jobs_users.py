"""Jobs and user administration through the API."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role
from fleetplan.api.security import CSRF_HEADER
from tests.api.conftest import PASSWORD, login


def _wait_finished(client: TestClient, job_id: str) -> dict:
    for _ in range(500):
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["state"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.02)
    raise AssertionError("job did not finish")


@pytest.mark.usefixtures("needs_dataset")
def test_summary_job_runs_and_returns_result(
    client: TestClient, services: AppServices
) -> None:
    """dataset.summary totals equal the km of the fleet's roundtrips."""
    headers = {CSRF_HEADER: login(client, Role.WRITE)}
    started = client.post(
        "/api/v1/jobs", json={"kind": "dataset.summary"}, headers=headers
    )
    assert started.status_code == 202
    job = _wait_finished(client, started.json()["job_id"])
    assert (job["state"], job["percent"], job["owner"]) == ("done", 100.0, "writeer")
    result = client.get(f"/api/v1/jobs/{job['job_id']}/result").json()["result"]
    data = services.load_dataset()
    fleet = {v.vehicle_id for v in data.current_vehicles}
    expected_km = sum(r.distance_km for r in data.roundtrips if r.vehicle_id in fleet)
    assert abs(result["total_km"] - expected_km) < 0.01
    assert len(result["vehicles"]) == len(fleet)
    assert [j["job_id"] for j in client.get("/api/v1/jobs").json()] == [job["job_id"]]


def test_unknown_kind_and_bad_params_are_422(client: TestClient) -> None:
    headers = {CSRF_HEADER: login(client, Role.WRITE)}
    unknown = client.post("/api/v1/jobs", json={"kind": "nope"}, headers=headers)
    assert unknown.status_code == 422
    assert "dataset.summary" in str(unknown.json()["detail"])  # the known kinds
    bad = client.post(
        "/api/v1/jobs",
        json={"kind": "dataset.summary", "params": {"x": 1}},
        headers=headers,
    )
    assert bad.status_code == 422


def test_admin_manages_users(client: TestClient) -> None:
    headers = {CSRF_HEADER: login(client, Role.ADMIN)}
    created = client.post(
        "/api/v1/users",
        json={"username": "klima", "role": "read", "password": "long enough pw"}
        | {"current_password": PASSWORD},
        headers=headers,
    )
    assert created.status_code == 201
    assert created.json() == {
        "username": "klima",
        "role": "read",
        "active": True,
        "has_password": True,
    }
    again = client.post(
        "/api/v1/users",
        json={"username": "klima", "role": "read", "password": "long enough pw"}
        | {"current_password": PASSWORD},
        headers=headers,
    )
    assert again.status_code == 409
    short = client.post(
        "/api/v1/users",
        json={"username": "kort", "role": "read", "password": "short"}
        | {"current_password": PASSWORD},
        headers=headers,
    )
    assert short.status_code == 422
    patched = client.patch(
        "/api/v1/users/klima",
        json={"role": "write", "current_password": PASSWORD},
        headers=headers,
    )
    assert patched.json()["role"] == "write"
    assert client.delete("/api/v1/users/klima", headers=headers).status_code == 204
    assert client.delete("/api/v1/users/klima", headers=headers).status_code == 404
    names = [u["username"] for u in client.get("/api/v1/users").json()]
    assert names == ["adminer", "reader", "writeer"]


def test_vehicles_and_locations(client: TestClient, services: AppServices) -> None:
    login(client, Role.READ)
    data = services.load_dataset()
    vehicles = client.get("/api/v1/vehicles").json()
    assert len(vehicles) == len(data.current_vehicles)
    first = data.current_vehicles[0]
    one = client.get(f"/api/v1/vehicles/{first.vehicle_id}").json()
    assert one["fuel"] == first.fuel.value
    assert client.get("/api/v1/vehicles/nope").status_code == 404
    locations = client.get("/api/v1/locations").json()
    assert {loc["location_id"] for loc in locations} == {
        loc.location_id for loc in data.locations
    }
