"""Login, cookies, logout, and login CSRF."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fleetplan.api import Role
from fleetplan.api.security import CSRF_HEADER, SessionCodec
from tests.api.conftest import PASSWORD, login


def test_login_sets_httponly_lax_session_cookie(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/login", json={"username": "writeer", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["role"] == "write"
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("fleetplan_session="))
    assert "HttpOnly" in session and "SameSite=lax" in session
    assert "Secure" not in session  # plain http in the test
    assert len(cookies) == 1  # the CSRF token is in the answer, in no cookie
    me = client.get("/api/v1/auth/me").json()
    assert me == {
        "username": "writeer",
        "role": "write",
        "csrf_token": response.json()["csrf_token"],
    }


def test_secure_flag_when_https(services, client: TestClient) -> None:
    services.settings.https_only = True
    response = client.post(
        "/api/v1/auth/login", json={"username": "reader", "password": PASSWORD}
    )
    assert all("Secure" in c for c in response.headers.get_list("set-cookie"))


def test_wrong_password_and_foreign_origin(client: TestClient) -> None:
    bad = client.post(
        "/api/v1/auth/login", json={"username": "reader", "password": "x"}
    )
    assert bad.status_code == 401
    foreign = client.post(
        "/api/v1/auth/login",
        json={"username": "reader", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    same = client.post(
        "/api/v1/auth/login",
        json={"username": "reader", "password": PASSWORD},
        headers={"Origin": "http://testserver"},
    )
    assert same.status_code == 200


def test_logout_needs_csrf_and_ends_session(client: TestClient) -> None:
    csrf = login(client, Role.READ)
    assert client.post("/api/v1/auth/logout").status_code == 403
    assert (
        client.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf}).status_code
        == 204
    )
    assert client.get("/api/v1/auth/me").status_code == 401


def test_session_codec_rejects_expired_and_foreign_keys() -> None:
    from fleetplan.api.security import SessionData

    codec = SessionCodec("k" * 20, max_age_s=60)
    cookie = codec.dumps(SessionData("ann", "tok"))
    assert codec.loads(cookie) == SessionData("ann", "tok")
    assert SessionCodec("j" * 20, max_age_s=60).loads(cookie) is None
    assert SessionCodec("k" * 20, max_age_s=-1).loads(cookie) is None
    assert codec.loads("garbage") is None
