"""Unbounded periods are refused with a 422 before any work (issue 13, item 3).

Each case replaces the analyses and the dataset loader with functions that fail
the test when called, so a refusal that comes after the work is caught without
timing anything.
"""

from __future__ import annotations

from typing import NoReturn

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role
from tests.api.conftest import login

ANALYSIS = "/api/v1/analysis"
REPORTS = "/api/v1/reports"


def _boom(*_args: object, **_kwargs: object) -> NoReturn:
    raise AssertionError("the request was worked on before it was refused")


@pytest.fixture
def reader(
    client: TestClient, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> TestClient:
    login(client, Role.READ)
    monkeypatch.setattr(services, "load_dataset", _boom)
    monkeypatch.setattr("fleetplan.api.analysis_figures.compute_figures", _boom)
    monkeypatch.setattr("fleetplan.api.routes.analysis.analysis_figures", _boom)
    for name in ("transition_report", "green_report", "business_report"):
        monkeypatch.setattr(f"fleetplan.api.routes.reports.{name}", _boom)
    return client


@pytest.mark.parametrize(
    ("url", "field"),
    [
        # the three requests: 213 s, 86 s and 10.8 s before
        (f"{ANALYSIS}/short-trips?start=0001-01-01&end=2026-10-31", "start"),
        (f"{ANALYSIS}/data-quality?start=2026-05-01&end=3000-01-01", "end"),
        (f"{ANALYSIS}/peaks?start=0", "start"),
        (f"{ANALYSIS}/activity?end=0", "end"),
        (f"{ANALYSIS}/activity?start=2020-01-01&end=2026-10-31", "end"),  # > 5 years
        (f"{ANALYSIS}/activity?start=2026-03-05&end=2026-03-03", "end"),
        (f"{REPORTS}/transition?start=0001-01-01&end=2026-01-01", "start"),
        (f"{REPORTS}/green-accounts?start=2026-01-01&end=3000-01-01", "end"),
        (f"{REPORTS}/green-accounts?start=2026-01-01", "end"),  # both or none
        (f"{REPORTS}/business-case?start=2026-01-01&end=2026-01-01", "end"),
        (f"{REPORTS}/business-case?today=0", "today"),
        (f"{REPORTS}/transition?target_year=99999", "target_year"),
        (f"{REPORTS}/transition?range_percentile=1e300", "range_percentile"),
    ],
)
def test_out_of_bounds_is_refused_before_any_work(
    reader: TestClient, url: str, field: str
) -> None:
    response = reader.get(url)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "request.invalid"
    assert f"query.{field}" in body["params"]["fields"]
    assert field in body["message"]


def test_the_message_says_the_rule(reader: TestClient) -> None:
    long = reader.get(f"{ANALYSIS}/peaks?start=2020-01-01&end=2026-10-31").json()
    assert "longer than 5 years" in long["message"]
    old = reader.get(f"{ANALYSIS}/peaks?start=0001-01-01").json()
    assert "from 2000-01-01 to 2099-12-31" in old["message"]
    stamp = reader.get(f"{ANALYSIS}/peaks?start=0").json()
    assert "YYYY-MM-DD" in stamp["message"]


def test_the_longest_period_is_a_setting(
    client: TestClient, services: AppServices
) -> None:
    login(client, Role.READ)
    url = f"{ANALYSIS}/peaks?start=2024-01-01&end=2025-06-30"
    assert client.get(url).status_code == 200
    services.settings.max_period_years = 1
    assert client.get(url).status_code == 422


def test_a_single_side_is_bounded_against_the_data(
    client: TestClient, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """start 2000 with no end runs to the data's end (2026): longer than 5 years;
    refused before the analyses run."""
    login(client, Role.READ)
    monkeypatch.setattr("fleetplan.api.analysis_figures.compute_figures", _boom)
    response = client.get(f"{ANALYSIS}/short-trips?start=2000-01-01")
    assert response.status_code == 422
    assert "longer than 5 years" in response.json()["message"]


def test_too_many_filter_ids_are_refused(reader: TestClient) -> None:
    many = "&".join(f"location=L{i}" for i in range(501))
    assert reader.get(f"{ANALYSIS}/peaks?{many}").status_code == 422


def test_a_simulation_job_period_is_bounded(client: TestClient) -> None:
    csrf = login(client, Role.WRITE)
    for period in (
        {"start": "1900-01-01", "end": "2026-01-01"},
        {"start": "2020-01-01", "end": "2026-10-31"},
    ):
        response = client.post(
            "/api/v1/jobs",
            json={"kind": "simulate.current", "params": period},
            headers={"X-CSRF-Token": csrf},
        )
        assert response.status_code == 422, response.text
