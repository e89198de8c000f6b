"""GET /api/v1/audit and its xlsx export: admins only; a change made through the
API is logged under the user whose session made it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from fleetplan.api import AppServices, Role, WebSettings, create_api
from fleetplan.api.security import CSRF_HEADER
from fleetplan.api.users_db import SqlUserRepository
from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.jobs import InMemoryJobStore, JobRunner
from fleetplan.store import create_engine_for, save_dataset, upgrade_database
from fleetplan.store.register_service import RegisterService
from tests.api.conftest import PASSWORD, _accounts, login


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
    users = SqlUserRepository(engine)  # user changes go through the store too
    for account in _accounts():
        users.save(account)
    jobs = JobRunner(InMemoryJobStore(), max_workers=1)
    services = AppServices(
        settings=WebSettings(secret_key="test-secret-key-0123456789"),
        users=users,
        jobs=jobs,
        load_dataset=lambda: Dataset((), (), ()),
        register=RegisterService(engine),
    )
    yield TestClient(create_api(services))
    jobs.shutdown()
    engine.dispose()


def _entries(client: TestClient) -> list[dict[str, object]]:
    response = client.get("/api/v1/audit", params={"limit": 50})
    assert response.status_code == 200, response.text
    return list(response.json()["entries"])


def test_api_changes_are_logged_under_the_session_user(client: TestClient) -> None:
    headers = {CSRF_HEADER: login(client, Role.WRITE)}
    edited = client.patch("/api/v1/vehicles/V1", json={"make": "Ford"}, headers=headers)
    assert edited.status_code == 200, edited.text
    admin_headers = {CSRF_HEADER: login(client, Role.ADMIN)}
    created = client.post(
        "/api/v1/users",
        json={
            "username": "klima",
            "role": "read",
            "password": "long enough pw",
            "current_password": PASSWORD,
        },
        headers=admin_headers,
    )
    assert created.status_code == 201, created.text
    newest = _entries(client)[:2]
    assert [(e["actor"], e["action"], e["target"]) for e in newest] == [
        (f"{Role.ADMIN.value}er", "user.create", "klima"),
        (f"{Role.WRITE.value}er", "vehicle.update", "V1"),
    ]
    assert newest[1]["detail"] == {"make": [None, "Ford"]}
    assert "long enough pw" not in str(_entries(client))


def test_only_admins_read_the_log(client: TestClient) -> None:
    assert client.get("/api/v1/audit").status_code == 401
    for role in (Role.READ, Role.WRITE):
        login(client, role)
        assert client.get("/api/v1/audit").status_code == 403
        assert client.get("/api/v1/audit/xlsx").status_code == 403
    login(client, Role.ADMIN)
    assert client.get("/api/v1/audit", params={"limit": 0}).status_code == 422


def test_the_xlsx_export_has_one_row_per_entry(client: TestClient) -> None:
    headers = {CSRF_HEADER: login(client, Role.WRITE)}
    client.patch("/api/v1/vehicles/V1", json={"active": False}, headers=headers)
    login(client, Role.ADMIN)
    response = client.get("/api/v1/audit/xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("at", "actor", "action", "target", "detail", "organisation_id")
    assert len(rows) == 1 + len(_entries(client))
    assert rows[1][1:4] == (f"{Role.WRITE.value}er", "vehicle.deactivate", "V1")
