"""Revision 0013 keys a fleet's ids by organisation with every row kept, and
its downgrade gives them back (refused where two organisations share an id)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, inspect, select, text

from fleetplan.store import create_engine_for
from fleetplan.store.database import (
    alembic_config,
    downgrade_database,
    upgrade_database,
)
from fleetplan.store.scoped import unscoped
from tests.store.db import BACKENDS, database_url_for, schema_differences
from tests.store.test_organisations_migration import _content, _counts, _fill, _ours

REVISION = "0013"
# the head 0013 follows (0012 when it was written; others may come between)
BEFORE = ScriptDirectory.from_config(alembic_config()).get_revision(REVISION)
BEFORE_ID = str(BEFORE.down_revision) if BEFORE is not None else ""
KEYED = {
    "locations": ["organisation_id", "location_id"],
    "parking_points": ["organisation_id", "location_id", "position"],
    "vehicles": ["organisation_id", "vehicle_id"],
    "roundtrips": ["organisation_id", "roundtrip_id"],
    "segments": ["organisation_id", "roundtrip_id", "position"],
    "ingest_cursors": ["organisation_id", "source", "vehicle_id"],
    "sync_status": ["organisation_id", "connector"],
    "connector_schedule": ["organisation_id", "connector"],
}


@pytest.fixture(params=BACKENDS)
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A database at the revision before 0013, as platform work (unscoped)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite'}"
        upgrade_database(url, BEFORE_ID)
        urls: Any = iter([url])
    else:
        urls = database_url_for(request, request.param, tmp_path)
        url = next(urls)
        downgrade_database(url, BEFORE_ID)
    engine = create_engine_for(url)
    with unscoped():
        yield engine
    engine.dispose()
    next(urls, None)  # PostgreSQL: drop the database


def _keys(engine: Engine) -> dict[str, list[str]]:
    inspector = inspect(engine)
    return {
        name: sorted(inspector.get_pk_constraint(name)["constrained_columns"])
        for name in KEYED
    }


def _fks(engine: Engine, table: str) -> list[tuple[str, ...]]:
    return sorted(
        tuple(fk["constrained_columns"])
        for fk in inspect(engine).get_foreign_keys(table)
    )


def test_upgrade_keys_ids_by_organisation_and_keeps_every_row(
    old_engine: Engine,
) -> None:
    """Two organisations' rows in every table: after the upgrade every table has
    the same rows, the keys lead with the organisation, the foreign keys are
    composite, and B can then hold an id A holds."""
    with old_engine.begin() as connection:
        old = _fill(connection)
        before = _counts(connection, old)
        contents = {name: _content(connection, t) for name, t in old.tables.items()}
    assert set(KEYED) <= set(before)
    assert all(count > 0 for count in before.values())

    upgrade_database(old_engine)

    with old_engine.connect() as connection:
        assert schema_differences(connection) == []
        assert _counts(connection, old) == before
        new = MetaData()
        new.reflect(connection, only=list(old.tables))
        for name, table in old.tables.items():
            columns = [new.tables[name].c[c.name] for c in table.columns]
            order = [new.tables[name].c[c.name] for c in table.primary_key]
            rows = connection.execute(select(*columns).order_by(*order)).all()
            assert [tuple(r) for r in rows] == contents[name], name
    assert _keys(old_engine) == {k: sorted(v) for k, v in KEYED.items()}
    assert _fks(old_engine, "roundtrips") == [
        ("organisation_id",),
        ("organisation_id", "location_id"),
        ("organisation_id", "vehicle_id"),
    ]
    with old_engine.begin() as connection:  # vehicle "v0" of 100 in 101 too
        connection.execute(
            text(
                "INSERT INTO vehicles (organisation_id, vehicle_id, vehicle_type, "
                "fuel, is_candidate) VALUES (101, 'v0', 'ice', 'diesel', false)"
            )
        )


def test_downgrade_gives_the_rows_back(old_engine: Engine) -> None:
    with old_engine.begin() as connection:
        old = _fill(connection)
        contents = {name: _content(connection, t) for name, t in old.tables.items()}
    upgrade_database(old_engine)
    downgrade_database(old_engine, BEFORE_ID)
    with old_engine.connect() as connection:
        again = MetaData()
        again.reflect(connection, only=lambda name, _meta: _ours(name))
        assert set(again.tables) == set(old.tables)
        for name, table in again.tables.items():
            assert _content(connection, table) == contents[name], name
    assert _keys(old_engine) == {
        k: sorted(c for c in v if c != "organisation_id") for k, v in KEYED.items()
    }
    assert _fks(old_engine, "segments") == [("organisation_id",), ("roundtrip_id",)]


def test_downgrade_refuses_an_id_two_organisations_share(old_engine: Engine) -> None:
    with old_engine.begin() as connection:
        _fill(connection)
    upgrade_database(old_engine)
    with old_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO sync_status (organisation_id, connector, rows_added) "
                "SELECT 101, connector, 0 FROM sync_status WHERE organisation_id = 100"
            )
        )
    with pytest.raises(RuntimeError, match="sync_status"):
        downgrade_database(old_engine, BEFORE_ID)
