"""Single-use marks in the database (revision 0014): an OpenID Connect flow's
nonce and a SAML assertion's id are used once by every web process behind a
load balancer, not once per process. Each mark is kept until ``expires_at``
(seconds since the epoch), when the login it guards could no longer pass its
own time check; expired marks are deleted as new ones arrive. Rows never
leave this module."""

from __future__ import annotations

import hashlib

from sqlalchemy import Double, Engine, String, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from fleetplan.store.tables import Base


class ReplayMarkRow(Base):
    __tablename__ = "replay_marks"

    # "oidc.nonce" or "saml.assertion"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    # sha256 of the value: an assertion id has no length limit, and the
    # nonce of a login still in flight is not kept in the clear
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[float] = mapped_column(Double, index=True)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def first_use(
    engine: Engine, kind: str, value: str, expires_at: float, now: float
) -> bool:
    """Mark ``value`` of ``kind`` used until ``expires_at``; False when it was
    marked before and has not expired (a replay). The primary key decides,
    so of two processes racing with one value exactly one wins."""
    row = {"kind": kind, "digest": _digest(value), "expires_at": expires_at}
    with engine.begin() as connection:
        connection.execute(delete(ReplayMarkRow).where(ReplayMarkRow.expires_at < now))
    try:
        with engine.begin() as connection:
            connection.execute(insert(ReplayMarkRow).values(**row))
    except IntegrityError:
        return False
    return True


def count_marks(engine: Engine) -> int:
    """How many marks are kept (expired ones not yet cleaned up included)."""
    with engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(ReplayMarkRow)).scalar()
            or 0
        )
