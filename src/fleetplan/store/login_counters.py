"""Failed-login counters and lockouts in the database (revision 0010), shared by
every web process behind a load balancer. Times are seconds since the epoch.
Rows never leave this module."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Double, Engine, Index, String, delete, func, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from fleetplan.store.tables import Base


class LoginFailureRow(Base):
    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key", "key", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(320))
    failed_at: Mapped[float] = mapped_column(Double)


class LoginLockoutRow(Base):
    __tablename__ = "login_lockouts"

    key: Mapped[str] = mapped_column(String(320), primary_key=True)
    locked_until: Mapped[float] = mapped_column(Double)


def count_failure(engine: Engine, key: str, now: float, window_s: float) -> int:
    """Record a failure for ``key``; returns its failures within the window."""
    with engine.begin() as connection:
        connection.execute(delete(LoginFailureRow).where(
            LoginFailureRow.failed_at < now - window_s
        ))  # fmt: skip
        connection.execute(insert(LoginFailureRow).values(key=key, failed_at=now))
        count = connection.execute(
            select(func.count()).where(LoginFailureRow.key == key)
        ).scalar()
    return int(count or 0)


def lock(engine: Engine, key: str, until: float) -> None:
    """Lock ``key`` until ``until`` and forget its failures."""
    with engine.begin() as connection:
        connection.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))
        connection.execute(delete(LoginLockoutRow).where(LoginLockoutRow.key == key))
        connection.execute(insert(LoginLockoutRow).values(key=key, locked_until=until))


def locked_until(engine: Engine, keys: Iterable[str]) -> float:
    """The latest lockout of any of ``keys`` (0 when none)."""
    with engine.connect() as connection:
        until = connection.execute(
            select(func.max(LoginLockoutRow.locked_until)).where(
                LoginLockoutRow.key.in_(list(keys))
            )
        ).scalar()
    return float(until or 0.0)


def forget_failures(engine: Engine, key: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))
