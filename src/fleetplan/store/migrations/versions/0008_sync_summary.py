"""The last run's summary with each sync status (issue 17, item 5): points read,
dropped by reason, trips, roundtrips added and updated, vehicles skipped and why,
and the settings used. Counts, ids and codes only (no positions).

Additive: existing statuses get none until their next run.

Revision ID: 0008
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_status", sa.Column("summary", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("sync_status", "summary")
