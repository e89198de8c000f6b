"""``create_api(services)``: the FastAPI app with every router under ``/api/v1``.

NiceGUI-free; ``fleetplan.web`` mounts the user interface on the same app after
this has registered every API route.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from fleetplan.api import docs_page, docs_try
from fleetplan.api.audit_actor import AuditActor
from fleetplan.api.body_limit import BodyLimit, max_body_bytes
from fleetplan.api.errors import (
    ERROR_RESPONSES,
    install_error_handlers,
    mount_fallback,
)
from fleetplan.api.headers import SecurityHeaders
from fleetplan.api.routes import (
    analysis,
    audit,
    auth,
    connectors,
    council_reports,
    fleet,
    gps,
    health,
    jobs,
    oidc,
    organisations_admin,
    reports,
    saml,
    settings,
    suitability,
    users,
)
from fleetplan.api.services import AppServices, set_services

API_PREFIX = "/api/v1"


def _operation_id(route: APIRoute) -> str:
    tag = route.tags[0] if route.tags else "api"
    return f"{tag}-{route.name}"


def create_api(services: AppServices) -> FastAPI:
    """Build the API app on ``services`` (which become this process's services)."""
    set_services(services)
    app = FastAPI(
        title="Fleetplan",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # docs_page serves /docs without a CDN
        redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    api = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
    routers = (
        health,
        auth,
        oidc,
        saml,
        users,
        fleet,
        gps,
        connectors,
        jobs,
        settings,
        reports,
        council_reports,
        suitability,
        analysis,
        audit,
        organisations_admin,
    )
    for module in routers:
        api.include_router(module.router)
    api.include_router(docs_page.router)
    api.include_router(docs_try.router)  # Swagger UI, served by the app
    app.include_router(api)
    # Last under the prefix, before the user interface's catch-all page route.
    mount_fallback(app, API_PREFIX)
    install_error_handlers(app, API_PREFIX)
    app.add_middleware(SecurityHeaders)  # CSP and co. on the API and the pages
    app.add_middleware(AuditActor, prefix=API_PREFIX)  # who acts, for the audit log
    # outermost: refuse an oversized body before any route (NiceGUI's upload) reads it
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes())
    app.state.services = services
    return app
