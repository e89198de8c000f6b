"""Server-side sessions: logout, revocation, user changes and idle timeout end
a session for good, even for someone holding a copy of the cookie."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role, create_user
from fleetplan.api.security import CSRF_HEADER, SESSION_COOKIE, SessionData
from fleetplan.api.sessions import InMemorySessionStore, session_key
from fleetplan.api.users import update_user
from tests.api.conftest import PASSWORD, login

ME = "/api/v1/auth/me"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def _second_client(client: TestClient) -> TestClient:
    return TestClient(client.app)


def _admin(client: TestClient) -> tuple[TestClient, dict[str, str]]:
    admin = _second_client(client)
    return admin, {CSRF_HEADER: login(admin, Role.ADMIN)}


def test_logout_revokes_a_copied_cookie(client: TestClient) -> None:
    csrf = login(client, Role.WRITE)
    stolen = client.cookies[SESSION_COOKIE]
    assert (
        client.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf}).status_code
        == 204
    )
    thief = _second_client(client)
    thief.cookies.set(SESSION_COOKIE, stolen)
    assert thief.get(ME).status_code == 401
    assert (
        thief.post("/api/v1/jobs", json={}, headers={CSRF_HEADER: csrf}).status_code
        == 401
    )


def test_each_login_is_its_own_session(client: TestClient) -> None:
    """Logging out in one browser leaves the same user's other browser on."""
    other = _second_client(client)
    login(other, Role.READ)
    csrf = login(client, Role.READ)
    client.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf})
    assert other.get(ME).status_code == 200


def test_admin_revokes_every_session_of_a_user(client: TestClient) -> None:
    login(client, Role.WRITE)
    laptop = _second_client(client)
    login(laptop, Role.WRITE)
    admin, headers = _admin(client)
    response = admin.post("/api/v1/users/writeer/revoke-sessions", headers=headers)
    assert response.json() == {"username": "writeer", "revoked": 2}
    assert client.get(ME).status_code == 401
    assert laptop.get(ME).status_code == 401
    assert admin.get(ME).status_code == 200  # only writeer's sessions
    again = admin.post("/api/v1/users/writeer/revoke-sessions", headers=headers)
    assert again.json()["revoked"] == 0
    missing = admin.post("/api/v1/users/nobody/revoke-sessions", headers=headers)
    assert missing.status_code == 404
    login(client, Role.WRITE)  # a new login works
    assert client.get(ME).status_code == 200


def test_only_admins_may_revoke(client: TestClient) -> None:
    csrf = login(client, Role.WRITE)
    response = client.post(
        "/api/v1/users/reader/revoke-sessions", headers={CSRF_HEADER: csrf}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("change", "undo", "revoked"),
    [
        ({"active": False}, {"active": True}, True),
        ({"role": "read"}, {"role": "write"}, True),
        ({"password": "a brand new password"}, None, True),
        ({"role": "admin"}, None, True),  # any role change: log in again
        ({"active": True}, None, False),
    ],
)
def test_user_changes_that_end_sessions(
    client: TestClient,
    change: dict[str, object],
    undo: dict[str, object] | None,
    revoked: bool,
) -> None:
    """Undoing the change does not bring a revoked session back."""
    login(client, Role.WRITE)
    admin, headers = _admin(client)
    for body in (change, undo) if undo else (change,):
        body = {**body, "current_password": PASSWORD}
        patched = admin.patch("/api/v1/users/writeer", json=body, headers=headers)
        assert patched.status_code == 200
    assert client.get(ME).status_code == (401 if revoked else 200)


def test_user_add_and_delete_end_sessions(
    services: AppServices, client: TestClient
) -> None:
    """``fleetplan user add`` on an existing name resets it; delete ends all."""
    login(client, Role.READ)
    create_user(services.users, "reader", "another good password", Role.READ)
    assert client.get(ME).status_code == 401
    other = _second_client(client)
    login(other, Role.WRITE)
    assert services.users.delete("writeer")
    create_user(services.users, "writeer", "another good password", Role.WRITE)
    assert other.get(ME).status_code == 401


