"""Cookie flags: HttpOnly session, SameSite=Lax, Secure over https (or when
configured), and the same flags on the cookies logout deletes."""

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


def test_session_cookie_is_httponly_and_csrf_cookie_is_not(
    client: TestClient,
) -> None:
    cookies = _cookies(client)
    assert "httponly" in _flags(cookies[SESSION_COOKIE])
    assert "httponly" not in _flags(cookies[CSRF_COOKIE])  # the page reads it


def test_both_cookies_are_samesite_lax(client: TestClient) -> None:
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
    csrf = _cookies(https)[CSRF_COOKIE].split(";")[0].split("=", 1)[1]
    response = https.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf})
    assert response.status_code == 204
    deleted = {
        c.split("=", 1)[0]: _flags(c) for c in response.headers.get_list("set-cookie")
    }
    assert {"max-age=0", "httponly", "samesite=lax", "secure"} <= deleted[
        SESSION_COOKIE
    ]
    assert {"max-age=0", "samesite=lax", "secure"} <= deleted[CSRF_COOKIE]
