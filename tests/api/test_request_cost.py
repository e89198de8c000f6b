"""What one request costs the server: reads of the dataset per request.

Each dataset read checks the data version in the database (one round trip),
so a route that reads it per row does N+1 queries (GET /vehicles did: 57 ms for
100 vehicles on SQLite, much more on PostgreSQL under load)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role, create_api
from fleetplan.domain import Dataset
from tests.api.conftest import _dataset, app_services, login


class CountingLoader:
    """``load_dataset`` that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Dataset:
        self.calls += 1
        return _dataset()


@pytest.fixture
def loader(needs_dataset: None) -> CountingLoader:
    return CountingLoader()


@pytest.fixture
def counted(loader: CountingLoader) -> Iterator[AppServices]:
    with app_services(load_dataset=loader) as svc:
        yield svc


@pytest.mark.parametrize(
    "path",
    ["/api/v1/vehicles", "/api/v1/vehicles?candidates=true", "/api/v1/locations"],
)
def test_a_list_reads_the_dataset_once(
    counted: AppServices, loader: CountingLoader, path: str
) -> None:
    client = TestClient(create_api(counted))
    login(client, Role.READ)
    loader.calls = 0
    response = client.get(path)
    assert response.status_code == 200
    assert len(_dataset().vehicles) > 2  # else once per row would look like once
    assert loader.calls == 1, f"{path} read the dataset {loader.calls} times"
