"""Issue 13, items 1 and 9: what a script in an admin's page can no longer do,
login CSRF with ``Origin: null``, the security headers, and the idle bound."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role
from fleetplan.api.headers import SecurityHeaders, content_security_policy
from fleetplan.api.security import CSRF_HEADER
from fleetplan.api.sessions import TOUCH_EVERY_S
from fleetplan.web import routes
from tests.api.conftest import PASSWORD, login
from tests.api.test_sessions import FakeClock

ME = "/api/v1/auth/me"
REAUTH = "users.err.current_password"


def _admin(client: TestClient) -> tuple[TestClient, dict[str, str]]:
    admin = TestClient(client.app)
    return admin, {CSRF_HEADER: login(admin, Role.ADMIN)}


@pytest.mark.parametrize(
    "body",
    [
        {"role": "admin"},
        {"role": "admin", "current_password": ""},
        {"role": "admin", "current_password": "not the admin's password"},
        {"password": "the attacker's password"},
    ],
)
def test_role_or_password_change_without_the_admins_password_is_refused(
    client: TestClient, body: dict[str, str]
) -> None:
    """What the stored-XSS payload sent: the session and CSRF token, no password."""
    login(client, Role.WRITE)
    admin, headers = _admin(client)
    response = admin.patch("/api/v1/users/writeer", json=body, headers=headers)
    assert response.status_code == 403
    assert response.json()["detail"]["code"] == REAUTH
    users = admin.get("/api/v1/users").json()
    assert {"username": "writeer", "role": "write"}.items() <= users[-1].items()
    assert client.get(ME).status_code == 200  # nothing changed, still logged in


def test_creating_a_user_needs_the_admins_password(client: TestClient) -> None:
    admin, headers = _admin(client)
    new = {"username": "mallory", "role": "admin", "password": "long enough pw"}
    refused = admin.post("/api/v1/users", json=new, headers=headers)
    assert refused.status_code == 403
    assert refused.json()["detail"]["code"] == REAUTH
    created = admin.post(
        "/api/v1/users", json=new | {"current_password": PASSWORD}, headers=headers
    )
    assert created.status_code == 201


def test_promotion_with_the_password_ends_the_users_sessions(
    client: TestClient,
) -> None:
    login(client, Role.WRITE)
    admin, headers = _admin(client)
    response = admin.patch(
        "/api/v1/users/writeer",
        json={"role": "admin", "current_password": PASSWORD},
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["role"] == "admin"
    assert client.get(ME).status_code == 401  # logs in again as admin
    assert admin.get(ME).status_code == 200


def test_deactivating_needs_no_password(client: TestClient) -> None:
    """Taking access away cannot escalate anything, so it stays one click."""
    admin, headers = _admin(client)
    response = admin.patch(
        "/api/v1/users/writeer", json={"active": False}, headers=headers
    )
    assert response.status_code == 200


def test_login_with_origin_null_is_refused(services: AppServices) -> None:
    """A sandboxed frame or a data: page posts with ``Origin: null``."""
    app = FastAPI()
    app.include_router(routes.router)
    from fleetplan.api import create_api

    api = TestClient(create_api(services))
    null = {"Origin": "null"}
    credentials = {"username": "reader", "password": PASSWORD}
    assert (
        api.post("/api/v1/auth/login", json=credentials, headers=null).status_code
        == 403
    )
    form = TestClient(app, follow_redirects=False)
    refused = form.post("/login/submit", data=credentials, headers=null)
    assert refused.headers["location"] == "/login?error=1"
    assert "set-cookie" not in refused.headers
    own = form.post(
        "/login/submit", data=credentials, headers={"Origin": "http://testserver"}
    )
    assert own.headers["location"] == "/"


def test_api_answers_carry_the_security_headers(client: TestClient) -> None:
    for path in ("/api/v1/health", "/api/v1/docs", "/api/v1/nothing-here"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "object-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "base-uri 'self'" in policy
        assert "form-action 'self'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_a_gzipped_page_gets_the_policys_nonce_in_every_script_tag() -> None:
    """NiceGUI's pages are gzipped inside the app: the nonce goes in anyway."""
    inner = FastAPI()
    page = "<html><script>a()</script><SCRIPT src='/x.js'></SCRIPT>" + "x" * 600

    @inner.get("/")
    def index() -> HTMLResponse:
        return HTMLResponse(page)

    inner.add_middleware(GZipMiddleware)
    client = TestClient(SecurityHeaders(inner))
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    nonce = re.search(r"'nonce-([^']+)'", response.headers["content-security-policy"])
    assert nonce is not None
    assert response.text.count(f'nonce="{nonce.group(1)}"') == 2
    assert int(response.headers["content-length"]) == response.num_bytes_downloaded
    again = client.get("/").headers["content-security-policy"]
    assert nonce.group(1) not in again  # a fresh nonce per response


def test_idle_timeout_is_never_late_and_at_most_a_minute_early(
    services: AppServices, client: TestClient
) -> None:
    """Activity is written at most once a minute, so the timeout counts from
    the last recorded request: it ends a session up to 59 s before
    ``session_idle_timeout_s`` after the last request, never after it."""
    clock = FakeClock()
    services.users.sessions.clock = clock
    idle = services.settings.session_idle_timeout_s
    login(client, Role.READ)
    start = clock.now
    clock.advance(TOUCH_EVERY_S - 1)
    assert client.get(ME).status_code == 200  # not recorded: within the minute
    last_request = clock.now
    clock.now = start + timedelta(seconds=idle + 1)
    assert client.get(ME).status_code == 401
    early = last_request + timedelta(seconds=idle) - clock.now
    assert timedelta(0) < early < timedelta(seconds=TOUCH_EVERY_S)


def test_a_forged_host_header_adds_nothing_to_the_policy() -> None:
    """The websocket source comes from the request's host; anything that is not
    a plain host[:port] is left out, so no directive can be smuggled in."""
    forged = content_security_policy("n", "x; script-src *")
    assert "script-src *" not in forged
    assert "connect-src 'self';" in forged
    assert "ws://h.example:8080 " in content_security_policy("n", "h.example:8080")
