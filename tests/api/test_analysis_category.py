"""GET /analysis/...?category=: the Analyse API filters by vehicle category."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fleetplan.api import Role
from tests.api.conftest import login


def test_api_filters_analysis_by_category(client: TestClient) -> None:
    login(client, Role.READ)
    options = client.get("/api/v1/analysis/options").json()
    assert "car" in options["categories"]
    whole = client.get("/api/v1/analysis/activity").json()
    cars = client.get("/api/v1/analysis/activity", params={"category": "car"}).json()
    none = client.get("/api/v1/analysis/activity", params={"category": "truck"}).json()
    assert 0 < cars["vehicles"] <= whole["vehicles"]
    assert none["vehicles"] == 0 and none["roundtrips"] == 0
