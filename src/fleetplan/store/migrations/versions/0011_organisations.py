"""Organisations (issue 19): one deployment, many public authorities.

Creates ``organisations`` and a first organisation (slug and name from
``FLEETPLAN_ORGANISATION_SLUG`` / ``_NAME``, default "default"), then gives every
table of a fleet an ``organisation_id`` (NOT NULL, indexed, a foreign key) and
moves every existing row into the first organisation: nothing is lost. Users get
a nullable ``organisation_id`` (the existing ones: the first organisation) and a
``platform_admin`` flag. A factor set's name is unique within its organisation;
the dataset meta row's id becomes its organisation's id.

On PostgreSQL every such table also gets row-level security as a second fence
behind the application's filter: with ``app.org`` set (``store.scoped`` sets it
per transaction) a statement sees and writes only that organisation's rows,
even raw SQL; unset (migrations, platform work) it sees every row.

SQLite rebuilds a table to add a foreign key; ``upgrade_database`` runs the
migrations with SQLite's foreign keys off, so rebuilding a parent table does not
cascade into its children. Downgrade refuses a database with more than one
organisation (its rows could not be told apart afterwards).

Revision ID: 0011
Revises: 0008
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None

FLEET_TABLES = (
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
)


POLICY = "organisation_fence"
# nullif: an unset or empty app.org is NULL (no cast of ''), and then every row
FENCE = (
    "nullif(current_setting('app.org', true), '') IS NULL "
    "OR organisation_id = nullif(current_setting('app.org', true), '')::integer"
)


def _first_organisation() -> tuple[str, str]:
    from fleetplan.config import Settings

    settings = Settings()
    slug = settings.organisation_slug.strip().lower() or "default"
    return slug, settings.organisation_name.strip() or slug


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
        sa.UniqueConstraint("slug", name="uq_organisations_slug"),
    )
    slug, name = _first_organisation()
    bind = op.get_bind()
    bind.execute(
        sa.text("INSERT INTO organisations (slug, name, created) VALUES (:s, :n, :c)"),
        {"s": slug, "n": name, "c": datetime.now().replace(microsecond=0)},
    )
    org_id = bind.execute(
        sa.text("SELECT id FROM organisations WHERE slug = :s"), {"s": slug}
    ).scalar_one()
    for table in FLEET_TABLES:
        op.add_column(table, sa.Column("organisation_id", sa.Integer(), nullable=True))
        bind.execute(
            sa.text(f"UPDATE {table} SET organisation_id = :o"),
            {"o": org_id},
        )
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "organisation_id", existing_type=sa.Integer(), nullable=False
            )
            batch.create_foreign_key(
                f"fk_{table}_organisation_id_organisations",
                "organisations",
                ["organisation_id"],
                ["id"],
            )
            batch.create_index(f"ix_{table}_organisation_id", ["organisation_id"])
    bind.execute(sa.text("UPDATE dataset_meta SET id = organisation_id"))
    if bind.dialect.name == "postgresql":
        for table in FLEET_TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")  # owner too
            op.execute(
                f"CREATE POLICY {POLICY} ON {table} "
                f"USING ({FENCE}) WITH CHECK ({FENCE})"
            )
    with op.batch_alter_table("factor_sets") as batch:
        batch.drop_constraint("uq_factor_sets_name", type_="unique")
        batch.create_unique_constraint(
            "uq_factor_sets_organisation_id", ["organisation_id", "name"]
        )
    op.add_column("users", sa.Column("organisation_id", sa.Integer(), nullable=True))
    op.add_column(
        "users",
        sa.Column(
            "platform_admin", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )
    bind.execute(sa.text("UPDATE users SET organisation_id = :o"), {"o": org_id})
    with op.batch_alter_table("users") as batch:
        batch.alter_column("platform_admin", server_default=None)
        batch.create_foreign_key(
            "fk_users_organisation_id_organisations",
            "organisations",
            ["organisation_id"],
            ["id"],
        )
        batch.create_index("ix_users_organisation_id", ["organisation_id"])


def downgrade() -> None:
    bind = op.get_bind()
    count = bind.execute(sa.text("SELECT count(*) FROM organisations")).scalar_one()
    if count > 1:
        raise RuntimeError(
            f"this database holds {count} organisations; a downgrade below 0011 "
            "would mix their data. Export each and keep one first."
        )
    if bind.dialect.name == "postgresql":
        for table in FLEET_TABLES:
            op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_organisation_id")
        batch.drop_constraint("fk_users_organisation_id_organisations", "foreignkey")
        batch.drop_column("platform_admin")
        batch.drop_column("organisation_id")
    with op.batch_alter_table("factor_sets") as batch:
        batch.drop_constraint("uq_factor_sets_organisation_id", type_="unique")
        batch.create_unique_constraint("uq_factor_sets_name", ["name"])
    bind.execute(sa.text("UPDATE dataset_meta SET id = 1"))
    for table in reversed(FLEET_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_organisation_id")
            batch.drop_constraint(
                f"fk_{table}_organisation_id_organisations", "foreignkey"
            )
            batch.drop_column("organisation_id")
    op.drop_table("organisations")