def test_cookie_without_server_session_is_refused(
    services: AppServices, client: TestClient
) -> None:
    """A validly signed cookie from before server-side sessions (no session
    id), or with an id the server never issued, does not log anyone in."""
    for session_id in ("", "made-up-token"):
        cookie = services.codec.dumps(SessionData("adminer", "tok", session_id))
        client.cookies.set(SESSION_COOKIE, cookie)
        assert client.get(ME).status_code == 401


def test_session_of_one_user_cannot_be_relabelled(
    services: AppServices, client: TestClient
) -> None:
    """Even with the secret key, a reader's session id does not serve admin."""
    login(client, Role.READ)
    token = services.codec.loads(client.cookies[SESSION_COOKIE])
    assert token is not None
    forged = SessionData("adminer", token.csrf_token, token.session_id)
    client.cookies.set(SESSION_COOKIE, services.codec.dumps(forged))
    assert client.get(ME).status_code == 401


def test_idle_timeout_and_absolute_age(
    services: AppServices, client: TestClient
) -> None:
    """Idle limit 3600 s and max age 8 h (the defaults), on a fake clock."""
    clock = FakeClock()
    services.users.sessions.clock = clock
    login(client, Role.READ)
    clock.advance(3599)
    assert client.get(ME).status_code == 200  # and marks the session as seen
    clock.advance(3599)
    assert client.get(ME).status_code == 200
    for _ in range(6):  # 2 * 3599 + 6 * 3000 = 25 198 s < 28 800 s
        clock.advance(3000)
        assert client.get(ME).status_code == 200
    clock.advance(3602)  # 28 800 s in all: older than session_max_age_s
    assert client.get(ME).status_code == 401
    login(client, Role.READ)
    clock.advance(3601)
    assert client.get(ME).status_code == 401
    clock.now -= timedelta(seconds=3601)  # an idle session stays revoked
    assert client.get(ME).status_code == 401


def test_last_seen_is_written_at_most_once_a_minute(
    services: AppServices, client: TestClient
) -> None:
    clock = FakeClock()
    store = services.users.sessions
    assert isinstance(store, InMemorySessionStore)
    store.clock = clock
    login(client, Role.READ)
    data = services.codec.loads(client.cookies[SESSION_COOKIE])
    assert data is not None
    key = session_key(data.session_id)
    clock.advance(59)
    client.get(ME)
    record = store.get(key)
    assert record is not None and record.last_seen == record.created
    clock.advance(1)
    client.get(ME)
    record = store.get(key)
    assert record is not None
    assert record.last_seen - record.created == timedelta(seconds=60)


def test_demotion_via_service_revokes(
    services: AppServices, client: TestClient
) -> None:
    """The web settings page and the CLI call the same service."""
    login(client, Role.ADMIN)
    update_user(services.users, "adminer", role=Role.WRITE)
    assert client.get(ME).status_code == 401


def test_admin_sees_a_users_live_sessions(
    services: AppServices, client: TestClient
) -> None:
    """Two logins 10 min apart; after 50 more idle minutes the first one has
    been idle for 3600 s (not more), after one more second it is gone."""
    clock = FakeClock()
    services.users.sessions.clock = clock
    login(client, Role.WRITE)
    clock.advance(600)
    login(_second_client(client), Role.WRITE)
    admin, headers = _admin(client)
    clock.advance(3000)
    listed = admin.get("/api/v1/users/writeer/sessions").json()
    assert listed == [
        {"created": "2026-03-02T08:00:00Z", "last_seen": "2026-03-02T08:00:00Z"},
        {"created": "2026-03-02T08:10:00Z", "last_seen": "2026-03-02T08:10:00Z"},
    ]
    clock.advance(1)
    assert len(admin.get("/api/v1/users/writeer/sessions").json()) == 1
    admin.post("/api/v1/users/writeer/revoke-sessions", headers=headers)
    assert admin.get("/api/v1/users/writeer/sessions").json() == []
    assert admin.get("/api/v1/users/nobody/sessions").status_code == 404
    reader = _second_client(client)
    login(reader, Role.READ)
    assert reader.get("/api/v1/users/writeer/sessions").status_code == 403
