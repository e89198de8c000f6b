"""The :class:`SessionStore` on the database (``sessions`` table, revision 0003)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from fleetplan.api.sessions import SessionRecord, utc_now
from fleetplan.store.sessions import (
    StoredSession,
    add_session,
    delete_sessions_before,
    get_session,
    revoke_session,
    revoke_user_sessions,
    touch_session,
    user_sessions,
)


def _record(stored: StoredSession) -> SessionRecord:
    return SessionRecord(
        stored.session_id,
        stored.username,
        stored.created,
        stored.last_seen,
        stored.revoked,
    )


class SqlSessionStore:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.clock = clock

    def add(self, record: SessionRecord) -> None:
        add_session(
            self.engine,
            StoredSession(
                record.session_id,
                record.username,
                record.created,
                record.last_seen,
                record.revoked,
            ),
        )

    def get(self, session_id: str) -> SessionRecord | None:
        stored = get_session(self.engine, session_id)
        return _record(stored) if stored is not None else None

    def of_user(self, username: str) -> list[SessionRecord]:
        return [_record(s) for s in user_sessions(self.engine, username)]

    def touch(self, session_id: str, when: datetime) -> None:
        touch_session(self.engine, session_id, when)

    def revoke(self, session_id: str) -> bool:
        return revoke_session(self.engine, session_id)

    def revoke_user(self, username: str) -> int:
        return revoke_user_sessions(self.engine, username)

    def purge(self, created_before: datetime) -> int:
        return delete_sessions_before(self.engine, created_before)
