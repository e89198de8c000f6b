"""OpenID Connect login against a fake identity provider (httpx mock transport):
the code flow with PKCE and nonce, and external identities matched by (issuer,
subject), never by name (issue 13, item 6)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, Role, create_user
from fleetplan.api.routes import oidc
from tests.api.conftest import PASSWORD
from tests.web.test_pages import web as web  # the NiceGUI app fixture

ISSUER = "https://login.example.dk"
LOGIN = "/api/v1/auth/oidc/login"
CALLBACK = "/api/v1/auth/oidc/callback"


def _jwt(claims: dict[str, Any]) -> str:
    """An unsigned-looking JWT (the app reads it from the back channel)."""

    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256'})}.{part(claims)}.c2ln"


@dataclass
class FakeIdp:
    """Code 'good' gives a token when the PKCE verifier matches the challenge
    of the last authorization request; userinfo returns ``userinfo``. With
    ``id_token`` set, the token response carries an ID token with the nonce
    of the authorization request (or ``nonce`` when set, a forgery)."""

    userinfo: dict[str, Any] = field(
        default_factory=lambda: {
            "sub": "s-100",
            "preferred_username": "oidc.user",
            "fp_role": "write",
        }
    )
    id_token: bool = False
    nonce: str | None = None
    authorized: dict[str, str] = field(default_factory=dict)
    seen: list[httpx.Request] = field(default_factory=list)

    def authorize(self, location: str) -> str:
        """The browser at the IdP: remember the request, return the state."""
        query = parse_qs(urlsplit(location).query)
        self.authorized = {k: v[0] for k, v in query.items()}
        return self.authorized["state"]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.url.path == "/token":
            form = parse_qs(request.content.decode())
            verifier = form.get("code_verifier", [""])[0]
            challenge = self.authorized.get("code_challenge")
            if (
                form.get("code") != ["good"]
                or form.get("client_secret") != ["s3"]
                or oidc.pkce_challenge(verifier) != challenge
            ):
                return httpx.Response(400, json={"error": "invalid_grant"})
            body: dict[str, Any] = {"access_token": "at-1"}
            if self.id_token:
                nonce = self.nonce or self.authorized["nonce"]
                claims = {"iss": ISSUER, "sub": self.userinfo["sub"], "nonce": nonce}
                body["id_token"] = _jwt(claims)
            return httpx.Response(200, json=body)
        if request.url.path == "/userinfo":
            if request.headers.get("authorization") != "Bearer at-1":
                return httpx.Response(401)
            return httpx.Response(200, json=self.userinfo)
        return httpx.Response(404)


@pytest.fixture
def idp(services: AppServices) -> Iterator[FakeIdp]:
    fake = FakeIdp()
    settings = services.settings
    settings.oidc_client_id = "fleetplan"
    settings.oidc_client_secret = "s3"
    settings.oidc_authorization_endpoint = "http://127.0.0.1:9/authorize"
    settings.oidc_token_endpoint = "http://127.0.0.1:9/token"
    settings.oidc_userinfo_endpoint = "http://127.0.0.1:9/userinfo"
    settings.oidc_role_claim = "fp_role"
    oidc.transport = httpx.MockTransport(fake.handle)
    yield fake
    oidc.transport = None


def _log_in(client: TestClient, idp: FakeIdp) -> httpx.Response:
    """Start the flow, pass the IdP, and come back with code 'good'."""
    start = client.get(LOGIN, follow_redirects=False)
    state = idp.authorize(start.headers["location"])
    return client.get(
        CALLBACK, params={"code": "good", "state": state}, follow_redirects=False
    )


def test_oidc_code_flow_creates_user_and_session(
    client: TestClient, services: AppServices, idp: FakeIdp
) -> None:
    start = client.get(LOGIN, follow_redirects=False)
    assert start.status_code == 307
    target = urlsplit(start.headers["location"])
    query = parse_qs(target.query)
    assert target.path == "/authorize"
    assert query["client_id"] == ["fleetplan"] and query["response_type"] == ["code"]
    state = idp.authorize(start.headers["location"])
    bad = client.get(
        CALLBACK, params={"code": "good", "state": "forged"}, follow_redirects=False
    )
    assert bad.status_code == 400
    done = client.get(
        CALLBACK, params={"code": "good", "state": state}, follow_redirects=False
    )
    assert done.status_code == 303
    me = client.get("/api/v1/auth/me").json()
    assert (me["username"], me["role"]) == ("oidc.user", "write")
    account = services.users.get("oidc.user")
    assert account is not None and account.role is Role.WRITE
    assert account.password_hash is None
    # No "iss" claim and no ID token: the configured provider is the issuer.
    assert (account.external_issuer, account.external_subject) == (
        "http://127.0.0.1:9/token",
        "s-100",
    )


def test_pkce_s256_challenge_and_verifier(client: TestClient, idp: FakeIdp) -> None:
    """The authorization request carries an S256 challenge and a nonce; the
    token request the verifier whose SHA-256 is that challenge."""
    assert _log_in(client, idp).status_code == 303
    assert idp.authorized["code_challenge_method"] == "S256"
    assert len(idp.authorized["nonce"]) >= 16
    (token,) = [r for r in idp.seen if r.url.path == "/token"]
    verifier = parse_qs(token.content.decode())["code_verifier"][0]
    assert 43 <= len(verifier) <= 128
    assert oidc.pkce_challenge(verifier) == idp.authorized["code_challenge"]
    # RFC 7636 appendix B's example.
    assert (
        oidc.pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


def test_a_provider_saying_admin_does_not_get_the_local_admin(
    web: TestClient, services: AppServices, idp: FakeIdp
) -> None:
    """preferred_username=admin with a local admin of that name: refused, no
    session, and the login page says why (Danish, then English)."""
    create_user(services.users, "admin", PASSWORD, Role.ADMIN)
    idp.userinfo = {"sub": "evil-1", "preferred_username": "admin", "fp_role": "read"}
    refused = _log_in(web, idp)
    assert refused.status_code == 303
    assert refused.headers["location"] == "/login?error=oidc_name_taken"
    assert "fleetplan_session" not in web.cookies
    assert web.get("/api/v1/auth/me").status_code == 401
    admin = services.users.get("admin")
    assert admin is not None and admin.external_subject is None
    page = web.get(refused.headers["location"]).text
    assert "hedder det samme som en anden bruger i Fleetplan" in page
    web.get("/lang/en?next=/login")
    page = web.get(refused.headers["location"]).text
    assert "has the same name as another Fleetplan user" in page


def test_an_identity_keeps_its_account_whatever_name_it_sends(
    client: TestClient, services: AppServices, idp: FakeIdp
) -> None:
    """Matched by (issuer, sub): a later preferred_username=admin from the same
    subject is still oidc.user; another subject claiming oidc.user is refused."""
    create_user(services.users, "admin", PASSWORD, Role.ADMIN)
    assert _log_in(client, idp).status_code == 303
    client.cookies.clear()
    idp.userinfo = {**idp.userinfo, "preferred_username": "admin"}
    assert _log_in(client, idp).status_code == 303
    assert client.get("/api/v1/auth/me").json()["username"] == "oidc.user"
    client.cookies.clear()
    idp.userinfo = {"sub": "s-200", "preferred_username": "oidc.user"}
    assert _log_in(client, idp).headers["location"] == "/login?error=oidc_name_taken"
    assert client.get("/api/v1/auth/me").status_code == 401


def test_an_account_made_for_an_external_login_is_linked_once(
    client: TestClient, services: AppServices, idp: FakeIdp
) -> None:
    """An admin may create a user without a password for an OIDC login; the
    first identity with that name gets it, with the admin's role."""
    create_user(services.users, "oidc.user", None, Role.ADMIN)
    assert _log_in(client, idp).status_code == 303
    assert client.get("/api/v1/auth/me").json()["role"] == "admin"
    account = services.users.get("oidc.user")
    assert account is not None and account.external_subject == "s-100"


