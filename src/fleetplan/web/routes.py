"""Plain HTTP routes of the web UI: the login form post and the language switch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from fleetplan.api import AppServices
from fleetplan.api.deps import ServicesDep
from fleetplan.api.rate_limit import LoginLocked, throttled_authenticate
from fleetplan.api.routes.auth import foreign_origin, is_https, start_session
from fleetplan.web.translate import LANGUAGE_COOKIE, LANGUAGES

router = APIRouter(include_in_schema=False)

# After a failed login the page shows the typed name again. A short-lived cookie
# rather than a query parameter keeps user names out of URLs and access logs.
LAST_USERNAME_COOKIE = "fleetplan_login_name"
_LAST_USERNAME_MAX = 150


def _local_path(target: str) -> str:
    """Only same-site paths are followed (no open redirect)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return "/"
    return target


@router.post("/login/submit")
def login_submit(
    request: Request,
    services: ServicesDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Log in from the login page's form; refuses posts from other sites.

    Shares the API login's rate limit; while locked out the browser is sent
    back to the login page, which says how many minutes to wait.
    """
    if foreign_origin(request):
        return RedirectResponse("/login?error=1", status_code=303)
    try:
        account = throttled_authenticate(
            request, services.settings, services.users, username, password
        )
    except LoginLocked as exc:
        locked = RedirectResponse(
            f"/login?error=locked&minutes={exc.minutes}", status_code=303
        )
        return _remember_username(request, services, locked, username)
    if account is None:
        failed = RedirectResponse("/login?error=1", status_code=303)
        return _remember_username(request, services, failed, username)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(LAST_USERNAME_COOKIE, path="/login")
    start_session(request, response, services, account)
    return response


def _remember_username(
    request: Request, services: AppServices, response: RedirectResponse, name: str
) -> RedirectResponse:
    """Let the login page fill in the name the user typed (not the password)."""
    response.set_cookie(
        LAST_USERNAME_COOKIE,
        name[:_LAST_USERNAME_MAX],
        max_age=300,
        httponly=True,
        samesite="lax",
        secure=is_https(request, services),
        path="/login",
    )
    return response


@router.get("/lang/{code}")
def set_language(
    request: Request, services: ServicesDep, code: str, next: str = "/"
) -> RedirectResponse:
    """Switch the UI language (a cookie) and go back to the page."""
    response = RedirectResponse(_local_path(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE,
            code,
            max_age=365 * 86_400,
            samesite="lax",
            secure=is_https(request, services),
            path="/",
        )
    return response


@router.get("/docs")
def api_docs() -> RedirectResponse:
    """The usual address of API docs; the page itself lives under the API."""
    return RedirectResponse("/api/v1/docs", status_code=307)
