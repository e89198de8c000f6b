"""Wiring of one running app: database, users, jobs, dataset cache, secret key."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from fleetplan.api import AppServices, SqlUserRepository, WebSettings
from fleetplan.api.rate_limit_db import SqlLoginLimiter
from fleetplan.api.replay import SqlReplayMarks
from fleetplan.jobs import JobRunner, SqlJobStore
from fleetplan.jobs.model import Runner
from fleetplan.jobs.queue import QueueRunner, is_postgres, make_app
from fleetplan.jobs.registry import build_kinds
from fleetplan.store import (
    ImportReport,
    create_engine_for,
    import_path,
    list_scenarios,
    upgrade_database,
)
from fleetplan.store.dataset_cache import DatasetCache as DatasetCache
from fleetplan.store.register_service import RegisterService
from fleetplan.store.uploads import save_upload
from fleetplan.web.scenario_service import bind_scenario_store, open_scenario

SECRET_FILE = "fleetplan-secret.key"


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


def build_services(
    database_url: str, settings: WebSettings | None = None
) -> AppServices:
    """Migrate the database and build the services on it."""
    settings = settings or WebSettings()
    if not settings.secret_key:
        settings.secret_key = load_or_create_secret(secret_path_for(database_url))
    engine = create_engine_for(database_url)
    upgrade_database(engine)
    bind_scenario_store(engine)  # Simulering saves scenarios here
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
        open_scenario=open_scenario,  # the engine bound above
        import_tables=lambda path, dry_run: _import(engine, dataset, path, dry_run),
        register=register,
        login_limiter=SqlLoginLimiter(engine),
        replay_marks=SqlReplayMarks(engine),
    )


def create_server_app(
    database_url: str, settings: WebSettings | None = None
) -> FastAPI:
    """The whole app on ``database_url`` (call once per process)."""
    from fleetplan.web.app import create_app

    return create_app(build_services(database_url, settings))
