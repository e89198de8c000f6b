"""Cookie flags: HttpOnly session (the only cookie), SameSite=Lax, Secure over
https (or when configured), and the same flags on the cookies logout deletes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fleetplan.api import AppServices
from fleetplan.api.security import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from tests.api.conftest import PASSWORD


def _cookies(client: TestClient) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/login", json={"username": "reader", "password": PASSWORD}
    )
    assert response.status_code == 200
    return {c.split("=", 1)[0]: c for c in response.headers.get_list("set-cookie")}


def _flags(cookie: str) -> set[str]:
    return {part.strip().lower() for part in cookie.split(";")[1:]}


def test_session_cookie_is_httponly_and_no_cookie_holds_the_csrf_token(
    client: TestClient,
) -> None:
    """A script in the page (stored XSS) finds no CSRF token in document.cookie."""
    cookies = _cookies(client)
    assert set(cookies) == {SESSION_COOKIE}
    assert "httponly" in _flags(cookies[SESSION_COOKIE])


def test_the_cookie_is_samesite_lax(client: TestClient) -> None:
    for cookie in _cookies(client).values():
        assert "samesite=lax" in _flags(cookie)


def test_not_secure_over_plain_http(client: TestClient) -> None:
    for cookie in _cookies(client).values():
        assert "secure" not in _flags(cookie)


def test_secure_when_the_request_is_https(client: TestClient) -> None:
    https = TestClient(client.app, base_url="https://testserver")
    for cookie in _cookies(https).values():
        assert "secure" in _flags(cookie)


def test_secure_when_configured_behind_a_tls_proxy(
    services: AppServices, client: TestClient
) -> None:
    services.settings.https_only = True
    for cookie in _cookies(client).values():
        assert "secure" in _flags(cookie)


def test_forwarded_proto_counts_only_from_a_trusted_proxy(
    services: AppServices, client: TestClient
) -> None:
    https = {"X-Forwarded-Proto": "https"}
    proxy = TestClient(client.app, client=("10.0.0.1", 50000), headers=https)
    for cookie in _cookies(proxy).values():
        assert "secure" not in _flags(cookie)  # anyone can send the header
    services.settings.trusted_proxies = "10.0.0.1"
    for cookie in _cookies(proxy).values():
        assert "secure" in _flags(cookie)
    plain = TestClient(
        client.app, client=("10.0.0.1", 50000), headers={"X-Forwarded-Proto": "http"}
    )
    for cookie in _cookies(plain).values():
        assert "secure" not in _flags(cookie)


def test_logout_deletes_with_the_same_flags(client: TestClient) -> None:
    https = TestClient(client.app, base_url="https://testserver")
    login = https.post(
        "/api/v1/auth/login", json={"username": "reader", "password": PASSWORD}
    )
    csrf = login.json()["csrf_token"]
    response = https.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf})
    assert response.status_code == 204
    deleted = {
        c.split("=", 1)[0]: _flags(c) for c in response.headers.get_list("set-cookie")
    }
    assert {"max-age=0", "httponly", "samesite=lax", "secure"} <= deleted[
        SESSION_COOKIE
    ]
    # the CSRF cookie of older versions goes too
    assert {"max-age=0", "samesite=lax", "secure"} <= deleted[CSRF_COOKIE]
