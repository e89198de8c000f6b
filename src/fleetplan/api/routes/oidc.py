"""OpenID Connect login (authorization-code flow) against configured endpoints.

``/auth/oidc/login`` redirects to the identity provider with a random ``state``
kept in a signed, HttpOnly cookie. ``/auth/oidc/callback`` checks the state,
exchanges the code at the token endpoint (server to server, with the client
secret), reads the claims from the userinfo endpoint, and starts a session for
that user (created on first login with the configured default role). The ID
token's signature is not checked: the claims come from the userinfo endpoint
over the back channel, authenticated by the access token.
"""

from __future__ import annotations

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
from fleetplan.api.users import UserAccount

router = APIRouter(prefix="/auth/oidc", tags=["auth"])

STATE_COOKIE = "fleetplan_oidc_state"
STATE_MAX_AGE_S = 600

# Tests replace this with an httpx transport of a fake identity provider.
transport: httpx.BaseTransport | None = None


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="fleetplan-oidc-state")


def _redirect_uri(request: Request, configured: str) -> str:
    return configured or str(request.url_for("oidc_callback"))


@router.get("/login")
def oidc_login(request: Request, services: ServicesDep) -> RedirectResponse:
    settings = services.settings
    if not settings.oidc_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "OpenID Connect is not set up.")
    state = new_token()
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": _redirect_uri(request, settings.oidc_redirect_uri),
            "scope": settings.oidc_scopes,
            "state": state,
        }
    )
    response = RedirectResponse(f"{settings.oidc_authorization_endpoint}?{query}")
    response.set_cookie(
        STATE_COOKIE,
        _serializer(settings.secret_key).dumps(state),
        max_age=STATE_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=is_https(request, settings),
        path="/",
    )
    return response


def _claims(services: ServicesDep, request: Request, code: str) -> dict[str, Any]:
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
            },
        )
        if token.status_code != 200 or "access_token" not in token.json():
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Token exchange failed.")
        payload = token.json()
        if not settings.oidc_userinfo_endpoint:
            return dict(payload.get("claims", {}))
        info = client.get(
            settings.oidc_userinfo_endpoint,
            headers={"Authorization": f"Bearer {payload['access_token']}"},
        )
        if info.status_code != 200:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Userinfo failed.")
        return dict(info.json())


@router.get("/callback", name="oidc_callback")
def oidc_callback(
    request: Request, services: ServicesDep, code: str = "", state: str = ""
) -> RedirectResponse:
    settings = services.settings
    if not settings.oidc_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "OpenID Connect is not set up.")
    try:
        expected = _serializer(settings.secret_key).loads(
            request.cookies.get(STATE_COOKIE, ""), max_age=STATE_MAX_AGE_S
        )
    except BadSignature as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Login expired.") from exc
    if not code or state != expected:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Login state mismatch.")
    claims = _claims(services, request, code)
    username = str(claims.get(settings.oidc_username_claim) or "")
    if not username:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "No username in claims.")
    account = services.users.get(username)
    if account is None:
        role_text = (
            str(claims.get(settings.oidc_role_claim, ""))
            if (settings.oidc_role_claim)
            else ""
        )
        role = (
            Role(role_text)
            if role_text in Role._value2member_map_
            else Role(settings.oidc_default_role)
        )
        account = UserAccount(username=username, role=role)
        services.users.save(account)
    if not account.active:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "This user is deactivated.")
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    start_session(request, response, services, account)
    response.delete_cookie(STATE_COOKIE, path="/")
    return response
