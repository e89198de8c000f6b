"""External (OpenID Connect) identities of users: issuer and subject.

An external login is matched by (issuer, subject), never by username, so an
identity provider cannot log into a local password account of the same name.
Additive: existing users keep working and get no external identity.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("external_issuer", sa.String(length=255), nullable=True)
        )
        batch.add_column(
            sa.Column("external_subject", sa.String(length=255), nullable=True)
        )
    op.create_index(
        "ix_users_external_issuer",
        "users",
        ["external_issuer", "external_subject"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ix_users_external_issuer", table_name="users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("external_subject")
        batch.drop_column("external_issuer")
