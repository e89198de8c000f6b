"""Wiring of one running app: database, users, jobs, dataset cache, secret key.

The NiceGUI-free part lives in ``fleetplan.api.wiring`` (the API-only
processes use it too); this adds the pages' scenario store and the pages.
"""

from __future__ import annotations

from fastapi import FastAPI

from fleetplan.api import AppServices, WebSettings
from fleetplan.api.wiring import SECRET_FILE as SECRET_FILE
from fleetplan.api.wiring import load_or_create_secret as load_or_create_secret
from fleetplan.api.wiring import secret_path_for as secret_path_for
from fleetplan.api.wiring import services_on
from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.dataset_cache import DatasetCache as DatasetCache
from fleetplan.web.scenario_service import bind_scenario_store


def build_services(
    database_url: str, settings: WebSettings | None = None
) -> AppServices:
    """Migrate the database and build the services on it."""
    engine = create_engine_for(database_url)
    upgrade_database(engine)
    bind_scenario_store(engine)  # Simulering saves scenarios here
    return services_on(engine, database_url, settings)


def create_server_app(
    database_url: str, settings: WebSettings | None = None
) -> FastAPI:
    """The whole app on ``database_url`` (call once per process)."""
    from fleetplan.web.app import create_app

    return create_app(build_services(database_url, settings))
