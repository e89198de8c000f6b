"""Revision 0011 moves a single-municipality database into one organisation
with nothing lost, and its downgrade gives the same rows back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    func,
    select,
    text,
)

from fleetplan.store import create_engine_for
from fleetplan.store.database import downgrade_database, upgrade_database
from fleetplan.store.scoped import unscoped
from tests.store.db import BACKENDS, database_url_for, schema_differences

BEFORE = "0008"  # the head 0011 follows
FLEET_TABLES = {
    "locations",
    "parking_points",
    "vehicles",
    "roundtrips",
    "segments",
    "dataset_meta",
    "shift_sets",
    "factor_sets",
    "scenarios",
    "ingest_cursors",
    "sync_status",
    "connector_schedule",
    "jobs",
    "job_uploads",
}


def _ours(name: str) -> bool:
    return name != "alembic_version" and not name.startswith("procrastinate")


def _value(table: str, column: Any, i: int) -> Any:
    """A value of the column's type; the same (type, i) always gives the same
    value, so a foreign key finds its parent row i."""
    kind = column.type
    if table == "dataset_meta" and column.name == "id":
        return 1  # the one meta row a dataset has
    if isinstance(kind, Boolean):
        return i % 2 == 0
    if isinstance(kind, Integer):
        return 100 + i
    if isinstance(kind, Float):
        return 1.5 + i
    if isinstance(kind, DateTime):
        return datetime(2026, 3, 2, 8 + i)
    if isinstance(kind, Date):
        return date(2026, 3, 2 + i)
    if isinstance(kind, JSON):
        return {"row": i}
    if isinstance(kind, LargeBinary):
        return bytes([i])
    return f"v{i}"


def _fill(connection: Connection) -> MetaData:
    """Two rows in every table of ours (the dataset meta: its one row)."""
    meta = MetaData()
    meta.reflect(connection, only=lambda name, _meta: _ours(name))
    for table in meta.sorted_tables:
        count = 1 if table.name == "dataset_meta" else 2
        rows = [
            {c.name: _value(table.name, c, i) for c in table.columns}
            for i in range(count)
        ]
        connection.execute(table.insert(), rows)
    return meta


def _counts(connection: Connection, meta: MetaData) -> dict[str, int]:
    return {
        name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for name, table in meta.tables.items()
    }


def _content(connection: Connection, table: Table) -> list[tuple[Any, ...]]:
    rows = connection.execute(select(table).order_by(*table.primary_key)).all()
    return [tuple(row) for row in rows]


@pytest.fixture(params=BACKENDS)
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """An empty database at 0008, before organisations."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite'}"
        upgrade_database(url, BEFORE)
        yield url
        return
    for url in database_url_for(request, request.param, tmp_path):
        downgrade_database(url, BEFORE)
        yield url


@pytest.fixture
def old_engine(old_database: str) -> Any:
    """Platform work: these tables predate organisations (no filter applies)."""
    engine = create_engine_for(old_database)
    with unscoped():
        yield engine
    engine.dispose()


def test_upgrade_moves_every_row_into_the_first_organisation(
    old_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every table keeps its row count and content; every fleet row and every
    user is in the one organisation, named by the settings."""
    monkeypatch.setenv("FLEETPLAN_ORGANISATION_SLUG", "Ballerup")
    monkeypatch.setenv("FLEETPLAN_ORGANISATION_NAME", "Ballerup Kommune")
    with old_engine.begin() as connection:
        old = _fill(connection)
        before = _counts(connection, old)
        contents = {name: _content(connection, t) for name, t in old.tables.items()}
    assert FLEET_TABLES | {"users"} <= set(before)
    assert all(count > 0 for count in before.values())

    upgrade_database(old_engine)

    with old_engine.connect() as connection:
        assert schema_differences(connection) == []
        orgs = connection.execute(
            text("SELECT id, slug, name FROM organisations")
        ).all()
        assert [(slug, name) for _id, slug, name in orgs] == [
            ("ballerup", "Ballerup Kommune")
        ]
        org_id = orgs[0][0]
        assert _counts(connection, old) == before
        for name in FLEET_TABLES | {"users"}:
            owners = connection.execute(
                text(f"SELECT DISTINCT organisation_id FROM {name}")
            ).scalars()
            assert list(owners) == [org_id], name
        new = MetaData()
        new.reflect(connection, only=list(old.tables))
        for name, table in old.tables.items():
            columns = [new.tables[name].c[c.name] for c in table.columns]
            rows = connection.execute(
                select(*columns).order_by(
                    *[new.tables[name].c[c.name] for c in table.primary_key]
                )
            ).all()
            expected = contents[name]
            if name == "dataset_meta":  # its id is its organisation's now
                expected = [(org_id, *row[1:]) for row in expected]
            assert [tuple(r) for r in rows] == expected, name


def test_downgrade_gives_the_rows_back(old_engine: Engine) -> None:
    with old_engine.begin() as connection:
        old = _fill(connection)
        contents = {name: _content(connection, t) for name, t in old.tables.items()}
    upgrade_database(old_engine)
    downgrade_database(old_engine, BEFORE)
    with old_engine.connect() as connection:
        again = MetaData()
        again.reflect(connection, only=lambda name, _meta: _ours(name))
        assert set(again.tables) == set(old.tables)
        for name, table in again.tables.items():
            assert _content(connection, table) == contents[name], name


def test_downgrade_refuses_two_organisations(old_engine: Engine) -> None:
    """Below 0011 two organisations' rows could not be told apart."""
    upgrade_database(old_engine)
    from fleetplan.store.organisations import add_organisation

    add_organisation(old_engine, "second", "Second Kommune")
    with pytest.raises(RuntimeError, match="2 organisations"):
        downgrade_database(old_engine, BEFORE)
