"""A local OpenID provider for the login tests: a Starlette app served by
uvicorn on a free port in a thread, signing ID tokens with joserfc (Authlib's
JOSE library).

It does what a real provider does for the code flow: discovery, JWKS, an
authorization endpoint that logs ``user`` in at once (no form), a token
endpoint that checks the client secret, the redirect URI, the single-use code
and the PKCE verifier (S256, required), and an end-session endpoint. Knobs in
:class:`Misbehaviour` make it issue the faulty tokens the tests need.
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import pytest
import uvicorn
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from fleetplan.api import AppServices
from fleetplan.api.oidc_client import forget_providers

CLIENT_ID = "fleetplan"
CLIENT_SECRET = "s3cret-of-the-client"
KEY_ID = "key-1"


@dataclass
class Misbehaviour:
    """How the next ID tokens go wrong (all off: a correct provider)."""

    signing_key: RSAKey | None = None  # another key than the published one
    audience: str | None = None
    issuer: str | None = None
    expires_in_s: int = 300
    nonce: str | None = None
    id_token: str | None = None  # returned instead of a new one (a replay)


@dataclass
class LocalProvider:
    issuer: str = ""
    key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(2048, {"kid": KEY_ID})
    )
    user: dict[str, Any] = field(default_factory=dict)  # claims of the next login
    bad: Misbehaviour = field(default_factory=Misbehaviour)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    authorized: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    id_tokens: list[str] = field(default_factory=list)
    logouts: list[dict[str, str]] = field(default_factory=list)
    discovered: int = 0

    def reset(self, user: dict[str, Any]) -> None:
        self.user = user
        self.bad = Misbehaviour()
        for log in (self.codes, self.authorized, self.token_requests):
            log.clear()
        self.id_tokens.clear()
        self.logouts.clear()

    # -- endpoints -------------------------------------------------------
    async def discovery(self, _request: Request) -> Response:
        self.discovered += 1
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "end_session_endpoint": f"{self.issuer}/logout",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
            }
        )

    async def jwks(self, _request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def authorize(self, request: Request) -> Response:
        query = dict(request.query_params)
        self.authorized.append(query)
        if (
            query.get("client_id") != CLIENT_ID
            or query.get("response_type") != "code"
            or query.get("code_challenge_method") != "S256"
            or not query.get("code_challenge")
        ):
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {**query, "claims": dict(self.user)}
        answer = urlencode({"code": code, "state": query.get("state", "")})
        return RedirectResponse(f"{query['redirect_uri']}?{answer}", 302)

    async def token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        self.token_requests.append(form)
        grant = self.codes.pop(form.get("code", ""), None)  # single use
        verifier = form.get("code_verifier", "")
        if (
            form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or grant is None
            or grant["redirect_uri"] != form.get("redirect_uri")
            or not verifier
            or create_s256_code_challenge(verifier) != grant["code_challenge"]
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        id_token = self.bad.id_token or self._id_token(grant)
        self.id_tokens.append(id_token)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }
        )

    async def logout(self, request: Request) -> Response:
        query = dict(request.query_params)
        self.logouts.append(query)
        return RedirectResponse(query.get("post_logout_redirect_uri", "/"), 302)

    def _id_token(self, grant: dict[str, Any]) -> str:
        now = int(time.time())
        claims = {
            "iss": self.bad.issuer or self.issuer,
            "aud": self.bad.audience or CLIENT_ID,
            "iat": now,
            "exp": now + self.bad.expires_in_s,
            "nonce": self.bad.nonce or grant["nonce"],
            **grant["claims"],
        }
        key = self.bad.signing_key or self.key
        return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, key)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/jwks", self.jwks),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/logout", self.logout),
            ]
        )


@contextmanager
def running_provider() -> Iterator[LocalProvider]:
    """Serve a :class:`LocalProvider` on 127.0.0.1 until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    provider = LocalProvider(issuer=f"http://127.0.0.1:{sock.getsockname()[1]}")
    config = uvicorn.Config(provider.app(), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


# -- pytest fixtures (imported by tests/api/test_oidc*.py) ------------------
ROLE_MAP = "Fleetplan.Admin=admin,Fleetplan.Editor=write,Fleetplan.Reader=read"
USER = {
    "sub": "s-100",
    "preferred_username": "oidc.user",
    "roles": ["Fleetplan.Editor"],
}
LOGIN = "/api/v1/auth/oidc/login"
CALLBACK = "/api/v1/auth/oidc/callback"
LOGOUT = "/api/v1/auth/oidc/logout"


@pytest.fixture(scope="session")
def oidc_server() -> Iterator[LocalProvider]:
    with running_provider() as provider:
        yield provider


@pytest.fixture
def idp(oidc_server: LocalProvider, services: AppServices) -> Iterator[LocalProvider]:
    """The local provider, configured as the app's: Entra-style ``roles``."""
    oidc_server.reset(dict(USER))
    forget_providers()
    settings = services.settings
    settings.oidc_client_id = CLIENT_ID
    settings.oidc_client_secret = CLIENT_SECRET
    settings.oidc_issuer = oidc_server.issuer
    settings.oidc_role_claim = "roles"
    settings.oidc_role_map = ROLE_MAP
    yield oidc_server
    forget_providers()


def at_provider(start: httpx.Response) -> str:
    """The browser at the provider: follow the login redirect there and return
    the provider's answer (the callback's path and query)."""
    assert start.status_code == 307, start.text
    answer = httpx.get(start.headers["location"], follow_redirects=False)
    assert answer.status_code == 302, answer.text
    url = urlsplit(answer.headers["location"])
    return f"{url.path}?{url.query}"


def log_in(client: TestClient) -> httpx.Response:
    """The whole login: start, provider, callback (not followed)."""
    callback = at_provider(client.get(LOGIN, follow_redirects=False))
    return client.get(callback, follow_redirects=False)
