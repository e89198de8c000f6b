"""Typed job parameters: each kind's model checks types and ranges before the
kind's own checks, and the OpenAPI documents each kind's parameters."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from fleetplan.api import AppServices
from fleetplan.jobs.params import MAX_PARAMS, checked_params
from fleetplan.jobs.registry import PreparedJob, build_kinds
from tests.api.conftest import _dataset
from tests.api.conftest import client as client  # the fixtures
from tests.api.conftest import services as services


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("simulate.current", {"limit_km": "true"}),  # strict: no string for a bool
        ("simulate.current", {"time_limit_s": 0.5}),  # below 1 s
        ("simulate.current", {"nope": 1}),  # unknown
        ("optimise", {"weight": 11}),
        ("optimise", {"current": "keep"}),
        ("optimise", {"candidates": "some"}),
        ("simulate.fleet", {}),  # fleet is required
        ("dataset.summary", {f"p{i}": i for i in range(MAX_PARAMS + 1)}),
    ],
)
def test_wrong_parameters_are_refused(kind: str, params: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        checked_params(kind, params)


def test_only_the_parameters_set_are_passed_on() -> None:
    """``factors`` given or not decides whether meta.json's values win, so an
    unset field must not appear as None."""
    assert checked_params("optimise", {"weight": 2, "candidates": "all"}) == {
        "weight": 2,
        "candidates": "all",
    }


def test_a_prepared_job_carries_its_checked_parameters() -> None:
    """What a queue stores for a worker to build the same job again."""
    kinds = build_kinds(_dataset)
    job = kinds["simulate.current"]({"time_limit_s": 30})
    assert isinstance(job, PreparedJob)
    assert (job.kind, job.params) == ("simulate.current", {"time_limit_s": 30})
    with pytest.raises(ValueError, match="locations"):
        kinds["simulate.current"]({"locations": ["nowhere"]})  # the kind's check


def test_openapi_documents_each_kinds_parameters(
    client: TestClient, services: AppServices
) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    body = schema["paths"]["/api/v1/jobs"]["post"]["requestBody"]["content"]
    refs = str(body["application/json"]["schema"])
    for start in ("SummaryStart", "SimulationStart", "OptimiseStart"):
        assert start in refs
    components = schema["components"]["schemas"]
    weight = components["OptimiseJobParams"]["properties"]["weight"]
    assert "maximum" in str(weight) and "10" in str(weight)
    assert "fleet" in components["FleetSimulationParams"]["required"]


def test_each_model_takes_exactly_the_parameters_its_kind_knows() -> None:
    """A parameter added to a kind but not to its model would be refused with
    a 422 before the kind sees it (and the reverse never reach the kind)."""
    from fleetplan.jobs.fleet_kind import FLEET_KEYS
    from fleetplan.jobs.kinds import SIMULATION_PARAMS
    from fleetplan.jobs.optimise_kind import _OPTIMISE_KEYS
    from fleetplan.jobs.params import KIND_PARAMS

    assert set(KIND_PARAMS["optimise"].model_fields) == _OPTIMISE_KEYS
    assert set(KIND_PARAMS["simulate.current"].model_fields) == SIMULATION_PARAMS
    assert set(KIND_PARAMS["simulate.fleet"].model_fields) == FLEET_KEYS
