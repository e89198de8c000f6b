"""OpenID Connect login and logout (authorization-code flow with PKCE).

``/auth/oidc/login`` sends the browser to the provider found by discovery with
a new state, nonce and S256 challenge (``api.oidc_flow``).
``/auth/oidc/callback`` checks the state, exchanges the code with the PKCE
verifier, validates the ID token (``api.oidc_client``), finds the account and
its role from the claims (``api.oidc_accounts``) and starts a session. A
refused login goes back to the login page, which says why in Danish or English
(``?error=sso.*``). ``/auth/oidc/logout`` ends the session and, after an
OpenID login, the provider's session too (its ``end_session_endpoint``).

An identity is never matched to an account by name: when its username belongs
to a local password account (or another identity), the login is refused.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from fleetplan.api.deps import ServicesDep
from fleetplan.api.oidc_accounts import account_for
from fleetplan.api.oidc_client import (
    LOGIN_EXPIRED,
    PROVIDER_REFUSED,
    OidcRefused,
    authorization_url,
    exchange_code,
    id_token_claims,
    logout_url,
)
from fleetplan.api.oidc_flow import (
    FLOW_COOKIE,
    FLOW_MAX_AGE_S,
    Flow,
    dump_flow,
    load_flow,
    matches,
    use_nonce,
)
from fleetplan.api.proxy import is_https
from fleetplan.api.routes.auth import end_session, start_session
from fleetplan.api.services import AppServices
from fleetplan.api.users import UserError

router = APIRouter(prefix="/auth/oidc", tags=["auth"])
log = logging.getLogger(__name__)

# The ID token of the session's login, sent back to the provider at logout as
# ``id_token_hint`` so it ends that session without asking.
ID_TOKEN_COOKIE = "fleetplan_oidc_id_token"
NAME_TAKEN_PAGE = "/login?error=oidc_name_taken"


def _redirect_uri(request: Request, configured: str) -> str:
    return configured or str(request.url_for("oidc_callback"))


def _enabled(services: AppServices) -> None:
    if not services.settings.oidc_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "OpenID Connect is not set up.")


def _to_login(target: str) -> RedirectResponse:
    response = RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(FLOW_COOKIE, path="/")
    return response


@router.get("/login")
def oidc_login(request: Request, services: ServicesDep) -> RedirectResponse:
    """Send the browser to the provider's login."""
    _enabled(services)
    settings = services.settings
    flow = Flow.new()
    redirect_uri = _redirect_uri(request, settings.oidc_redirect_uri)
    try:
        target = authorization_url(
            settings, redirect_uri, flow.state, flow.nonce, flow.verifier
        )
    except OidcRefused as exc:
        log.warning("OpenID login not started: %s", exc)
        return _to_login(f"/login?error={exc.code}")
    response = RedirectResponse(target)
    response.set_cookie(
        FLOW_COOKIE,
        dump_flow(flow, settings.secret_key),
        max_age=FLOW_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=is_https(request, settings),
        path="/",
    )
    return response


@router.get("/callback", name="oidc_callback")
def oidc_callback(
    request: Request,
    services: ServicesDep,
    code: str = "",
    state: str = "",
    error: str = "",
) -> RedirectResponse:
    """The provider's answer: log in, or go back to the login page saying why."""
    _enabled(services)
    settings = services.settings
    try:
        flow = load_flow(request.cookies.get(FLOW_COOKIE), settings.secret_key)
        if not matches(state, flow.state):
            raise OidcRefused(LOGIN_EXPIRED, "state does not match this login")
        use_nonce(services.replay_marks, flow.nonce)
        if error or not code:
            raise OidcRefused(PROVIDER_REFUSED, f"provider answered {error!r}")
        redirect_uri = _redirect_uri(request, settings.oidc_redirect_uri)
        token = exchange_code(settings, redirect_uri, code, flow.verifier)
        claims = id_token_claims(settings, token, flow.nonce)
        account = account_for(services.users, claims, settings)
    except OidcRefused as exc:
        log.warning("OpenID login refused (%s): %s", exc.code, exc)
        return _to_login(f"/login?error={exc.code}")
    except UserError as exc:  # the name is another account's
        log.warning("OpenID login refused: %s", exc)
        return _to_login(NAME_TAKEN_PAGE)
    response = _to_login("/")
    start_session(request, response, services, account)
    response.set_cookie(
        ID_TOKEN_COOKIE,
        str(token["id_token"]),
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=is_https(request, settings),
        path="/",
    )
    return response


@router.get("/logout")
def oidc_logout(request: Request, services: ServicesDep) -> RedirectResponse:
    """End this session; after an OpenID login also the provider's, which
    then sends the browser back to the login page."""
    settings = services.settings
    id_token = request.cookies.get(ID_TOKEN_COOKIE, "")
    back = settings.oidc_post_logout_redirect_uri or f"{request.base_url}login"
    target = None
    if settings.oidc_enabled and id_token:
        target = logout_url(settings, id_token, back)
    response = RedirectResponse(
        target or "/login", status_code=status.HTTP_303_SEE_OTHER
    )
    end_session(request, response, services)
    response.delete_cookie(ID_TOKEN_COOKIE, path="/")
    return response
