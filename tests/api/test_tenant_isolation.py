"""Two organisations in one database: every API route, called by each role of
organisation B with organisation A's ids, reads nothing of A's, writes nothing
of A's and does not tell A's ids exist (404, not 403; 403 only where the role
itself is refused). The table of routes is the app's OpenAPI document, so a new
route is covered without editing this test."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from fleetplan.api import Role, WebSettings, create_api, create_user
from fleetplan.api.security import CSRF_HEADER
from fleetplan.domain import Dataset, Scenario, ScenarioKind
from fleetplan.economics import builtin_factor_sets
from fleetplan.ingest import read_dataset
from fleetplan.store import (
    create_engine_for,
    list_scenarios,
    load_dataset,
    save_dataset,
)
from fleetplan.store.catalog_repo import list_factor_sets, save_scenario
from fleetplan.store.jobs import list_jobs
from fleetplan.store.organisations import add_organisation
from fleetplan.store.scoped import using_organisation
from fleetplan.store.settings_edit import copy_factor_set
from fleetplan.web.server import build_services
from tests.conftest import reference_path

PASSWORD = "correct horse battery"
PUBLIC = ("/api/v1/health", "/api/v1/auth/", "/api/v1/saml/", "/api/v1/docs")
MARK_A = "ORGA"  # every id and name of organisation A contains it
MARKS_A = (MARK_A, "orga-")  # and its usernames this
PLATFORM: Any = "platform"  # a route only platform administrators may call


def prefixed(dataset: Dataset, prefix: str) -> Dataset:
    """The dataset with ``prefix`` before every location, vehicle and trip id
    (so any of A's ids in B's answers shows; test_same_ids covers equal ids)."""
    return Dataset(
        tuple(
            replace(x, location_id=prefix + x.location_id) for x in dataset.locations
        ),
        tuple(
            replace(
                v,
                vehicle_id=prefix + v.vehicle_id,
                location_id=None if v.location_id is None else prefix + v.location_id,
            )
            for v in dataset.vehicles
        ),
        tuple(
            replace(
                r,
                roundtrip_id=prefix + r.roundtrip_id,
                vehicle_id=prefix + r.vehicle_id,
                location_id=prefix + r.location_id,
            )
            for r in dataset.roundtrips
        ),
        dataset.meta,
    )


@dataclass(frozen=True)
class World:
    engine: Engine
    app: FastAPI
    org_a: int
    org_b: int
    ids_a: dict[str, str]  # path parameter name -> one of A's values


def _snapshot(engine: Engine, org: int) -> tuple[Any, ...]:
    with using_organisation(org):
        jobs = [(j.job_id, j.state, j.cancel_requested) for j in list_jobs(engine)]
        return (
            load_dataset(engine),
            [(s.scenario_id, s.name) for s in list_scenarios(engine)],
            list_factor_sets(engine),
            jobs,
        )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    source = read_dataset(reference_path("os2_fixture_seed42"))
    url = f"sqlite:///{tmp_path_factory.mktemp('tenants') / 'fleet.sqlite'}"
    services = build_services(url, WebSettings(secret_key="test-secret-0123456789"))
    engine = create_engine_for(url)
    org_a = add_organisation(engine, "orga", "ORGA Kommune").organisation_id
    org_b = add_organisation(engine, "orgb", "ORGB Kommune").organisation_id
    app = create_api(services)
    builtin = builtin_factor_sets()[0].name
    for org, mark in ((org_a, MARK_A), (org_b, "ORGB")):
        with using_organisation(org):
            save_dataset(engine, prefixed(source, mark))
            copy_factor_set(engine, builtin, f"{mark} factors")
            save_scenario(
                engine,
                Scenario(f"{mark} plan", ScenarioKind.SIMULATION, builtin, {}, {}),
            )
            for role in Role:
                create_user(
                    services.users, f"{mark.lower()}-{role.value}", PASSWORD, role
                )
    with TestClient(app) as client:  # one job of A's, started through the API
        headers = _login(client, f"{MARK_A.lower()}-write")
        started = client.post(
            "/api/v1/jobs", json={"kind": "dataset.summary"}, headers=headers
        )
        assert started.status_code == 202, started.text
        job_a = started.json()["job_id"]
        with using_organisation(org_a):
            services.jobs.wait(job_a, timeout_s=60)
    with using_organisation(org_a):
        scenario_a = list_scenarios(engine)[0].scenario_id
    ids_a = {
        "username": f"{MARK_A.lower()}-admin",
        "vehicle_id": f"{MARK_A}{source.vehicles[0].vehicle_id}",
        "location_id": f"{MARK_A}{source.locations[0].location_id}",
        "job_id": job_a,
        "name": f"{MARK_A} factors",
        "scenario_id": str(scenario_a),
    }
    yield World(engine, app, org_a, org_b, ids_a)
    services.jobs.shutdown()  # type: ignore[attr-defined]
    engine.dispose()


def _login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {CSRF_HEADER: response.json()["csrf_token"]}


def _required_role(route: Any) -> Role | None:
    """The role a route needs; ``PLATFORM`` (above every organisation role)
    where only a platform administrator passes."""
    roles: list[Role] = []
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if getattr(dep.call, "platform_only", False):
            return PLATFORM
        role = getattr(dep.call, "required_role", None)
        if role is not None:
            roles.append(role)
        stack.extend(dep.dependencies)
    return max(roles, key=lambda r: r.rank) if roles else None


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _example(spec: dict[str, Any], schema: dict[str, Any], name: str = "") -> Any:
    """A valid value of ``schema``, from its example, enum or type."""
    schema = _resolve(spec, schema)
    for key in ("example", "default"):
        if key in schema and schema[key] is not None:
            return schema[key]
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return _example(spec, next(o for o in options if o.get("type") != "null"))
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        required = set(schema.get("required", ()))
        return {
            key: _example(spec, sub, key)
            for key, sub in schema.get("properties", {}).items()
            if key in required
        }
    if kind == "array":
        return [_example(spec, schema.get("items", {}))]
    if kind in ("number", "integer"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        return low + 1 if "exclusiveMinimum" in schema else low
    if kind == "boolean":
        return False
    if "password" in name:
        return PASSWORD
    return "x" * max(1, schema.get("minLength", 1))


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    role: Role | None  # or PLATFORM
    params: tuple[str, ...]  # path parameters that carry one of A's ids
    body: Any
    query: dict[str, Any] = dataclasses.field(default_factory=dict)


def _calls(app: FastAPI, ids: dict[str, str]) -> list[Call]:
    """Every operation of the OpenAPI document, with A's ids in its path."""
    spec = app.openapi()
    routes = {  # FastAPI includes routers lazily; iter_route_contexts flattens
        (m, r.path): r
        for r in iter_route_contexts(app.routes)
        if hasattr(r, "dependant")
        for m in r.methods or ()
    }
    calls = []
    for path, operations in spec["paths"].items():
        if path.startswith(PUBLIC):
            continue
        for method, op in operations.items():
            route = routes[(method.upper(), path)]
            params = [p for p in op.get("parameters", []) if p["in"] == "path"]
            url = path
            for p in params:
                value = ids.get(p["name"]) or str(_example(spec, p["schema"]))
                url = url.replace("{" + p["name"] + "}", value)
            query = {  # a query parameter that takes a scenario: A's
                p["name"]: ids["scenario_id"]
                for p in op.get("parameters", [])
                if p["in"] == "query"
                and "scenario" in (p["name"] + p.get("description", "")).lower()
            }
            body = None
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = _example(spec, content["application/json"]["schema"])
            calls.append(
                Call(
                    method.upper(),
                    url,
                    _required_role(route),
                    tuple(p["name"] for p in params if p["name"] in ids),
                    body,
                    query,
                )
            )
    return calls


