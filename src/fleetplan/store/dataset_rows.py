"""Rows of the fleet dataset: the vehicle columns, their enums, and the bulk
upsert the dataset's writers share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from fleetplan.domain import Fuel, LeaseType, Vehicle, VehicleCategory, VehicleType
from fleetplan.store.tables import VehicleRow

_CHUNK = 500
_VEHICLE_COLUMNS = tuple(
    c.name for c in VehicleRow.__table__.columns if c.name != "organisation_id"
)
_ENUMS = {
    "vehicle_type": VehicleType,
    "fuel": Fuel,
    "lease_type": LeaseType,
    "category": VehicleCategory,
}


def chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def natural_key(ident: str) -> tuple[int, int, str]:
    """Sort ids like "2" before "10", numbers before text."""
    return (0, int(ident), ident) if ident.isdigit() else (1, 0, ident)


def upsert(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    """Insert rows, updating the ones whose primary key already exists."""
    if not rows:
        return
    dialect = connection.dialect.name
    # the dialect's own module only (PostgreSQL's costs a SQLite command 50 ms)
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        stmt: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        stmt = sqlite.insert(table)
    else:
        raise ValueError(f"database dialect {dialect!r} is not supported.")
    # the key leads with the organisation (revision 0013): a conflict is only
    # ever with the writer's own row, and another organisation's ids are as
    # good as fresh ones
    keys = [c.name for c in table.primary_key.columns]
    stmt = stmt.on_conflict_do_update(
        index_elements=keys,
        set_={
            c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys
        },
    )
    for chunk in chunks(rows):
        connection.execute(stmt, list(chunk))


def vehicle_row(vehicle: Vehicle) -> dict[str, Any]:
    row = {name: getattr(vehicle, name) for name in _VEHICLE_COLUMNS}
    for name in _ENUMS:
        if row[name] is not None:
            row[name] = row[name].value
    return row


def vehicle_select() -> Any:
    """An ORM select of every vehicle field (the organisation filter applies)."""
    return select(*(getattr(VehicleRow, name) for name in _VEHICLE_COLUMNS))


def vehicle_from_row(row: Any) -> Vehicle:
    values = dict(row._mapping)
    for name, enum in _ENUMS.items():
        if values[name] is not None:
            values[name] = enum(values[name])
    return Vehicle(**values)
