"""An API app on in-memory users and jobs and the small reference dataset."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import (
    AppServices,
    InMemoryUserRepository,
    Role,
    UserAccount,
    WebSettings,
    create_api,
    create_user,
)
from fleetplan.domain import Dataset
from fleetplan.ingest import read_dataset
from fleetplan.jobs import InMemoryJobStore, JobRunner
from fleetplan.jobs.kinds import dataset_summary_kind, simulation_kind
from tests.conftest import reference_path

PASSWORD = "correct horse battery"


@lru_cache(maxsize=1)
def _dataset() -> Dataset:
    return read_dataset(reference_path("os2_fixture_seed42"))


@pytest.fixture
def needs_dataset() -> None:
    """Skip at set-up when the reference dataset is missing (a fresh clone without
    ../shared): read later by a job thread or a NiceGUI page task, pytest's Skipped
    (a BaseException) would leave the job running or break the page instead."""
    _dataset()


@lru_cache(maxsize=1)
def _accounts() -> tuple[UserAccount, ...]:
    """One user per role, hashed once per session (argon2 is slow on purpose)."""
    users = InMemoryUserRepository()
    for role in Role:
        create_user(users, f"{role.value}er", PASSWORD, role)
    return tuple(users.list())


@contextmanager
def app_services(**parts: Any) -> Iterator[AppServices]:
    """Services with one user per role and a one-thread job runner; ``parts``
    are the rest of ``AppServices`` (``load_dataset``, ``register``, ...)."""
    users = InMemoryUserRepository()
    for account in _accounts():
        users.save(account)
    jobs = JobRunner(InMemoryJobStore(), max_workers=1)
    try:
        yield AppServices(
            settings=WebSettings(secret_key="test-secret-key-0123456789"),
            users=users,
            jobs=jobs,
            **parts,
        )
    finally:
        jobs.shutdown()


@pytest.fixture
def services() -> Iterator[AppServices]:
    with app_services(
        load_dataset=_dataset,
        job_kinds={
            "dataset.summary": dataset_summary_kind(_dataset),
            "simulate.current": simulation_kind(_dataset),
        },
    ) as svc:
        yield svc


@pytest.fixture
def client(services: AppServices) -> TestClient:
    return TestClient(create_api(services))


def login(client: TestClient, role: Role) -> str:
    """Log in as the user of ``role``; returns the CSRF token."""
    response = client.post(
        "/api/v1/auth/login", json={"username": f"{role.value}er", "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])