def test_the_table_covers_the_fleet_routes(world: World) -> None:
    """The generated table holds the routes that take an organisation's ids."""
    paths = {c.path for c in _calls(world.app, world.ids_a)}
    assert f"/api/v1/vehicles/{world.ids_a['vehicle_id']}" in paths
    assert f"/api/v1/jobs/{world.ids_a['job_id']}/result" in paths
    assert f"/api/v1/users/{world.ids_a['username']}/sessions" in paths


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_another_organisations_ids_are_not_found(world: World, role: Role) -> None:
    """B's user of ``role`` calls every route with A's ids: each answer is 404
    (or 403 where the role itself is refused), none holds A's data, and A's
    data is what it was."""
    before = _snapshot(world.engine, world.org_a)
    failures = []
    with TestClient(world.app) as client:
        headers = _login(client, f"orgb-{role.value}")
        for call in _calls(world.app, world.ids_a):
            response = client.request(
                call.method,
                call.path,
                json=call.body,
                params=call.query,
                headers=headers,
            )
            code = response.status_code
            refused = call.role is PLATFORM or (
                call.role is not None and not role.allows(call.role)
            )
            if refused:
                ok = code == 403
            elif call.params or call.query:
                ok = code == 404
            else:
                ok = code < 500
            text = response.text
            for asked in world.ids_a.values():  # the ids B sent may be echoed
                text = text.replace(asked, "")
            if not ok or any(mark in text for mark in MARKS_A):
                failures.append(
                    f"{call.method} {call.path}: {code} {response.text[:120]}"
                )
    assert failures == []
    assert _snapshot(world.engine, world.org_a) == before


def test_each_organisation_sees_its_own_fleet(world: World) -> None:
    """The filter is not empty-handed: B's reader sees B's vehicles only."""
    with TestClient(world.app) as client:
        headers = _login(client, "orgb-read")
        vehicles = client.get("/api/v1/vehicles", headers=headers).json()
        users = client.get("/api/v1/users", headers=headers)
    assert vehicles and all(v["vehicle_id"].startswith("ORGB") for v in vehicles)
    assert users.status_code == 403  # a reader does not list users