def test_id_token_nonce_must_match(
    client: TestClient, services: AppServices, idp: FakeIdp
) -> None:
    """An ID token with another login's nonce is refused; with this login's
    nonce it is accepted and its issuer recorded."""
    idp.id_token = True
    idp.nonce = "nonce-of-another-login"
    assert _log_in(client, idp).status_code == 401
    assert services.users.get("oidc.user") is None
    assert client.get("/api/v1/auth/me").status_code == 401
    idp.nonce = None
    assert _log_in(client, idp).status_code == 303
    account = services.users.get("oidc.user")
    assert account is not None and account.external_issuer == ISSUER


def test_oidc_rejects_bad_code_and_is_off_by_default(
    client: TestClient, services: AppServices, idp: FakeIdp
) -> None:
    start = client.get(LOGIN, follow_redirects=False)
    state = idp.authorize(start.headers["location"])
    failed = client.get(CALLBACK, params={"code": "bad", "state": state})
    assert failed.status_code == 401
    services.settings.oidc_client_id = ""
    assert client.get(LOGIN).status_code == 404


def test_state_cookie_is_secure_only_behind_a_trusted_tls_proxy(
    client: TestClient, services: AppServices, idp: FakeIdp
) -> None:
    proxy = TestClient(
        client.app, client=("10.0.0.1", 50000), headers={"X-Forwarded-Proto": "https"}
    )

    def state_cookie() -> str:
        start = proxy.get(LOGIN, follow_redirects=False)
        return start.headers["set-cookie"].lower()

    assert "secure" not in state_cookie()  # anyone can send the header
    services.settings.trusted_proxies = "10.0.0.1"
    assert "; secure" in state_cookie()
