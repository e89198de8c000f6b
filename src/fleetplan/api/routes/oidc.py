"""OpenID Connect login (authorization-code flow with PKCE) against configured
endpoints.

``/auth/oidc/login`` redirects to the identity provider with a random
``state``, ``nonce`` and PKCE ``code_challenge`` (S256), all kept in a signed,
HttpOnly cookie. ``/auth/oidc/callback`` checks the state, exchanges the code
at the token endpoint (server to server, with the client secret and the PKCE
``code_verifier``), checks the ID token's ``nonce`` when the provider returns
one, reads the claims from the userinfo endpoint (or the ID token), and starts
a session for the account linked to the identity's (issuer, ``sub``).

An identity is never matched to an account by name: when its username belongs
to a local password account (or another identity), the login is refused and
the login page says why. The ID token's signature is not checked: it comes
straight from the token endpoint over the back channel (OIDC Core 3.1.3.7).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from typing import Any
from urllib.parse import urlencode

import httpx
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer

from fleetplan.api.deps import ServicesDep
from fleetplan.api.proxy import is_https
from fleetplan.api.routes.auth import start_session
from fleetplan.api.security import Role, new_token
from fleetplan.api.settings import WebSettings
from fleetplan.api.users import ExternalNameTaken, external_account

router = APIRouter(prefix="/auth/oidc", tags=["auth"])

STATE_COOKIE = "fleetplan_oidc_state"
STATE_MAX_AGE_S = 600
NAME_TAKEN_PAGE = "/login?error=oidc_name_taken"

# Tests replace this with an httpx transport of a fake identity provider.
transport: httpx.BaseTransport | None = None


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="fleetplan-oidc-state")


def _redirect_uri(request: Request, configured: str) -> str:
    return configured or str(request.url_for("oidc_callback"))


def pkce_challenge(verifier: str) -> str:
    """RFC 7636 S256: base64url(SHA-256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@router.get("/login")
def oidc_login(request: Request, services: ServicesDep) -> RedirectResponse:
    settings = services.settings
    if not settings.oidc_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "OpenID Connect is not set up.")
    flow = {
        "state": new_token(),
        "nonce": new_token(),
        "verifier": secrets.token_urlsafe(64),  # 86 characters (43-128 allowed)
    }
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": _redirect_uri(request, settings.oidc_redirect_uri),
            "scope": settings.oidc_scopes,
            "state": flow["state"],
            "nonce": flow["nonce"],
            "code_challenge": pkce_challenge(flow["verifier"]),
            "code_challenge_method": "S256",
        }
    )
    response = RedirectResponse(f"{settings.oidc_authorization_endpoint}?{query}")
    response.set_cookie(
        STATE_COOKIE,
        _serializer(settings.secret_key).dumps(flow),
        max_age=STATE_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=is_https(request, settings),
        path="/",
    )
    return response


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison (bytes, so any text is accepted)."""
    return secrets.compare_digest(given.encode(), expected.encode())


def _refused(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail)


def id_token_claims(id_token: str) -> dict[str, Any]:
    """The payload of a JWT (signature not checked, see the module docstring)."""
    try:
        payload = id_token.split(".")[1]
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(raw)
    except (IndexError, ValueError, binascii.Error) as exc:
        raise _refused("Bad ID token.") from exc
    if not isinstance(claims, dict):
        raise _refused("Bad ID token.")
    return claims


def _claims(
    services: ServicesDep, request: Request, code: str, flow: dict[str, str]
) -> dict[str, Any]:
    settings = services.settings
    with httpx.Client(transport=transport, timeout=10.0) as client:
        token = client.post(
            settings.oidc_token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": _redirect_uri(request, settings.oidc_redirect_uri),
                "client_id": settings.oidc_client_id,
                "client_secret": settings.oidc_client_secret,
                "code_verifier": flow["verifier"],
            },
        )
        if token.status_code != 200 or "access_token" not in token.json():
            raise _refused("Token exchange failed.")
        payload = token.json()
        id_claims = None
        if payload.get("id_token"):
            id_claims = id_token_claims(str(payload["id_token"]))
            # Replayed or injected ID token: not the one this login asked for.
            if not _same(str(id_claims.get("nonce", "")), flow["nonce"]):
                raise _refused("ID token nonce mismatch.")
        if not settings.oidc_userinfo_endpoint:
            return id_claims or dict(payload.get("claims", {}))
        info = client.get(
            settings.oidc_userinfo_endpoint,
            headers={"Authorization": f"Bearer {payload['access_token']}"},
        )
        if info.status_code != 200:
            raise _refused("Userinfo failed.")
        claims = dict(info.json())
    if id_claims is not None:
        if claims.get("sub") != id_claims.get("sub"):
            raise _refused("Userinfo is about another subject.")
        claims.setdefault("iss", id_claims.get("iss"))
    return claims


def _role(claims: dict[str, Any], settings: WebSettings) -> Role:
    """A new account's role: the role claim when it names one, else the default."""
    text = (
        str(claims.get(settings.oidc_role_claim, ""))
        if settings.oidc_role_claim
        else ""
    )
    return (
        Role(text)
        if text in Role._value2member_map_
        else Role(settings.oidc_default_role)
    )


def _flow_of(request: Request, secret: str) -> dict[str, str]:
    try:
        flow = _serializer(secret).loads(
            request.cookies.get(STATE_COOKIE, ""), max_age=STATE_MAX_AGE_S
        )
    except BadSignature as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Login expired.") from exc
    if not isinstance(flow, dict) or not {"state", "nonce", "verifier"} <= set(flow):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Login expired.")
    return flow


@router.get("/callback", name="oidc_callback")
def oidc_callback(
    request: Request, services: ServicesDep, code: str = "", state: str = ""
) -> RedirectResponse:
    settings = services.settings
    if not settings.oidc_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "OpenID Connect is not set up.")
    flow = _flow_of(request, settings.secret_key)
    if not code or not _same(state, flow["state"]):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Login state mismatch.")
    claims = _claims(services, request, code, flow)
    username = str(claims.get(settings.oidc_username_claim) or "")
    subject = str(claims.get("sub") or "")
    if not username or not subject:
        raise _refused("No username or subject in claims.")
    # Without an "iss" claim the configured provider is the issuer.
    issuer = str(claims.get("iss") or settings.oidc_token_endpoint)
    try:
        account = external_account(
            services.users, issuer, subject, username, _role(claims, settings)
        )
    except ExternalNameTaken:
        refused = RedirectResponse(
            NAME_TAKEN_PAGE, status_code=status.HTTP_303_SEE_OTHER
        )
        refused.delete_cookie(STATE_COOKIE, path="/")
        return refused
    if not account.active:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "This user is deactivated.")
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    start_session(request, response, services, account)
    response.delete_cookie(STATE_COOKIE, path="/")
    return response
