"""Alembic environment: runs on the connection ``upgrade_database`` hands over, or on
``sqlalchemy.url`` when called from the alembic command line."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import fleetplan.store  # noqa: F401  (imports every module that defines tables)
from fleetplan.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
