"""Wiring of one running app: database, users, jobs, dataset cache, secret key."""

from __future__ import annotations

import os
import secrets
import threading
import time
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from fleetplan.api import AppServices, SqlUserRepository, WebSettings
from fleetplan.domain import Dataset
from fleetplan.jobs import JobRunner, SqlJobStore
from fleetplan.jobs.kinds import dataset_summary_kind, simulation_kind
from fleetplan.jobs.optimise_kind import optimisation_kinds
from fleetplan.store import (
    ImportReport,
    create_engine_for,
    import_path,
    list_scenarios,
    load_dataset,
    upgrade_database,
)
from fleetplan.store.register_service import RegisterService
from fleetplan.web.scenario_service import bind_scenario_store

SECRET_FILE = "fleetplan-secret.key"


class DatasetCache:
    """The stored dataset without segments (no page or job here needs them),
    re-read when older than ``max_age_s`` (imports by other processes show up
    within that time)."""

    def __init__(self, engine: Engine, max_age_s: float = 30.0) -> None:
        self._engine = engine
        self._max_age_s = max_age_s
        self._lock = threading.Lock()
        self._data: Dataset | None = None
        self._loaded_at = 0.0

    def __call__(self) -> Dataset:
        with self._lock:
            now = time.monotonic()
            if self._data is None or now - self._loaded_at > self._max_age_s:
                self._data = load_dataset(self._engine, with_segments=False)
                self._loaded_at = now
            return self._data

    def invalidate(self) -> None:
        with self._lock:
            self._data = None


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
        cache.invalidate()
    return report


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
    register = RegisterService(engine, on_change=dataset.invalidate)
    return AppServices(
        settings=settings,
        users=SqlUserRepository(engine),
        jobs=JobRunner(SqlJobStore(engine)),
        load_dataset=dataset,
        job_kinds={
            "dataset.summary": dataset_summary_kind(dataset),
            "simulate.current": simulation_kind(dataset, register.factor_set),
            **optimisation_kinds(dataset, register.factor_set),
        },
        list_scenarios=lambda: list_scenarios(engine),
        import_tables=lambda path, dry_run: _import(engine, dataset, path, dry_run),
        register=register,
    )


def create_server_app(
    database_url: str, settings: WebSettings | None = None
) -> FastAPI:
    """The whole app on ``database_url`` (call once per process)."""
    from fleetplan.web.app import create_app

    return create_app(build_services(database_url, settings))
