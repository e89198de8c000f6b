"""Two organisations hold the same vehicle, location and roundtrip ids (revision
0013): each reads its own values through the API, and an id only the other
holds answers exactly as an id nobody holds (404 on read, 201 on create: no
existence leak)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import Role, WebSettings, create_api, create_user
from fleetplan.api.security import CSRF_HEADER
from fleetplan.ingest import read_dataset
from fleetplan.store import create_engine_for, save_dataset
from fleetplan.store.organisations import add_organisation
from fleetplan.store.scoped import using_organisation
from fleetplan.web.server import build_services
from tests.conftest import reference_path

PASSWORD = "correct horse battery"
ONLY_A = "A-only"  # a vehicle and a location that only A holds


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """Organisations a, b and c: a and b the same reference fleet (b's vehicles
    in another department), a also ``ONLY_A``; c holds nothing."""
    source = read_dataset(reference_path("os2_fixture_seed42"))
    url = f"sqlite:///{tmp_path / 'fleet.sqlite'}"
    services = build_services(url, WebSettings(secret_key="test-secret-0123456789"))
    engine = create_engine_for(url)
    home = source.locations[0].location_id
    extra_a = (
        replace(source.locations[0], location_id=ONLY_A),
        replace(
            source.vehicles[0], vehicle_id=ONLY_A, location_id=home, is_candidate=False
        ),
    )
    for slug in ("a", "b", "c"):
        org = add_organisation(engine, slug, slug.upper()).organisation_id
        with using_organisation(org):
            if slug == "a":
                save_dataset(
                    engine,
                    replace(
                        source,
                        locations=(*source.locations, extra_a[0]),
                        vehicles=(*source.vehicles, extra_a[1]),
                    ),
                )
            elif slug == "b":
                vehicles = tuple(
                    replace(v, department="B-dept") for v in source.vehicles
                )
                save_dataset(engine, replace(source, vehicles=vehicles))
            create_user(services.users, f"{slug}-admin", PASSWORD, Role.ADMIN)
    with TestClient(create_api(services)) as test_client:
        yield test_client
    services.jobs.shutdown()  # type: ignore[attr-defined]
    engine.dispose()


def _login(client: TestClient, slug: str) -> dict[str, str]:
    client.cookies.clear()
    response = client.post(
        "/api/v1/auth/login", json={"username": f"{slug}-admin", "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {CSRF_HEADER: response.json()["csrf_token"]}


def test_each_organisation_reads_its_own_vehicles_by_the_same_ids(
    client: TestClient,
) -> None:
    departments = {}
    for slug in ("a", "b"):
        _login(client, slug)
        listed = client.get("/api/v1/vehicles").json()
        departments[slug] = {v["vehicle_id"]: v["department"] for v in listed}
        first = listed[0]["vehicle_id"]
        one = client.get(f"/api/v1/vehicles/{first}")
        assert (
            one.status_code == 200
            and one.json()["department"] == departments[slug][first]
        )
        locations = {x["location_id"] for x in client.get("/api/v1/locations").json()}
        assert (ONLY_A in locations) == (slug == "a")
    assert set(departments["b"]) == set(departments["a"]) - {ONLY_A}
    assert set(departments["b"].values()) == {"B-dept"}
    assert "B-dept" not in departments["a"].values()


def test_an_id_only_another_organisation_holds_answers_as_a_fresh_id(
    client: TestClient,
) -> None:
    """B asks for, edits and creates ``ONLY_A`` and ``never``: the answers differ
    in nothing but the id (status, code, message, body)."""
    headers = _login(client, "b")
    home = client.get("/api/v1/locations").json()[0]["location_id"]
    answers = {}
    for ident in (ONLY_A, "never"):
        read = client.get(f"/api/v1/vehicles/{ident}")
        edit = client.patch(
            f"/api/v1/vehicles/{ident}", json={"department": "x"}, headers=headers
        )
        radius = client.patch(
            f"/api/v1/locations/{ident}", json={"home_radius_m": 100}, headers=headers
        )
        body = {"vehicle_id": ident, "vehicle_type": "ice", "fuel": "diesel"}
        made = client.post(
            "/api/v1/vehicles", json=body | {"location_id": home}, headers=headers
        )
        answers[ident] = [
            (r.status_code, r.text.replace(ident, "ID"))
            for r in (read, edit, radius, made)
        ]
    assert [status for status, _ in answers["never"]] == [404, 404, 404, 201]
    assert answers[ONLY_A] == answers["never"]
    _login(client, "a")  # A's own ONLY_A is untouched
    assert client.get(f"/api/v1/vehicles/{ONLY_A}").json()["department"] != "x"
