"""Numbers in request bodies are finite and bounded (issue 13, item 3): Python's
JSON reads ``Infinity`` and ``NaN``, which would reach every cost sum."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import Role
from fleetplan.api.security import CSRF_HEADER
from tests.api.conftest import login
from tests.api.test_fleet_write import client as client  # the fixture


@pytest.mark.parametrize(
    "extra",
    [
        '"annual_cost_dkk": Infinity',
        '"annual_cost_dkk": NaN',
        '"annual_cost_dkk": 1e300',
        '"seats": 100000',
        '"range_km": 1e12',
    ],
)
def test_a_vehicle_with_an_absurd_number_is_refused(
    client: TestClient, extra: str
) -> None:
    headers = {
        CSRF_HEADER: login(client, Role.WRITE),
        "Content-Type": "application/json",
    }
    body = '{"vehicle_id": "V9", "vehicle_type": "ice", "fuel": "diesel", '
    body += f'"location_id": "L1", {extra}}}'
    response = client.post("/api/v1/vehicles", content=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "request.invalid"


def test_a_factor_value_must_be_finite(client: TestClient) -> None:
    headers = {
        CSRF_HEADER: login(client, Role.WRITE),
        "Content-Type": "application/json",
    }
    copied = client.post(
        "/api/v1/factor-sets/dk-2025/copy", json={"new_name": "own"}, headers=headers
    )
    assert copied.status_code == 201, copied.text
    key = copied.json()["values"][0]["key"]
    response = client.patch(
        f"/api/v1/factor-sets/own/values/{key}",
        content='{"value": Infinity, "source": "x"}',
        headers=headers,
    )
    assert response.status_code == 422, response.text


def test_a_job_with_thousands_of_parameters_is_refused(client: TestClient) -> None:
    headers = {CSRF_HEADER: login(client, Role.WRITE)}
    params = {f"p{i}": i for i in range(1000)}
    response = client.post(
        "/api/v1/jobs",
        json={"kind": "dataset.summary", "params": params},
        headers=headers,
    )
    assert response.status_code == 422
    # one error for the whole object, not one per parameter (the kind is in the path)
    assert response.json()["params"]["fields"] == ["body.dataset.summary.params"]
