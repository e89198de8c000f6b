"""OpenID Connect login against a fake identity provider (httpx mock transport)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role
from fleetplan.api.routes import oidc


@pytest.fixture
def idp(services: AppServices) -> Iterator[list[httpx.Request]]:
    """A fake IdP: code 'good' gives a token; userinfo names user 'oidc.user'."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/token":
            form = parse_qs(request.content.decode())
            if form.get("code") != ["good"] or form.get("client_secret") != ["s3"]:
                return httpx.Response(400, json={"error": "invalid_grant"})
            return httpx.Response(200, json={"access_token": "at-1"})
        if request.url.path == "/userinfo":
            if request.headers.get("authorization") != "Bearer at-1":
                return httpx.Response(401)
            return httpx.Response(
                200, json={"preferred_username": "oidc.user", "fp_role": "write"}
            )
        return httpx.Response(404)

    settings = services.settings
    settings.oidc_client_id = "fleetplan"
    settings.oidc_client_secret = "s3"
    settings.oidc_authorization_endpoint = "http://127.0.0.1:9/authorize"
    settings.oidc_token_endpoint = "http://127.0.0.1:9/token"
    settings.oidc_userinfo_endpoint = "http://127.0.0.1:9/userinfo"
    settings.oidc_role_claim = "fp_role"
    oidc.transport = httpx.MockTransport(handle)
    yield seen
    oidc.transport = None


def test_oidc_code_flow_creates_user_and_session(
    client: TestClient, services: AppServices, idp: list[httpx.Request]
) -> None:
    start = client.get("/api/v1/auth/oidc/login", follow_redirects=False)
    assert start.status_code == 307
    target = urlsplit(start.headers["location"])
    query = parse_qs(target.query)
    assert target.path == "/authorize"
    assert query["client_id"] == ["fleetplan"] and query["response_type"] == ["code"]
    state = query["state"][0]
    bad = client.get(
        "/api/v1/auth/oidc/callback",
        params={"code": "good", "state": "forged"},
        follow_redirects=False,
    )
    assert bad.status_code == 400
    done = client.get(
        "/api/v1/auth/oidc/callback",
        params={"code": "good", "state": state},
        follow_redirects=False,
    )
    assert done.status_code == 303
    me = client.get("/api/v1/auth/me").json()
    assert (me["username"], me["role"]) == ("oidc.user", "write")
    account = services.users.get("oidc.user")
    assert account is not None and account.role is Role.WRITE
    assert account.password_hash is None


def test_oidc_rejects_bad_code_and_is_off_by_default(
    client: TestClient, services: AppServices, idp: list[httpx.Request]
) -> None:
    start = client.get("/api/v1/auth/oidc/login", follow_redirects=False)
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    failed = client.get(
        "/api/v1/auth/oidc/callback", params={"code": "bad", "state": state}
    )
    assert failed.status_code == 401
    services.settings.oidc_client_id = ""
    assert client.get("/api/v1/auth/oidc/login").status_code == 404


def test_state_cookie_is_secure_only_behind_a_trusted_tls_proxy(
    client: TestClient, services: AppServices, idp: list[httpx.Request]
) -> None:
    proxy = TestClient(
        client.app, client=("10.0.0.1", 50000), headers={"X-Forwarded-Proto": "https"}
    )

    def state_cookie() -> str:
        start = proxy.get("/api/v1/auth/oidc/login", follow_redirects=False)
        return start.headers["set-cookie"].lower()

    assert "secure" not in state_cookie()  # anyone can send the header
    services.settings.trusted_proxies = "10.0.0.1"
    assert "; secure" in state_cookie()
