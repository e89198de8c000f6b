"""Login, logout and the current user (local users; OIDC is in ``oidc.py``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request, Response, status

from fleetplan.api import proxy
from fleetplan.api.deps import ReaderDep, ServicesDep, check_csrf, session_of
from fleetplan.api.rate_limit import LoginLocked, throttled_authenticate
from fleetplan.api.schemas import LoginRequest, Me
from fleetplan.api.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SessionData,
    new_token,
)
from fleetplan.api.services import AppServices
from fleetplan.api.sessions import close_session, open_session
from fleetplan.api.users import UserAccount

router = APIRouter(prefix="/auth", tags=["auth"])


def is_https(request: Request, services: AppServices) -> bool:
    """Cookies get ``Secure`` when configured so, or the request came over https
    directly or through a trusted proxy (``api.proxy``)."""
    return proxy.is_https(request, services.settings)


def start_session(
    request: Request, response: Response, services: AppServices, account: UserAccount
) -> Me:
    """Record a server-side session and set the signed session cookie
    (HttpOnly, ``SameSite=Lax``). The CSRF token is only in the answer (and in
    ``/auth/me``): no cookie a script in the page could read."""
    csrf_token = new_token()
    max_age = services.settings.session_max_age_s
    session_id = open_session(services.users.sessions, account.username, max_age)
    secure = is_https(request, services)
    response.set_cookie(
        SESSION_COOKIE,
        services.codec.dumps(SessionData(account.username, csrf_token, session_id)),
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    return Me(username=account.username, role=account.role, csrf_token=csrf_token)


def end_session(request: Request, response: Response, services: AppServices) -> None:
    """Revoke the request's server-side session and delete its cookie (and the
    CSRF cookie that older versions set)."""
    session = session_of(request, services)
    if session is not None:
        close_session(services.users.sessions, session.session_id)
    secure = is_https(request, services)
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure
    )
    response.delete_cookie(CSRF_COOKIE, path="/", samesite="lax", secure=secure)


def foreign_origin(request: Request) -> bool:
    """True when the request names an ``Origin`` other than this site, including
    ``null`` (a sandboxed frame or a ``data:`` page can post a login too)."""
    origin = request.headers.get("origin")
    if origin is None:
        return False  # not from a browser page, or an old browser: allowed
    return origin == "null" or urlsplit(origin).netloc != request.headers.get(
        "host", ""
    )


def _check_origin(request: Request) -> None:
    """Refuse a login posted from another site (login CSRF)."""
    if foreign_origin(request):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Login from another site.")


@router.post(
    "/login",
    responses={429: {"description": "Too many failed logins; see Retry-After."}},
)
def login(
    body: LoginRequest, request: Request, response: Response, services: ServicesDep
) -> Me:
    """Log in with username and password; sets the session cookies.

    After too many failed logins for the username or from the client address,
    answers 429 with ``Retry-After`` until the cool-down has passed.
    """
    _check_origin(request)
    try:
        account = throttled_authenticate(
            request, services.settings, services.users, body.username, body.password
        )
    except LoginLocked as exc:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"Too many failed logins. Try again in {exc.minutes} minutes.",
            headers={"Retry-After": str(exc.retry_after_s)},
        ) from exc
    if account is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Wrong username or password.")
    return start_session(request, response, services, account)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, services: ServicesDep) -> Response:
    """End the session for good (any logged-in role; needs the CSRF token)."""
    if session_of(request, services) is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Not logged in.")
    check_csrf(request, services)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    end_session(request, response, services)
    return response


@router.get("/me")
def me(user: ReaderDep, request: Request, services: ServicesDep) -> Me:
    session = session_of(request, services)
    assert session is not None  # ReaderDep has checked it
    return Me(username=user.username, role=user.role, csrf_token=session.csrf_token)
