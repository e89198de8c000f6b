"""A fleet's ids are unique within its organisation, not the deployment (issue 19).

Until now ``vehicles.vehicle_id`` (and the location, roundtrip, cursor and
connector keys) were primary keys across the whole deployment: organisation B
could not import a vehicle "1" while A held one, and the refusal told B that the
id exists elsewhere (an existence leak). Every such primary key becomes
``(organisation_id, <id>)`` and every foreign key between them composite
(``(organisation_id, vehicle_id) -> vehicles``), so a row can only point at a
row of its own organisation. Rows and row-level security policies stay as they
are.

SQLite rebuilds each table once (Alembic batch mode); PostgreSQL alters the
constraints in place, dropping the foreign keys before the keys they point at.
Downgrade refuses a database where two organisations share an id.

Revision ID: 0013
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0014"
branch_labels = None
depends_on = None

# table -> the columns of its primary key after the organisation
KEYS = {
    "locations": ("location_id",),
    "parking_points": ("location_id", "position"),
    "vehicles": ("vehicle_id",),
    "roundtrips": ("roundtrip_id",),
    "segments": ("roundtrip_id", "position"),
    "shift_sets": (),  # a serial id; only its foreign key changes
    "ingest_cursors": ("source", "vehicle_id"),
    "sync_status": ("connector",),
    "connector_schedule": ("connector",),
}
# (table, column, parent table, on delete): the parent's key column has the
# child's column name
REFS = (
    ("parking_points", "location_id", "locations", "CASCADE"),
    ("vehicles", "location_id", "locations", None),
    ("roundtrips", "vehicle_id", "vehicles", None),
    ("roundtrips", "location_id", "locations", None),
    ("segments", "roundtrip_id", "roundtrips", "CASCADE"),
    ("shift_sets", "location_id", "locations", "CASCADE"),
)
ORG = "organisation_id"


def _fk_name(table: str, column: str, parent: str, per_org: bool) -> str:
    # the naming convention names a key after its first column
    return f"fk_{table}_{ORG if per_org else column}_{parent}"


def _rekey(per_org: bool) -> None:
    """Move the keys to (``per_org``) or from the organisation."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    # SQLite: one rebuild per table (its foreign keys are off while migrating);
    # PostgreSQL: a key cannot change while a foreign key points at it
    phases = [("drop", "key", "add")] if sqlite else [("drop",), ("key",), ("add",)]
    for steps in phases:
        for table, columns in KEYS.items():
            refs = [r for r in REFS if r[0] == table]
            if not any(
                (s == "key" and columns) or (s != "key" and refs) for s in steps
            ):
                continue
            with op.batch_alter_table(table) as batch:
                if "drop" in steps:
                    for _t, column, parent, _on in refs:
                        name = _fk_name(table, column, parent, not per_org)
                        batch.drop_constraint(name, type_="foreignkey")
                if "key" in steps and columns:
                    batch.drop_constraint(f"pk_{table}", type_="primary")
                    key = [ORG, *columns] if per_org else list(columns)
                    batch.create_primary_key(f"pk_{table}", key)
                if "add" in steps:
                    for _t, column, parent, on_delete in refs:
                        local = [ORG, column] if per_org else [column]
                        batch.create_foreign_key(
                            _fk_name(table, column, parent, per_org),
                            parent,
                            local,
                            local,
                            ondelete=on_delete,
                        )


def upgrade() -> None:
    _rekey(per_org=True)


def downgrade() -> None:
    bind = op.get_bind()
    for table, columns in KEYS.items():
        if not columns:
            continue
        listed = ", ".join(columns)
        shared = bind.execute(
            sa.text(
                f"SELECT count(*) FROM (SELECT {listed} FROM {table} "
                f"GROUP BY {listed} HAVING count(*) > 1) AS shared"
            )
        ).scalar_one()
        if shared:
            raise RuntimeError(
                f"{shared} id(s) of {table} are held by more than one organisation; "
                "a downgrade below 0013 needs ids unique in the deployment. "
                "Rename them in all but one organisation first."
            )
    _rekey(per_org=False)
