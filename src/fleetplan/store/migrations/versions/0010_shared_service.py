"""A shared service (issue 18): jobs a worker can rebuild, the procrastinate
queue on PostgreSQL, login counters and the data version in the database.

``jobs`` gains ``params`` (the checked request, so a worker builds the job from
the database), ``attempts``, ``cancel_requested`` and ``queue_id`` (the
procrastinate job). ``login_failures``/``login_lockouts`` replace the per-process
counters; ``data_version`` is bumped by every write of the dataset so each
process's cache knows when to read it again; ``job_uploads`` holds a file the
web app received until the import job that reads it (on any worker) ends.

On PostgreSQL the schema of procrastinate (pinned at 3.10.0) is created here, so
it is made once, under the migrations' advisory lock; a later procrastinate
version brings its own migration files, to be added as a new revision.

Revision ID: 0010
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("params", sa.JSON(), nullable=True))
    op.add_column(
        "jobs", sa.Column("attempts", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column(
        "jobs",
        sa.Column(
            "cancel_requested",
            sa.Boolean(),
            nullable=False,
            server_default=sa.false(),
        ),
    )
    op.add_column("jobs", sa.Column("queue_id", sa.BigInteger(), nullable=True))
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("failed_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["key", "failed_at"])
    op.create_table(
        "login_lockouts",
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("locked_until", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_login_lockouts"),
    )
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_data_version"),
    )
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 1)")
    op.create_table(
        "job_uploads",
        sa.Column("upload_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("upload_id", name="pk_job_uploads"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        exists = bind.exec_driver_sql(
            "SELECT to_regclass('procrastinate_jobs') IS NOT NULL"
        ).scalar()
        if not exists:
            # the raw cursor: no parameter parsing of the schema's % and :
            cursor = bind.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            cursor.execute(SchemaManager.get_schema())


def downgrade() -> None:
    op.drop_table("job_uploads")
    op.drop_table("data_version")
    op.drop_table("login_lockouts")
    op.drop_index("ix_login_failures_key", table_name="login_failures")
    op.drop_table("login_failures")
    for column in ("queue_id", "cancel_requested", "attempts", "params"):
        op.drop_column("jobs", column)
