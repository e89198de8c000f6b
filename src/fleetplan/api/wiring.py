"""Services on a database URL, and the API-only app (no NiceGUI).

A deployment may serve ``/api/`` from processes of their own (``fleetplan
serve --api-only``) so that API reads never wait behind a page build on the
web app's event loop (issue 18). Those processes must not import NiceGUI, so
the wiring lives here rather than in ``fleetplan.web`` (whose package imports
it); ``fleetplan.web.server`` adds the pages' scenario store on top.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from fleetplan.api.app import create_api
from fleetplan.api.rate_limit_db import SqlLoginLimiter
from fleetplan.api.replay import SqlReplayMarks
from fleetplan.api.services import AppServices
from fleetplan.api.settings import WebSettings
from fleetplan.api.users_db import SqlUserRepository
from fleetplan.domain import Scenario
from fleetplan.jobs import JobRunner, SqlJobStore
from fleetplan.jobs.model import Runner
from fleetplan.jobs.queue import QueueRunner, is_postgres, make_app
from fleetplan.jobs.registry import build_kinds
from fleetplan.store import (
    ImportReport,
    NotFoundError,
    create_engine_for,
    import_path,
    list_scenarios,
    load_scenario,
    upgrade_database,
)
from fleetplan.store.dataset_cache import DatasetCache
from fleetplan.store.register_service import RegisterService
from fleetplan.store.uploads import save_upload

SECRET_FILE = "fleetplan-secret.key"

API_ONLY_NEEDS_POSTGRES = (
    "--api-only needs PostgreSQL: on SQLite the web app's own threads run the "
    "jobs, and a second process would mark them interrupted and could not "
    "cancel them. Serve the API from the web app (fleetplan serve)."
)


class ApiOnlyRefused(ValueError):
    """An API-only process on a database whose jobs one process must own."""


def secret_path_for(database_url: str) -> Path:
    """Next to a SQLite file; else in the current folder."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (
        None,
        "",
        ":memory:",
    ):
        return Path(str(url.database)).resolve().parent / SECRET_FILE
    return Path.cwd() / SECRET_FILE


def load_or_create_secret(path: Path) -> str:
    """The secret in ``path``, created (readable by the owner only) when missing."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    secret = secrets.token_urlsafe(48)
    path.write_text(secret + "\n", encoding="utf-8")
    os.chmod(path, 0o600)
    return secret


def _import(
    engine: Engine, cache: DatasetCache, path: Path, dry_run: bool
) -> ImportReport:
    report = import_path(engine, path, dry_run=dry_run)
    if report.written:
        cache.invalidate()  # save_dataset bumped the data version for the others
    return report


def _runner(database_url: str, engine: Engine) -> Runner:
    """PostgreSQL: jobs go to ``fleetplan worker`` processes; SQLite: threads
    of this process (the single-machine install)."""
    store = SqlJobStore(engine)
    if is_postgres(database_url):
        return QueueRunner(store, make_app(database_url))
    return JobRunner(store)


def _scenario_opener(engine: Engine) -> Callable[[int], Scenario | None]:
    """One saved scenario with its results by id (None: no such scenario)."""

    def open_scenario(scenario_id: int) -> Scenario | None:
        try:
            return load_scenario(engine, scenario_id)
        except NotFoundError:
            return None

    return open_scenario


def services_on(
    engine: Engine, database_url: str, settings: WebSettings | None = None
) -> AppServices:
    """The services on a migrated database's ``engine``."""
    settings = settings or WebSettings()
    if not settings.secret_key:
        settings.secret_key = load_or_create_secret(secret_path_for(database_url))
    dataset = DatasetCache(engine)
    register = RegisterService(engine, on_change=dataset.changed)
    return AppServices(
        settings=settings,
        users=SqlUserRepository(engine),
        jobs=_runner(database_url, engine),
        load_dataset=dataset,
        job_kinds=build_kinds(dataset, register.factor_set, engine),
        stage_upload=lambda name, data: save_upload(engine, name, data),
        list_scenarios=lambda: list_scenarios(engine),
        open_scenario=_scenario_opener(engine),
        import_tables=lambda path, dry_run: _import(engine, dataset, path, dry_run),
        register=register,
        login_limiter=SqlLoginLimiter(engine),
        replay_marks=SqlReplayMarks(engine),
    )


def create_api_server_app(
    database_url: str, settings: WebSettings | None = None
) -> FastAPI:
    """The API without the pages on ``database_url`` (PostgreSQL only: jobs go
    to the workers, sessions and login counters are the database's, so any
    process may answer any request). Raises :class:`ApiOnlyRefused` on SQLite,
    where the web app's thread runner must stay the one owner of the jobs."""
    if not is_postgres(database_url):
        raise ApiOnlyRefused(API_ONLY_NEEDS_POSTGRES)
    engine = create_engine_for(database_url)
    upgrade_database(engine)
    return create_api(services_on(engine, database_url, settings))
