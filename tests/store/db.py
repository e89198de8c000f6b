"""Database fixtures: a fresh SQLite file always, and a fresh PostgreSQL database
when ``FLEETPLAN_TEST_POSTGRES_URL`` points at a server.

Each test gets its own database, already migrated to head: a copy of a template
that the migrations built once per test session (a file copy for SQLite,
``CREATE DATABASE ... TEMPLATE`` for PostgreSQL; dropped afterwards).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, select, text

from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.scoped import unscoped
from fleetplan.store.tables import Base

POSTGRES_ENV = "FLEETPLAN_TEST_POSTGRES_URL"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def _admin() -> Engine:
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    return create_engine(server, isolation_level="AUTOCOMMIT")


def _url(admin: Engine, name: str) -> str:
    return admin.url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    admin = _admin()
    name = f"fleetplan_tmpl_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        upgrade_database(_url(admin, name))
        yield name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def database_url_for(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> Iterator[str]:
    """The URL of a fresh, migrated database on ``backend`` (PostgreSQL is
    skipped when ``FLEETPLAN_TEST_POSTGRES_URL`` is not set)."""
    if backend == "sqlite":
        path = tmp_path / "fleetplan.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    admin = _admin()
    template = request.getfixturevalue("postgres_template")
    name = f"fleetplan_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield _url(admin, name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url_for(request, request.param, tmp_path)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a fresh database migrated to head."""
    engine = create_engine_for(database_url)
    yield engine
    engine.dispose()


# bookkeeping, not content: every write bumps the data version (the dataset
# cache's key) and adds to the audit log
NOT_CONTENT = frozenset({"data_version", "audit_log"})


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every content table, sorted, to compare database states."""
    out = {}
    with engine.connect() as connection, unscoped():  # every organisation's rows
        for name, table in Base.metadata.tables.items():
            if name in NOT_CONTENT:
                continue
            rows = connection.execute(select(table)).all()
            out[name] = sorted((tuple(row) for row in rows), key=repr)
    return out


def _ours(name: str | None, type_: str, parent: object) -> bool:
    """procrastinate's own tables (PostgreSQL, revision 0010) have no models."""
    return not (name or "").startswith("procrastinate")


def schema_differences(connection: Connection) -> list[Any]:
    """What autogenerate would change between the database and the models (our
    tables only); [] when the migrations built exactly the models."""
    opts = {"compare_type": True, "include_name": _ours}
    context = MigrationContext.configure(connection, opts=opts)
    return list(compare_metadata(context, Base.metadata))
