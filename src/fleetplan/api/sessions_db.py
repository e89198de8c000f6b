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
        if stored is None:
            return None
        return SessionRecord(
            stored.session_id,
            stored.username,
            stored.created,
            stored.last_seen,
            stored.revoked,
        )

    def touch(self, session_id: str, when: datetime) -> None:
        touch_session(self.engine, session_id, when)

    def revoke(self, session_id: str) -> bool:
        return revoke_session(self.engine, session_id)

    def revoke_user(self, username: str) -> int:
        return revoke_user_sessions(self.engine, username)

    def purge(self, created_before: datetime) -> int:
        return delete_sessions_before(self.engine, created_before)
