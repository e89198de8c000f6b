"""Deactivate two cars: the API's vehicle list, the analyses, the front page's
figures and the simulation's "current" side all count today's fleet without them,
and the simulation's saving is not overstated by their fixed cost."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role, create_api
from fleetplan.domain import Dataset
from fleetplan.jobs.kinds import simulation_kind
from tests.api.conftest import _dataset, login

GONE = ("0", "3")  # two cars at location 1


def _with_deactivated(data: Dataset, on: date) -> Dataset:
    record = {vid: {"on": on.isoformat(), "reason": "solgt"} for vid in GONE}
    return replace(data, meta={**data.meta, "register": {"deactivated": record}})


def _client(services: AppServices, data: Dataset) -> TestClient:
    svc = replace(
        services,
        load_dataset=lambda: data,
        job_kinds={"simulate.current": simulation_kind(lambda: data)},
    )
    return TestClient(create_api(svc))


def _simulate(client: TestClient) -> dict[str, Any]:
    csrf = login(client, Role.WRITE)
    job = client.post(
        "/api/v1/jobs",
        json={"kind": "simulate.current", "params": {}},
        headers={"X-CSRF-Token": csrf},
    ).json()
    for _ in range(1500):
        state = client.get(f"/api/v1/jobs/{job['job_id']}").json()
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.02)
    assert state["state"] == "done", state
    return dict(client.get(f"/api/v1/jobs/{job['job_id']}/result").json()["result"])


@pytest.mark.usefixtures("needs_dataset")
def test_the_api_lists_todays_fleet_on_a_day(services: AppServices) -> None:
    data = _with_deactivated(_dataset(), date.today())
    client = _client(services, data)
    login(client, Role.READ)
    register = client.get("/api/v1/vehicles").json()
    assert len(register) == 5  # the register keeps them, with their date
    assert {v["vehicle_id"] for v in register if v["deactivated_on"]} == set(GONE)
    today = client.get(f"/api/v1/vehicles?on={date.today()}").json()
    assert {v["vehicle_id"] for v in today} == {"1", "2", "6"}
    yesterday = date.today() - timedelta(days=1)
    assert len(client.get(f"/api/v1/vehicles?on={yesterday}").json()) == 5


@pytest.mark.usefixtures("needs_dataset")
def test_analysis_and_front_page_count_todays_fleet(services: AppServices) -> None:
    from fleetplan.web.pages.home import home_figures

    data = _with_deactivated(_dataset(), date.today())
    client = _client(services, data)
    login(client, Role.READ)
    quality = client.get("/api/v1/analysis/data-quality").json()
    flagged = {f.get("vehicle_id") for f in quality["findings"]}
    assert not flagged & set(GONE)
    assert home_figures(data, date.today()).vehicles == 3
    before = home_figures(_dataset(), date.today())
    assert before.vehicles == 5
    # their km leave the month's figures with them
    assert home_figures(data, date.today()).distance_km < before.distance_km


@pytest.mark.usefixtures("needs_dataset")
def test_the_simulations_current_side_is_todays_fleet(services: AppServices) -> None:
    """ "Nuværende" loses exactly the two cars' fixed cost; their trips are priced
    at their external option, as the optimiser's "I dag" prices them."""
    whole = _simulate(_client(services, _dataset()))
    data = _with_deactivated(_dataset(), date.today())
    today = _simulate(_client(services, data))
    fixed = {v["vehicle_id"]: v["fixed_cost_dkk"] for v in whole["current"]["vehicles"]}
    assert {v["vehicle_id"] for v in today["current"]["vehicles"]} == {"1", "2", "6"}
    assert {v["vehicle_id"] for v in today["simulated"]["vehicles"]} == {"1", "2", "6"}
    expected = whole["current"]["fixed_cost_dkk"] - fixed["0"] - fixed["3"]
    assert today["current"]["fixed_cost_dkk"] == pytest.approx(expected)
    trips = {v["vehicle_id"]: v["trips"] for v in whole["current"]["vehicles"]}
    gone_trips = trips["0"] + trips["3"]  # of the simulated period
    assert gone_trips > 0
    assert today["current"]["unallocated"] == whole["current"]["unallocated"] + (
        gone_trips
    )
