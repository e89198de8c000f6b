"""Failures a user can cause give a message key with parameters, never a bare
``job.failed``: here a vehicle without a home location (issue 13, item 8)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import (
    Role,
    create_api,
)
from fleetplan.api.security import CSRF_HEADER
from fleetplan.domain import Dataset, Location
from fleetplan.jobs import InMemoryJobStore, JobContext, JobRunner, JobState
from fleetplan.jobs.errors import JobFailure, decode_error
from fleetplan.jobs.kinds import simulation_kind
from fleetplan.jobs.optimise_kind import optimisation_kinds
from fleetplan.web.translate import translate
from tests.api.conftest import app_services, login
from tests.optimise.helpers import TRIPS, car, ev

DAY = {"start": "2026-03-02", "end": "2026-03-02"}


def _older_database() -> Dataset:
    """Two locations; x1 and x2 were stored before a home was required."""
    homeless = (
        replace(car("x2"), location_id=None),
        replace(car("x1"), location_id=None),
    )
    return Dataset(
        (Location("L1"), Location("L2")),
        (car("c1"), car("c2"), car("c3"), *homeless, ev()),
        TRIPS,
    )


@pytest.fixture
def client() -> Iterator[TestClient]:
    with app_services(
        load_dataset=_older_database,
        job_kinds={
            "simulate.current": simulation_kind(_older_database),
            **optimisation_kinds(_older_database),
        },
    ) as services:
        yield TestClient(create_api(services))


@pytest.mark.parametrize("kind", ["simulate.current", "optimise"])
def test_a_run_with_vehicles_without_home_names_them(
    client: TestClient, kind: str
) -> None:
    headers = {CSRF_HEADER: login(client, Role.WRITE)}
    params = {**DAY, "time_limit_s": 5} if kind == "optimise" else DAY
    started = client.post(
        "/api/v1/jobs", json={"kind": kind, "params": params}, headers=headers
    )
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    client.app.state.services.jobs.wait(job_id, timeout_s=60)  # type: ignore[attr-defined]
    job = client.get(f"/api/v1/jobs/{job_id}").json()
    assert job["state"] == "failed"
    assert job["error"] == "job.no_home"
    assert job["error_params"]["vehicles"] == "x1, x2"
    assert "x1, x2" in job["error_message"]


def test_the_message_is_translated_with_the_vehicles() -> None:
    for language in ("da", "en"):
        text = translate(language, "job.no_home", vehicles="x1, x2", count="2")
        assert "x1, x2" in text


def test_the_runner_stores_key_params_and_message() -> None:
    """A failure with a key and parameters is stored whole; a crash stays the
    generic key (no internals)."""

    def homeless(ctx: JobContext) -> dict[str, int]:
        raise JobFailure("job.no_home", "vehicles {vehicles} ...", vehicles="A")

    runner = JobRunner(InMemoryJobStore(), max_workers=1)
    try:
        record = runner.wait(runner.submit("t", homeless, owner="a"), timeout_s=10)
    finally:
        runner.shutdown()
    assert record.state is JobState.FAILED and record.error is not None
    error = decode_error(record.error)
    assert (error.code, error.params, error.message) == (
        "job.no_home",
        {"vehicles": "A"},
        "vehicles A ...",
    )
    assert decode_error("job.failed").code == "job.failed"
