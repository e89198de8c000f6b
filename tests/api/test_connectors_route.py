"""``GET /api/v1/connectors`` on a SQLite store and a connector file."""

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
from fleetplan.ingest.gps.connectors import ConnectorConfig
from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.connector_runs import run_scheduled
from fleetplan.store.register_service import RegisterService
from tests.api.conftest import app_services, login
from tests.ingest.gps.test_connector_schedule import Idle

FILE = """
[[connectors]]
name = "samsara-ballerup"
type = "samsara"
daily_at = "03:15"
[connectors.credentials]
token = "s3cr3t-in-the-file"
"""


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    file = tmp_path / "connectors.toml"
    file.write_text(FILE)
    monkeypatch.setenv("FLEETPLAN_CONNECTORS_FILE", str(file))
    engine = create_engine_for(f"sqlite:///{tmp_path / 'fleet.sqlite'}")
    upgrade_database(engine)
    config = ConnectorConfig(name="samsara-ballerup", type="samsara", daily_at="03:15")
    run_scheduled(engine, config, lambda c: Idle(c.name), now=datetime(2026, 3, 10, 1))
    with app_services(
        load_dataset=lambda: None,  # type: ignore[arg-type,return-value]
        register=RegisterService(engine),
    ) as services:
        yield TestClient(create_api(services))
    engine.dispose()


def test_connectors_show_schedule_and_last_run_without_secrets(
    client: TestClient,
) -> None:
    """A reader sees the connector, its next run (03:15 the same day), that it is
    not running, its last run's summary, and never the credential."""
    login(client, Role.READ)
    response = client.get("/api/v1/connectors")
    assert response.status_code == 200
    (item,) = response.json()
    assert (item["name"], item["type"], item["daily_at"]) == (
        "samsara-ballerup",
        "samsara",
        "03:15",
    )
    assert item["next_run_at"] == "2026-03-10T03:15:00"
    assert item["running"] is False and item["last_error"] is None
    assert item["last_summary"]["status"] == "ok"
    assert "s3cr3t" not in response.text


def test_connectors_need_a_login(client: TestClient) -> None:
    assert client.get("/api/v1/connectors").status_code == 401
