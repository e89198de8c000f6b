"""Every API route: no session -> 401, read -> 403 on writes, write/admin pass."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from fleetplan.api import Role
from fleetplan.api.security import CSRF_HEADER, UNSAFE_METHODS
from tests.api.conftest import login

PUBLIC = {
    ("GET", "/api/v1/health"),
    ("POST", "/api/v1/auth/login"),
    ("GET", "/api/v1/auth/oidc/login"),
    ("GET", "/api/v1/auth/oidc/callback"),
    ("GET", "/api/v1/auth/oidc/logout"),  # ends whatever session there is
    ("GET", "/api/v1/saml/metadata"),
    ("GET", "/api/v1/saml/login"),
    ("POST", "/api/v1/saml/acs"),  # the IdP's answer, posted by the browser
}
ANY_SESSION = {("POST", "/api/v1/auth/logout")}  # every role may log out


PLATFORM: Any = "platform"  # only a platform administrator passes: no role does


def _required_role(route: object) -> Role | None:
    roles: list[Role] = []
    dependant = getattr(route, "dependant", None)
    stack = list(dependant.dependencies) if dependant is not None else []
    while stack:
        dep = stack.pop()
        if getattr(dep.call, "platform_only", False):
            return PLATFORM
        role = getattr(dep.call, "required_role", None)
        if role is not None:
            roles.append(role)
        stack.extend(dep.dependencies)
    return max(roles, key=lambda r: r.rank) if roles else None


def _api_calls(client: TestClient) -> list[tuple[str, str, Role | None]]:
    calls = []
    # FastAPI includes routers lazily; iter_route_contexts flattens app.routes.
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        if not route.path or not route.path.startswith("/api/"):
            continue
        if route.path.startswith(("/api/v1/openapi", "/api/v1/docs")):
            continue
        path = re.sub(r"\{[^}]+\}", "x", route.path)
        for method in sorted(route.methods or ()):
            if method == "HEAD":
                continue
            calls.append((method, path, _required_role(route)))
    return calls


def _call(client: TestClient, method: str, path: str, csrf: str = "") -> int:
    headers = {CSRF_HEADER: csrf} if csrf else {}
    body = {} if method in UNSAFE_METHODS else None
    return client.request(method, path, json=body, headers=headers).status_code


def test_every_protected_route_declares_a_role(client: TestClient) -> None:
    """Each non-public route has require_role; each write needs at least WRITE."""
    calls = _api_calls(client)
    assert len(calls) >= 14
    for method, path, role in calls:
        if (method, path) in PUBLIC or (method, path) in ANY_SESSION:
            continue
        assert role is not None, f"{method} {path} has no role check"
        if role is PLATFORM:
            continue
        if method in UNSAFE_METHODS:
            assert role.allows(Role.WRITE), f"{method} {path} lets readers write"


def test_no_session_gives_401_everywhere(client: TestClient) -> None:
    for method, path, _role in _api_calls(client):
        if (method, path) in PUBLIC:
            continue
        assert _call(client, method, path) == 401, f"{method} {path}"


@pytest.mark.parametrize("role", list(Role))
def test_roles_on_every_route(client: TestClient, role: Role) -> None:
    """read: 403 on every write; each role passes exactly where it is allowed."""
    csrf = login(client, role)
    for method, path, needed in _api_calls(client):
        if (method, path) in PUBLIC or (method, path) in ANY_SESSION:
            continue
        assert needed is not None
        status = _call(client, method, path, csrf)
        if role is Role.READ and method in UNSAFE_METHODS:
            assert status == 403, f"read {method} {path}: {status}"
        if needed is PLATFORM:
            assert status == 403, f"{role} {method} {path}: {status}"
        elif role.allows(needed):
            assert status not in (401, 403), f"{role} {method} {path}: {status}"
        else:
            assert status == 403, f"{role} {method} {path}: {status}"


def test_write_without_or_with_wrong_csrf_token_is_403(client: TestClient) -> None:
    csrf = login(client, Role.WRITE)
    assert _call(client, "POST", "/api/v1/jobs") == 403
    assert _call(client, "POST", "/api/v1/jobs", csrf="wrong") == 403
    assert _call(client, "POST", "/api/v1/jobs", csrf=csrf) == 422


def test_tampered_cookie_and_deactivated_user_are_401(client: TestClient) -> None:
    login(client, Role.ADMIN)
    assert client.get("/api/v1/auth/me").status_code == 200
    cookie = client.cookies["fleetplan_session"]
    client.cookies.set("fleetplan_session", cookie[:-2] + "zz")
    assert client.get("/api/v1/auth/me").status_code == 401
    client.cookies.clear()
    csrf = login(client, Role.ADMIN)
    headers = {CSRF_HEADER: csrf}
    response = client.patch(
        "/api/v1/users/adminer", json={"active": False}, headers=headers
    )
    assert response.status_code == 200
    assert client.get("/api/v1/auth/me").status_code == 401


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    """The OpenAPI document is built and covers each walked route."""
    schema = client.get("/api/v1/openapi.json").json()
    documented = {
        (method.upper(), re.sub(r"\{[^}]+\}", "x", path))
        for path, item in schema["paths"].items()
        for method in item
    }
    walked = {(m, p) for m, p, _r in _api_calls(client)}
    assert walked == documented
