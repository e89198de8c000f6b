"""Login, logout and the current user (local users; OIDC is in ``oidc.py``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request, Response, status

from fleetplan.api.deps import ReaderDep, ServicesDep, check_csrf, session_of
from fleetplan.api.schemas import LoginRequest, Me
from fleetplan.api.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SessionData,
    new_token,
)
from fleetplan.api.services import AppServices
from fleetplan.api.users import UserAccount, authenticate

router = APIRouter(prefix="/auth", tags=["auth"])


def _is_https(request: Request, services: AppServices) -> bool:
    return services.settings.https_only or request.url.scheme == "https"


def start_session(
    request: Request, response: Response, services: AppServices, account: UserAccount
) -> Me:
    """Set the signed session cookie and the readable CSRF cookie."""
    csrf_token = new_token()
    secure = _is_https(request, services)
    max_age = services.settings.session_max_age_s
    response.set_cookie(
        SESSION_COOKIE,
        services.codec.dumps(SessionData(account.username, csrf_token)),
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    response.set_cookie(
        CSRF_COOKIE,
        csrf_token,
        max_age=max_age,
        samesite="lax",
        secure=secure,
        path="/",
    )
    return Me(username=account.username, role=account.role, csrf_token=csrf_token)


def _check_origin(request: Request) -> None:
    """Refuse a login posted from another site (login CSRF)."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Login from another site.")


@router.post("/login")
def login(
    body: LoginRequest, request: Request, response: Response, services: ServicesDep
) -> Me:
    """Log in with username and password; sets the session cookies."""
    _check_origin(request)
    account = authenticate(services.users, body.username, body.password)
    if account is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Wrong username or password.")
    return start_session(request, response, services, account)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, services: ServicesDep) -> Response:
    """End the session (any logged-in role; needs the CSRF token)."""
    if session_of(request, services) is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Not logged in.")
    check_csrf(request, services)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/me")
def me(user: ReaderDep, request: Request, services: ServicesDep) -> Me:
    session = session_of(request, services)
    assert session is not None  # ReaderDep has checked it
    return Me(username=user.username, role=user.role, csrf_token=session.csrf_token)
