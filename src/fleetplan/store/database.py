"""Engines, sessions and schema upgrades (Alembic, programmatic)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# ``revision = "0012"`` and ``down_revision = "0011"`` (or None, or a tuple for a
# merge) as Alembic's templates write them, with or without a type annotation.
_REVISION = re.compile(r"^revision\b[^=\n]*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=\n]*=(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


# Key of the PostgreSQL advisory lock held while migrating: several processes
# (web apps, workers) may start at once, and only one may run the migrations.
MIGRATION_LOCK_KEY = 7380385375773027438  # "fleetpln" read as a 64-bit number

# Seconds a SQLite writer waits for another writer before "database is locked".
SQLITE_BUSY_TIMEOUT_S = 30.0


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Write-ahead logging: a background job reading the fleet never blocks an
    # import or an edit from saving (in-memory databases keep their own mode).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def create_engine_for(url: str) -> Engine:
    """An engine for ``url``: SQLite (foreign keys on) or PostgreSQL (psycopg 3).

    ``postgresql://`` URLs are read as ``postgresql+psycopg://``.
    """
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _configure_sqlite)
    else:
        engine = create_engine(url)
    return engine


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(target: str | Engine, revision: str = "head") -> None:
    """Run every migration up to ``revision`` on a database URL or engine
    (idempotent)."""
    if revision == "head" and _at_head(target):
        return  # importing Alembic and its templates costs a command ~0.5 s
    from alembic import command

    _migrate(target, command.upgrade, revision)


def downgrade_database(target: str | Engine, revision: str) -> None:
    """Undo the migrations above ``revision`` (tests and a rollback)."""
    from alembic import command

    _migrate(target, command.downgrade, revision)


def script_heads(folder: Path = MIGRATIONS_DIR / "versions") -> frozenset[str]:
    """The revisions no migration file revises, read from the files' text
    (empty when a file's revision cannot be read: then Alembic decides)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return frozenset()
        revisions.add(revision.group(1))
        revised.update(_QUOTED.findall(down.group(1)))
    return frozenset(revisions - revised)


def _at_head(target: str | Engine) -> bool:
    """Whether the database's ``alembic_version`` rows are the scripts' heads.

    Only a cheap read: anything unexpected (no table yet, another head, a file
    not understood) answers False and the upgrade runs as before, under the
    PostgreSQL advisory lock.
    """
    from fleetplan.store.scoped import unscoped

    heads = script_heads()
    if not heads:
        return False
    engine = create_engine_for(target) if isinstance(target, str) else target
    try:
        with engine.connect() as connection, unscoped():
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            return frozenset(row[0] for row in rows) == heads
    except exc.DBAPIError:  # no alembic_version: a new database
        return False
    finally:
        if isinstance(target, str):
            engine.dispose()


def _migrate(
    target: str | Engine, run: Callable[[Config, str], None], revision: str
) -> None:
    from fleetplan.store.scoped import unscoped

    engine = create_engine_for(target) if isinstance(target, str) else target
    try:
        with engine.connect() as connection, unscoped():
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # Outside a transaction (inside one it is a no-op): rebuilding a
                # parent table (revision 0011) must not cascade into its children.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            try:
                with connection.begin():
                    if not sqlite:
                        # released at commit; the next process then finds head and
                        # waits for nothing (SQLite serialises writers by itself)
                        connection.exec_driver_sql(
                            f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"
                        )
                    config = alembic_config()
                    config.attributes["connection"] = connection
                    run(config, revision)
                    if (
                        sqlite
                        and connection.exec_driver_sql(
                            "PRAGMA foreign_key_check"
                        ).first()
                    ):
                        raise RuntimeError("the migration left broken foreign keys.")
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()
    finally:
        if isinstance(target, str):
            engine.dispose()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back on an exception."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
