"""The reports page (being built)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from fleetplan.web.auth import page_user
from fleetplan.web.shell import frame


@ui.page("/reports")
def reports_page(request: Request) -> RedirectResponse | None:
    user = page_user(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/reports", "nav.reports"):
        ui.label("…")
    return None
