"""Initial schema: the fleet dataset, factor sets, scenarios and GPS-ingest state.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "locations",
        sa.Column("location_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("address", sa.String(), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("location_id", name="pk_locations"),
    )
    op.create_table(
        "parking_points",
        sa.Column("location_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.location_id"],
            name="fk_parking_points_location_id_locations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("location_id", "position", name="pk_parking_points"),
    )
    op.create_table(
        "vehicles",
        sa.Column("vehicle_id", sa.String(), nullable=False),
        sa.Column("plate", sa.String(), nullable=True),
        sa.Column("make", sa.String(), nullable=True),
        sa.Column("model", sa.String(), nullable=True),
        sa.Column("vehicle_type", sa.String(length=16), nullable=False),
        sa.Column("fuel", sa.String(length=16), nullable=False),
        sa.Column("wltp_km_per_l", sa.Double(), nullable=True),
        sa.Column("wltp_wh_per_km", sa.Double(), nullable=True),
        sa.Column("range_km", sa.Double(), nullable=True),
        sa.Column("annual_cost_dkk", sa.Double(), nullable=True),
        sa.Column("location_id", sa.String(), nullable=True),
        sa.Column("department", sa.String(), nullable=True),
        sa.Column("administration", sa.String(), nullable=True),
        sa.Column("lease_type", sa.String(length=16), nullable=True),
        sa.Column("lease_start", sa.Date(), nullable=True),
        sa.Column("lease_end", sa.Date(), nullable=True),
        sa.Column("km_per_year_allowed", sa.Double(), nullable=True),
        sa.Column("is_candidate", sa.Boolean(), nullable=False),
        sa.Column("battery_kwh", sa.Double(), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=True),
        sa.Column("wheelchair_lift", sa.Boolean(), nullable=True),
        sa.Column("child_seats", sa.Integer(), nullable=True),
        sa.Column("cargo_m3", sa.Double(), nullable=True),
        sa.Column("charge_kw", sa.Double(), nullable=True),
        sa.Column("production_co2e_kg", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.location_id"],
            name="fk_vehicles_location_id_locations",
        ),
        sa.PrimaryKeyConstraint("vehicle_id", name="pk_vehicles"),
    )
    op.create_table(
        "roundtrips",
        sa.Column("roundtrip_id", sa.String(), nullable=False),
        sa.Column("vehicle_id", sa.String(), nullable=False),
        sa.Column("location_id", sa.String(), nullable=False),
        sa.Column("start_time", sa.DateTime(), nullable=False),
        sa.Column("end_time", sa.DateTime(), nullable=False),
        sa.Column("distance_km", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.location_id"],
            name="fk_roundtrips_location_id_locations",
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["vehicles.vehicle_id"],
            name="fk_roundtrips_vehicle_id_vehicles",
        ),
        sa.PrimaryKeyConstraint("roundtrip_id", name="pk_roundtrips"),
    )
    op.create_index(
        "ix_roundtrips_vehicle_start", "roundtrips", ["vehicle_id", "start_time"]
    )
    op.create_index(
        "ix_roundtrips_location_start", "roundtrips", ["location_id", "start_time"]
    )
    op.create_table(
        "segments",
        sa.Column("roundtrip_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.DateTime(), nullable=False),
        sa.Column("end_time", sa.DateTime(), nullable=False),
        sa.Column("distance_km", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roundtrip_id"],
            ["roundtrips.roundtrip_id"],
            name="fk_segments_roundtrip_id_roundtrips",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("roundtrip_id", "position", name="pk_segments"),
    )
    op.create_index("ix_segments_roundtrip_id", "segments", ["roundtrip_id"])
    op.create_table(
        "dataset_meta",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dataset_meta"),
    )
    op.create_table(
        "shift_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.String(), nullable=True),
        sa.Column("shifts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.location_id"],
            name="fk_shift_sets_location_id_locations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_shift_sets"),
    )
    op.create_table(
        "factor_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_factor_sets"),
        sa.UniqueConstraint("name", name="uq_factor_sets_name"),
    )
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("factor_set_name", sa.String(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scenarios"),
    )
    op.create_table(
        "ingest_cursors",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("vehicle_id", sa.String(), nullable=False),
        sa.Column("last_time", sa.DateTime(), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("source", "vehicle_id", name="pk_ingest_cursors"),
    )
    op.create_table(
        "sync_status",
        sa.Column("connector", sa.String(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("connector", name="pk_sync_status"),
    )


def downgrade() -> None:
    for table in (
        "sync_status",
        "ingest_cursors",
        "scenarios",
        "factor_sets",
        "shift_sets",
        "dataset_meta",
    ):
        op.drop_table(table)
    op.drop_index("ix_segments_roundtrip_id", table_name="segments")
    op.drop_table("segments")
    op.drop_index("ix_roundtrips_location_start", table_name="roundtrips")
    op.drop_index("ix_roundtrips_vehicle_start", table_name="roundtrips")
    for table in ("roundtrips", "vehicles", "parking_points", "locations"):
        op.drop_table(table)
