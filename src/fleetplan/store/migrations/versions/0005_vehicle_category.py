"""A vehicle's category (car, van, minibus, truck, special, bike, ebike,
cargo_bike): the body a trip needs (issue 14).

Additive: existing vehicles get none, and their category is derived from type,
seats and cargo volume (``domain.category.derive_category``).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# Plain ALTER TABLE (SQLite >= 3.35 drops a column in place): a batch copy of
# the table would fail on the roundtrips' foreign keys.
def upgrade() -> None:
    op.add_column("vehicles", sa.Column("category", sa.String(length=16)))


def downgrade() -> None:
    op.drop_column("vehicles", "category")
