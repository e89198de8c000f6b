"""The data version: one number in the database, bumped by every write of the
dataset, so every process (web apps, workers) knows when its cached copy is old.

``save_dataset`` and ``purge_roundtrips`` bump it in their own transaction.
Writers that do not bump it (an older tool, a manual SQL edit) still show up
within the cache's ``max_age_s``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Connection, Engine, text
from sqlalchemy.orm import Mapped, mapped_column

from fleetplan.store.tables import Base


class DataVersionRow(Base):
    """One row (id 1) holding the version (revision 0010)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)


def data_version(engine: Engine) -> int:
    with engine.connect() as connection:
        value = connection.execute(
            text("SELECT version FROM data_version WHERE id = 1")
        ).scalar()
    return int(value or 0)


def bump_in(connection: Connection) -> None:
    """Mark the dataset changed, in the writer's own transaction."""
    connection.execute(
        text("UPDATE data_version SET version = version + 1 WHERE id = 1")
    )


def bump_data_version(engine: Engine) -> None:
    """Mark the dataset changed for every process (after its write committed)."""
    with engine.begin() as connection:
        bump_in(connection)
