from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.database import alembic_config
from fleetplan.store.tables import Base
from tests.store.db import schema_differences


def test_first_revision_is_0001_and_single_head() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_base() == "0001"
    assert len(scripts.get_heads()) == 1
    first = scripts.get_revision("0001")
    assert first is not None and first.down_revision is None


def test_migrations_match_the_models(engine: Engine) -> None:
    """Autogenerate finds nothing to change after upgrading to head."""
    with engine.connect() as connection:
        assert schema_differences(connection) == []
        context = MigrationContext.configure(connection)
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert context.get_current_revision() == head


def test_upgrade_is_idempotent_and_creates_indexes(
    engine: Engine, database_url: str
) -> None:
    upgrade_database(database_url)  # a second run changes nothing
    inspector = inspect(engine)
    assert set(Base.metadata.tables) <= set(inspector.get_table_names())
    indexes = {
        ix["name"]: ix["column_names"] for ix in inspector.get_indexes("roundtrips")
    }
    assert indexes["ix_roundtrips_vehicle_start"] == ["vehicle_id", "start_time"]
    assert indexes["ix_roundtrips_location_start"] == ["location_id", "start_time"]
    segment_indexes = {ix["name"] for ix in inspector.get_indexes("segments")}
    assert "ix_segments_roundtrip_id" in segment_indexes


def test_postgres_scheme_is_mapped_to_psycopg() -> None:
    engine = create_engine_for("postgresql://user@127.0.0.1:1/db")
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


def test_sqlite_reader_holding_a_snapshot_does_not_block_a_writer(
    tmp_path: Path,
) -> None:
    """A background job reading the fleet must not make an import fail with
    "database is locked" (write-ahead logging; a rollback journal would block)."""
    path = tmp_path / "fleet.sqlite"
    engine = create_engine_for(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY)"))
            connection.execute(text("INSERT INTO note (id) VALUES (1)"))
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        reader = sqlite3.connect(path, isolation_level=None)
        try:
            reader.execute("BEGIN")
            assert reader.execute("SELECT count(*) FROM note").fetchone() == (1,)
            with engine.begin() as writer:
                writer.exec_driver_sql("PRAGMA busy_timeout=0")  # fail now, not later
                writer.execute(text("INSERT INTO note (id) VALUES (2)"))
            # the reader still sees its snapshot, then the new row
            assert reader.execute("SELECT count(*) FROM note").fetchone() == (1,)
            reader.execute("COMMIT")
            assert reader.execute("SELECT count(*) FROM note").fetchone() == (2,)
        finally:
            reader.close()
    finally:
        engine.dispose()
