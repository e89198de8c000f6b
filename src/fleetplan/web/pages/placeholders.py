"""Pages whose content later work adds; each says clearly what will be there."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from fleetplan.web.auth import page_user
from fleetplan.web.shell import empty_state, frame

EMPTY_PAGES: tuple[tuple[str, str, str], ...] = (
    ("/analysis", "nav.analysis", "empty.analysis"),
    ("/optimisation", "nav.optimisation", "empty.optimisation"),
    ("/reports", "nav.reports", "empty.reports"),
)


def _register(path: str, title_key: str, text_key: str) -> None:
    @ui.page(path)
    def page(request: Request) -> RedirectResponse | None:
        user = page_user(request)
        if isinstance(user, RedirectResponse):
            return user
        with frame(user, path, title_key):
            empty_state(text_key)
        return None


for _path, _title, _text in EMPTY_PAGES:
    _register(_path, _title, _text)
