"""Database fixtures: a fresh SQLite file always, and a fresh PostgreSQL database
when ``FLEETPLAN_TEST_POSTGRES_URL`` points at a server (it is created with a unique
name and dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select, text

from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.tables import Base

POSTGRES_ENV = "FLEETPLAN_TEST_POSTGRES_URL"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def _postgres_database(server_url: str) -> Iterator[str]:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"fleetplan_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = admin.url.set(database=name).render_as_string(hide_password=False)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def database_url_for(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database on ``backend`` (skips PostgreSQL when unset)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'fleetplan.sqlite'}"
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    yield from _postgres_database(server)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url_for(request.param, tmp_path)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a fresh, migrated database."""
    engine = create_engine_for(database_url)
    upgrade_database(engine)
    yield engine
    engine.dispose()


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, to compare database states."""
    out = {}
    with engine.connect() as connection:
        for name, table in Base.metadata.tables.items():
            rows = connection.execute(select(table)).all()
            out[name] = sorted((tuple(row) for row in rows), key=repr)
    return out
