"""schemathesis over the API's own OpenAPI, in-process (ASGI, no network).

The app runs on a fresh SQLite database holding the small reference dataset, as
a logged-in admin with the CSRF header, so every operation (reads, writes, jobs,
users) is reached past its role check. Examples are bounded and derandomized, so
a run is repeatable and takes about a minute on two cores.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from fleetplan.api import Role, WebSettings, create_api, create_user
from fleetplan.api.services import AppServices
from fleetplan.web.server import build_services
from tests.conftest import reference_path

ADMIN, PASSWORD = "fuzzadmin", "correct horse battery staple"
MAX_EXAMPLES = 10  # per operation and mode: valid data, then invalid data
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Logout would end the admin's session and so void every later example.
SKIPPED = {"POST /api/v1/auth/logout", "GET /api/v1/auth/oidc/logout"}


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServices]:
    folder = tmp_path_factory.mktemp("fuzz")
    svc = build_services(
        f"sqlite:///{folder / 'app.sqlite'}",
        WebSettings(secret_key="fuzz-secret-key-0123456789abcdef"),
    )
    report = svc.import_tables(reference_path("os2_fixture_seed42"), False)
    assert report.written
    create_user(svc.users, ADMIN, PASSWORD, Role.ADMIN)
    yield svc
    svc.jobs.shutdown()


@pytest.fixture(scope="module")
def app(services: AppServices) -> FastAPI:
    return create_api(services)


def _auth_headers(app: FastAPI) -> dict[str, str]:
    client = TestClient(app)
    response = client.post(
        "/api/v1/auth/login", json={"username": ADMIN, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    return {"Cookie": cookies, "X-CSRF-Token": response.json()["csrf_token"]}


def test_every_operation_conforms_to_the_openapi(app: FastAPI) -> None:
    """No 5xx, every status declared, every body in its declared schema."""
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = _auth_headers(app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:
        label = f"{operation.method.upper()} {operation.path}"
        if label in SKIPPED:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failure = _fuzz(operation, mode, headers)
            if failure:
                failures.append(f"{label} ({mode.value}): {failure}")
    assert not failures, "\n\n".join(failures)


def _fuzz(
    operation: schemathesis.APIOperation, mode: GenerationMode, headers: dict[str, str]
) -> str | None:
    """The failures schemathesis found on ``operation``, or None."""

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid (no parameters, any string)
        assert mode is GenerationMode.NEGATIVE
    except (Exception, BaseExceptionGroup) as exc:  # FailureGroup: the latter
        return str(exc)
    return None
