"""Server-side access checks for pages (the API has its own in ``api.deps``)."""

from __future__ import annotations

import contextlib
import weakref
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse

from fleetplan.api.deps import live_user, user_of
from fleetplan.api.security import SESSION_COOKIE, Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.store.scoped import (
    NO_ORGANISATION,
    add_organisation_source,
    set_organisation,
)
from fleetplan.web.background import in_thread
from fleetplan.web.translate import LANGUAGE_COOKIE, set_page_language

# The organisation of each open page: its later events (clicks, timers) run
# outside the page request's context, and read it from here.
_client_organisation: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


def _page_organisation() -> int | None:
    from nicegui import context

    try:
        return _client_organisation.get(context.client)
    except (RuntimeError, AttributeError, TypeError):  # outside a page
        return None


add_organisation_source(_page_organisation)


def page_user(request: Request) -> UserAccount | RedirectResponse:
    """The logged-in user of a page request, or a redirect to the login page.

    Also sets the page's language from the language cookie, and the user's
    organisation as the one that scopes the page's reads and writes.
    """
    set_page_language(request.cookies.get(LANGUAGE_COOKIE, ""))
    return _enter(user_of(request, get_services()))


async def page_login(request: Request) -> UserAccount | RedirectResponse:
    """``page_user`` with its database reads (the session, then the user) in a
    worker thread: on the event loop every other page and API request waited
    for them (py-spy under 50 users, issue 18). Still read on every page load,
    so a logout, revocation or deactivation is refused at the next page."""
    set_page_language(request.cookies.get(LANGUAGE_COOKIE, ""))
    return _enter(await in_thread(user_of, request, get_services()))


def _enter(account: UserAccount | None) -> UserAccount | RedirectResponse:
    """The redirect without a user; else scope the page to their organisation."""
    if account is None:
        return RedirectResponse("/login", status_code=303)
    organisation = account.organisation_id
    if organisation is None and account.platform_admin:
        organisation = NO_ORGANISATION  # manages organisations, sees no fleet
    set_organisation(organisation)
    if organisation is not None:
        from nicegui import context

        with contextlib.suppress(RuntimeError, AttributeError, TypeError):
            _client_organisation[context.client] = organisation
    return account


def has_role(user: UserAccount, role: Role) -> bool:
    return user.role.allows(role)


def _page_request() -> Request | None:
    """The HTTP request that opened the current NiceGUI page, if any."""
    from nicegui import context

    try:
        return context.client.request
    except (RuntimeError, AttributeError):  # outside a page (tests, jobs)
        return None


def still_allowed(user: UserAccount, role: Role) -> bool:
    """Re-check ``user`` before an action from an open page, so a user
    deactivated or demoted since the page loaded cannot act, and neither can a
    page whose session has since been logged out, revoked or gone idle."""
    services = get_services()
    request = _page_request()
    if request is None:
        current = services.users.get(user.username)
    else:
        session = services.codec.loads(request.cookies.get(SESSION_COOKIE))
        current = live_user(session, services)
    return (
        current is not None
        and current.username == user.username
        and current.active
        and current.role.allows(role)
    )
