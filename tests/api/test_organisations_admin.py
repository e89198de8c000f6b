"""A platform administrator manages organisations through the API (issue 19,
item 1): list with counts, create, rename, name and remove administrators,
every change audited in the organisation concerned; any other user gets 403
there; and without a role in an organisation the platform administrator reads
none of its fleet (404 for its ids, nothing in any answer)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import Role, UserAccount, WebSettings, create_api, create_user
from fleetplan.api.security import hash_password
from fleetplan.api.users_db import SqlUserRepository
from fleetplan.store.audit import AuditAction, list_entries
from fleetplan.store.organisations import find_organisation
from fleetplan.store.scoped import using_organisation
from fleetplan.web.server import build_services
from tests.api.test_tenant_isolation import (
    MARKS_A,
    PASSWORD,
    World,
    _calls,
    _login,
    world,
)

__all__ = ["world"]  # the fixture
PLATFORM_ADMIN = "platform-admin"
ORGS = "/api/v1/organisations"


def _add_platform_admin(users: SqlUserRepository) -> None:
    users.save(
        UserAccount(
            PLATFORM_ADMIN, Role.ADMIN, hash_password(PASSWORD), platform_admin=True
        )
    )


@pytest.fixture
def client(tmp_path: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The whole API on a fresh database (one empty organisation, 'default',
    from the migration) with a platform administrator."""
    url = f"sqlite:///{tmp_path}/orgs.sqlite"  # type: ignore[operator]
    services = build_services(url, WebSettings(secret_key="test-secret-0123456789"))
    _add_platform_admin(services.users)  # type: ignore[arg-type]
    with TestClient(create_api(services)) as client:
        yield client
    services.jobs.shutdown()  # type: ignore[attr-defined]


def _engine(client: TestClient):  # type: ignore[no-untyped-def]
    return client.app.state.services.users.engine  # type: ignore[attr-defined]


def test_platform_admin_creates_renames_and_names_admins(client: TestClient) -> None:
    headers = _login(client, PLATFORM_ADMIN)
    made = client.post(
        ORGS, json={"slug": "ballerup", "name": "Ballerup"}, headers=headers
    )
    assert made.status_code == 201, made.text
    org_id = made.json()["id"]
    renamed = client.patch(
        f"{ORGS}/{org_id}",
        json={"slug": "ballerup", "name": "Ballerup Kommune"},
        headers=headers,
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "Ballerup Kommune"
    admin = client.post(
        f"{ORGS}/{org_id}/admins",
        json={"username": "admin@ballerup", "password": PASSWORD},
        headers=headers,
    )
    assert admin.status_code == 201, admin.text
    assert admin.json()["role"] == "admin" and admin.json()["created"]
    reader = client.post(
        f"{ORGS}/{org_id}/admins",
        json={"username": "reader@ballerup", "role": "read"},  # single sign-on
        headers=headers,
    )
    assert reader.status_code == 201, reader.text
    (listed,) = [o for o in client.get(ORGS).json() if o["slug"] == "ballerup"]
    assert listed["users"] == 2 and listed["vehicles"] == 0
    assert listed["admins"] == ["admin@ballerup"]
    assert set(listed) == {
        "id",
        "slug",
        "name",
        "created",
        "users",
        "vehicles",
        "admins",
    }
    gone = client.delete(f"{ORGS}/{org_id}/admins/reader@ballerup", headers=headers)
    assert gone.status_code == 204, gone.text
    again = client.delete(f"{ORGS}/{org_id}/admins/reader@ballerup", headers=headers)
    assert again.status_code == 404 and again.json()["code"] == "orgs.err.not_member"
    # the organisation's admin logs in and finds an empty fleet of its own
    client.cookies.clear()
    _login(client, "admin@ballerup")
    assert client.get("/api/v1/vehicles").json() == []
    with using_organisation(org_id):
        actions = [e.action for e in list_entries(_engine(client))]
    assert actions == [
        AuditAction.ORGANISATION_MEMBER_REMOVE,
        AuditAction.ORGANISATION_MEMBER_SET,
        AuditAction.ORGANISATION_MEMBER_SET,
        AuditAction.ORGANISATION_RENAME,
        AuditAction.ORGANISATION_CREATE,
    ]
    with using_organisation(org_id):
        (entry,) = [e for e in list_entries(_engine(client)) if "rename" in e.action]
    assert entry.actor == PLATFORM_ADMIN
    assert entry.detail == {"name": ["Ballerup", "Ballerup Kommune"]}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"slug": "Bad Slug!", "name": "x"}, 422, "orgs.err.slug"),
        ({"slug": "default", "name": "Again"}, 409, "orgs.err.taken"),
    ],
)
def test_a_bad_or_taken_slug_is_refused_with_its_code(
    client: TestClient, body: dict[str, str], status: int, code: str
) -> None:
    headers = _login(client, PLATFORM_ADMIN)
    answer = client.post(ORGS, json=body, headers=headers)
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert [o["slug"] for o in client.get(ORGS).json()] == ["default"]


