"""``create_app(services)``: the API plus the NiceGUI user interface on one app."""

from __future__ import annotations

from fastapi import FastAPI
from nicegui import ui

from fleetplan.api import AppServices, create_api
from fleetplan.web import element_cost, routes


def create_app(services: AppServices) -> FastAPI:
    """The whole web application. NiceGUI is mounted last, after every API and
    form route, because routes added after ``ui.run_with`` are not reached.

    NiceGUI keeps global state: call this once per process.
    """
    element_cost.install()
    app = create_api(services)
    app.include_router(routes.router)
    from fleetplan.web import pages  # noqa: F401  (registers the pages)

    ui.run_with(
        app,
        title="Fleetplan",
        language="da",
        storage_secret=services.settings.secret_key,
        # NiceGUI's own session cookie is set once for all requests, so it can only
        # follow the static setting (set FLEETPLAN_HTTPS_ONLY behind an https proxy).
        session_middleware_kwargs={
            "https_only": services.settings.https_only,
            "same_site": "lax",
        },
        mount_path="/",
        show_welcome_message=False,
        favicon="🚐",
    )
    return app
