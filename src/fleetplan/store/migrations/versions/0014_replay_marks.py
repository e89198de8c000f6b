"""Single-use marks shared by every web process (issue 19): the nonces of
finished OpenID Connect logins and the ids of used SAML assertions, each kept
until it expires (``store.replay_marks``), so a login replayed to another
process is refused too.

Revision ID: 0014
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "replay_marks",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "digest", name="pk_replay_marks"),
    )
    op.create_index("ix_replay_marks_expires_at", "replay_marks", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_replay_marks_expires_at", table_name="replay_marks")
    op.drop_table("replay_marks")
