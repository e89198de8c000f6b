"""Connector schedule: each connector's next daily run, the lock that keeps two
runs of one connector apart, and its last run's summary (issue 17, item 9).

Additive: a new table; connectors without a row are scheduled on first sight.

Revision ID: 0009
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "connector_schedule",
        sa.Column("connector", sa.String(), nullable=False),
        sa.Column("next_run_at", sa.DateTime(), nullable=True),
        sa.Column("lock_owner", sa.String(length=64), nullable=True),
        sa.Column("lock_expires_at", sa.DateTime(), nullable=True),
        sa.Column("last_started_at", sa.DateTime(), nullable=True),
        sa.Column("last_finished_at", sa.DateTime(), nullable=True),
        sa.Column("last_summary", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("connector", name="pk_connector_schedule"),
    )


def downgrade() -> None:
    op.drop_table("connector_schedule")
