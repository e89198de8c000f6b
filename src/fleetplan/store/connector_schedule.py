"""Each connector's daily slot, the database lock that keeps two runs of one
connector apart, and its last run's summary (table ``connector_schedule``).

Times are naive wall-clock times in the connector's own time zone. The lock is
one conditional UPDATE (free, or held past its expiry), which both SQLite and
PostgreSQL apply atomically, so two ``fleetplan sync --due`` started by cron at
once, on one machine or two, cannot both take it. A run that dies keeps the
lock only until ``lock_expires_at``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.exc import IntegrityError

from fleetplan.store.database import session_scope
from fleetplan.store.scoped import get_own
from fleetplan.store.tables import ConnectorScheduleRow

LOCK_TTL = timedelta(hours=6)  # longer than any sane run; frees a crashed run's lock


@dataclass(frozen=True, slots=True)
class ScheduleState:
    connector: str
    next_run_at: datetime | None = None
    running: bool = False
    last_started_at: datetime | None = None
    last_finished_at: datetime | None = None
    last_summary: dict[str, Any] | None = None


def daily_time(daily_at: str) -> time:
    hours, minutes = daily_at.split(":")
    return time(int(hours), int(minutes))


def next_slot(after: datetime, daily_at: str) -> datetime:
    """The first ``daily_at`` strictly after ``after``."""
    slot = datetime.combine(after.date(), daily_time(daily_at))
    return slot if slot > after else slot + timedelta(days=1)


def schedule_state(engine: Engine, connector: str, now: datetime) -> ScheduleState:
    with session_scope(engine) as session:
        row = get_own(session, ConnectorScheduleRow, connector)
        if row is None:
            return ScheduleState(connector)
        return ScheduleState(
            connector,
            row.next_run_at,
            row.lock_owner is not None
            and row.lock_expires_at is not None
            and row.lock_expires_at > now,
            row.last_started_at,
            row.last_finished_at,
            None if row.last_summary is None else dict(row.last_summary),
        )


def is_due(engine: Engine, connector: str, now: datetime) -> bool:
    """Due when it never ran or its next slot has come (a missed slot runs at the
    next call: a machine that was off catches up once, not once per day missed)."""
    state = schedule_state(engine, connector, now)
    return state.next_run_at is None or state.next_run_at <= now


def _ensure_row(engine: Engine, connector: str) -> None:
    try:
        with session_scope(engine) as session:
            if get_own(session, ConnectorScheduleRow, connector) is None:
                session.add(ConnectorScheduleRow(connector=connector))
    except IntegrityError:
        pass  # another process inserted it first


def acquire(engine: Engine, connector: str, owner: str, now: datetime) -> bool:
    """Take the connector's run lock; False when another run holds it."""
    _ensure_row(engine, connector)
    row = ConnectorScheduleRow
    with session_scope(engine) as session:
        result = session.execute(
            update(row)
            .where(
                row.connector == connector,
                or_(row.lock_owner.is_(None), row.lock_expires_at <= now),
            )
            .values(
                lock_owner=owner, lock_expires_at=now + LOCK_TTL, last_started_at=now
            )
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1


def release(
    engine: Engine,
    connector: str,
    owner: str,
    now: datetime,
    summary: dict[str, Any],
    next_run_at: datetime,
) -> None:
    """Free the lock (if still ours) and store the summary and the next slot."""
    row = ConnectorScheduleRow
    with session_scope(engine) as session:
        session.execute(
            update(row)
            .where(row.connector == connector, row.lock_owner == owner)
            .values(
                lock_owner=None,
                lock_expires_at=None,
                last_finished_at=now,
                last_summary=summary,
                next_run_at=next_run_at,
            )
        )


def list_schedule(engine: Engine, now: datetime) -> dict[str, ScheduleState]:
    with session_scope(engine) as session:
        names = session.scalars(select(ConnectorScheduleRow.connector)).all()
    return {name: schedule_state(engine, name, now) for name in names}
