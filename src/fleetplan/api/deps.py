"""FastAPI dependencies: the current user and role checks (with CSRF)."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from fleetplan.api.security import (
    CSRF_HEADER,
    SESSION_COOKIE,
    UNSAFE_METHODS,
    Role,
    SessionData,
)
from fleetplan.api.services import AppServices, get_services
from fleetplan.api.sessions import is_live
from fleetplan.api.users import UserAccount
from fleetplan.store.scoped import NO_ORGANISATION, set_organisation

ServicesDep = Annotated[AppServices, Depends(get_services)]


def session_of(request: Request, services: AppServices) -> SessionData | None:
    return services.codec.loads(request.cookies.get(SESSION_COOKIE))


def live_user(session: SessionData | None, services: AppServices) -> UserAccount | None:
    """The active user of ``session`` while its server-side record is live."""
    if session is None:
        return None
    settings = services.settings
    if not is_live(
        services.users.sessions,
        session.session_id,
        session.username,
        idle_timeout_s=settings.session_idle_timeout_s,
        max_age_s=settings.session_max_age_s,
    ):
        return None
    account = services.users.get(session.username)
    if account is None or not account.active:
        return None
    return account


def user_of(request: Request, services: AppServices) -> UserAccount | None:
    """The active user behind the request's session cookie, or ``None``."""
    return live_user(session_of(request, services), services)


def check_csrf(request: Request, services: AppServices) -> None:
    """Unsafe methods must echo the session's CSRF token in ``X-CSRF-Token``."""
    if request.method not in UNSAFE_METHODS:
        return
    session = session_of(request, services)
    sent = request.headers.get(CSRF_HEADER, "")
    if session is None or not hmac.compare_digest(sent, session.csrf_token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "CSRF token missing or wrong.")


def platform_only(account: UserAccount) -> bool:
    """A platform administrator without a role in any organisation."""
    return account.platform_admin and account.organisation_id is None


def require_role(role: Role) -> Callable[..., Awaitable[UserAccount]]:
    """A dependency: 401 without a valid session, 403 below ``role`` or on a
    state-changing request without the CSRF token; else the user, whose
    organisation then scopes every read and write of the request
    (``store.scoped``). A platform administrator with no role in an
    organisation reads no fleet row and gets 404 for any write."""

    def check(request: Request, services: ServicesDep) -> UserAccount:
        account = user_of(request, services)
        if account is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Not logged in.")
        if not account.role.allows(role):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "Not enough permissions.")
        check_csrf(request, services)
        if platform_only(account) and request.method in UNSAFE_METHODS:
            # no organisation's fleet is theirs: nothing there exists for them
            raise HTTPException(status.HTTP_404_NOT_FOUND, "Not found.")
        return account

    async def dependency(account: UserAccount = Depends(check)) -> UserAccount:
        # Async, so it runs in the request's own task: a context variable set
        # here reaches the route (a sync dependency runs in a copied context).
        # None: a single-organisation install's user (the only organisation);
        # a platform administrator without a role in one reads as none (no
        # row matches, so another organisation's ids are not found: 404).
        org = NO_ORGANISATION if platform_only(account) else account.organisation_id
        set_organisation(org)
        return account

    dependency.required_role = role  # type: ignore[attr-defined]
    return dependency


CanRead = Depends(require_role(Role.READ))
CanWrite = Depends(require_role(Role.WRITE))
CanAdmin = Depends(require_role(Role.ADMIN))
IsAdmin = CanAdmin  # the older name, still used by some routers
ReaderDep = Annotated[UserAccount, CanRead]
WriterDep = Annotated[UserAccount, CanWrite]
AdminDep = Annotated[UserAccount, CanAdmin]
