"""The whole app (API plus NiceGUI): API errors stay JSON under the user
interface's catch-all page, and the home page is sent while its figures are slow
(issue 13, item 9)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role
from fleetplan.domain import Dataset
from tests.web.test_pages import _login
from tests.web.test_pages import services as services  # the fixtures
from tests.web.test_pages import web as web


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/v1/jobs", "GET, POST"),
        ("PUT", "/api/v1/vehicles/V1", "GET, PATCH"),
        ("POST", "/api/v1/analysis/peaks", "GET"),
    ],
)
def test_an_undeclared_method_is_a_json_405(
    web: TestClient, method: str, path: str, allow: str
) -> None:
    response = web.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json()["code"] == "http.405"


def test_an_unknown_api_path_is_a_json_404(web: TestClient) -> None:
    response = web.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["code"] == "http.404"


def test_home_is_sent_while_its_figures_are_slow(
    web: TestClient, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading that takes longer than NiceGUI's 3 s response timeout (a busy CPU,
    a job reloading the dataset) used to turn the page into a 500; now it comes
    with a spinner and the figures follow."""
    load = services.load_dataset

    def slow() -> Dataset:
        time.sleep(4.0)
        return load()

    _login(web, Role.READ)
    monkeypatch.setattr(services, "load_dataset", slow)
    response = web.get("/")
    assert response.status_code == 200
    assert "home-loading" in response.text and "Forside" in response.text
