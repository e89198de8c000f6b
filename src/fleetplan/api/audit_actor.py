"""Who acts on a state-changing API request, for the audit log.

A pure ASGI middleware, so the actor it sets is seen by the route, its
dependencies and the worker thread a synchronous route runs in (each copies the
request task's context). The name comes from the signed session cookie; a
request whose session is not live is refused by the route's role check before
anything is written, so no change is logged under a stale name.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from fleetplan.api.security import SESSION_COOKIE, UNSAFE_METHODS
from fleetplan.api.services import get_services
from fleetplan.store.audit import acting_as


class AuditActor:
    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in UNSAFE_METHODS
            or not str(scope["path"]).startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return
        cookie = HTTPConnection(scope).cookies.get(SESSION_COOKIE)
        session = get_services().codec.loads(cookie)
        with acting_as(session.username if session is not None else None):
            await self.app(scope, receive, send)