def test_another_organisations_user_is_not_taken_over(client: TestClient) -> None:
    headers = _login(client, PLATFORM_ADMIN)
    default = find_organisation(_engine(client), "default").organisation_id
    other = client.post(
        ORGS, json={"slug": "herlev", "name": "Herlev"}, headers=headers
    )
    url = f"{ORGS}/{default}/admins"
    assert client.post(url, json={"username": "anna"}, headers=headers).is_success
    taken = client.post(
        f"{ORGS}/{other.json()['id']}/admins",
        json={"username": "anna"},
        headers=headers,
    )
    assert taken.status_code == 409 and taken.json()["code"] == "orgs.err.user_taken"
    short = client.post(
        url, json={"username": "bo", "password": "short"}, headers=headers
    )
    assert short.status_code == 422 and short.json()["code"] == "platform.err.password"


def test_only_a_platform_admin_passes_the_gate(world: World) -> None:
    """An organisation's admin gets 403 on every platform route (the role is
    refused, whatever the ids), and 401 without a session."""
    calls = [c for c in _calls(world.app, world.ids_a) if c.path.startswith(ORGS)]
    assert {c.method for c in calls} == {"GET", "POST", "PATCH", "DELETE"}
    with TestClient(world.app) as client:
        for call in calls:
            assert (
                client.request(call.method, call.path, json=call.body).status_code
                == 401
            )
        headers = _login(client, "orga-admin")
        for call in calls:
            answer = client.request(
                call.method, call.path, json=call.body, headers=headers
            )
            assert answer.status_code == 403, (call, answer.text)


def test_a_platform_admin_without_a_role_sees_no_fleet(world: World) -> None:
    """The platform administrator calls every organisation route with A's ids:
    404 where an id of A's is asked for, 404 for any write, and no answer holds
    A's data; A's vehicles are not listed."""
    with using_organisation(world.org_b):  # its audit entry's organisation
        _add_platform_admin(SqlUserRepository(world.engine))
    failures = []
    with TestClient(world.app) as client:
        headers = _login(client, PLATFORM_ADMIN)
        for call in _calls(world.app, world.ids_a):
            if call.path.startswith(ORGS):
                continue
            response = client.request(
                call.method,
                call.path,
                json=call.body,
                params=call.query,
                headers=headers,
            )
            code = response.status_code
            if call.params or call.query or call.method != "GET":
                ok = code == 404
            else:
                ok = code < 500
            text = response.text
            for asked in world.ids_a.values():
                text = text.replace(asked, "")
            if not ok or any(mark in text for mark in (*MARKS_A, "ORGB", "orgb-")):
                failures.append(
                    f"{call.method} {call.path}: {code} {response.text[:120]}"
                )
        assert client.get("/api/v1/vehicles").json() == []
        listed = client.get(ORGS).json()
    assert failures == []
    counts = {o["slug"]: o["vehicles"] for o in listed}
    assert counts["orga"] > 0 and counts["orgb"] > 0  # counts, not rows


def test_the_only_organisations_users_keep_their_fleet_when_a_second_comes(
    client: TestClient,
) -> None:
    """A single-municipality install's user has no organisation (the only one
    is theirs); the platform's second organisation makes them members of the
    first, so they still see their fleet (not a 500 for no organisation)."""
    users = SqlUserRepository(_engine(client))
    create_user(users, "solo", PASSWORD, Role.READ)
    assert users.get("solo").organisation_id is None  # type: ignore[union-attr]
    headers = _login(client, PLATFORM_ADMIN)
    made = client.post(ORGS, json={"slug": "herlev", "name": "H"}, headers=headers)
    assert made.status_code == 201, made.text
    (default,) = [o for o in client.get(ORGS).json() if o["slug"] == "default"]
    assert default["users"] == 1
    client.cookies.clear()
    _login(client, "solo")
    assert client.get("/api/v1/vehicles").status_code == 200
