"""Login sessions in the database (table ``sessions``; revision 0003).

Times are stored as naive UTC and returned as aware UTC datetimes. Rows never
leave this module: callers get :class:`StoredSession` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Engine, delete, select, update
from sqlalchemy.orm import Session

from fleetplan.store.tables import SessionRow


@dataclass(frozen=True, slots=True)
class StoredSession:
    session_id: str
    username: str
    created: datetime
    last_seen: datetime
    revoked: bool


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _stored(row: SessionRow) -> StoredSession:
    return StoredSession(
        row.id, row.username, _aware(row.created), _aware(row.last_seen), row.revoked
    )


def add_session(engine: Engine, stored: StoredSession) -> None:
    with Session(engine) as session, session.begin():
        session.add(
            SessionRow(
                id=stored.session_id,
                username=stored.username,
                created=_naive_utc(stored.created),
                last_seen=_naive_utc(stored.last_seen),
                revoked=stored.revoked,
            )
        )


def get_session(engine: Engine, session_id: str) -> StoredSession | None:
    with Session(engine) as session:
        row = session.get(SessionRow, session_id)
        return _stored(row) if row is not None else None


def user_sessions(engine: Engine, username: str) -> list[StoredSession]:
    """Every stored session of ``username`` (revoked ones too)."""
    with Session(engine) as session:
        rows = session.scalars(
            select(SessionRow).where(SessionRow.username == username)
        )
        return [_stored(row) for row in rows]


def touch_session(engine: Engine, session_id: str, when: datetime) -> None:
    with Session(engine) as session, session.begin():
        session.execute(
            update(SessionRow)
            .where(SessionRow.id == session_id)
            .values(last_seen=_naive_utc(when))
        )


def _revoke_where(engine: Engine, condition: ColumnElement[bool]) -> int:
    """Revoke the live sessions matching ``condition``; returns how many."""
    with Session(engine) as session, session.begin():
        result = session.execute(
            update(SessionRow)
            .where(condition, SessionRow.revoked.is_(False))
            .values(revoked=True)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def revoke_session(engine: Engine, session_id: str) -> bool:
    return _revoke_where(engine, SessionRow.id == session_id) > 0


def revoke_user_sessions(engine: Engine, username: str) -> int:
    """Revoke every live session of ``username``; returns how many."""
    return _revoke_where(engine, SessionRow.username == username)


def delete_sessions_before(engine: Engine, moment: datetime) -> int:
    """Delete sessions created before ``moment`` (they have expired anyway)."""
    with Session(engine) as session, session.begin():
        result = session.execute(
            delete(SessionRow).where(SessionRow.created < _naive_utc(moment))
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
