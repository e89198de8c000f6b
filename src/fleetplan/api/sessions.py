"""Server-side login sessions: what makes logout, revocation and idle timeout real.

The signed cookie (``security.SessionCodec``) carries a random token; the
server keeps a record under the token's SHA-256 with the username, when it was
created and last seen, and whether it was revoked. A request is logged in only
while that record is live, so a copied cookie stops working after logout, after
an admin revokes the user's sessions, when the user is deactivated or demoted,
and after ``session_idle_timeout_s`` without requests.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from fleetplan.api.security import new_token

# last_seen is written at most this often per session (not on every request).
TOUCH_EVERY_S = 60


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    session_id: str  # SHA-256 hex of the cookie's token
    username: str
    created: datetime
    last_seen: datetime
    revoked: bool = False


class SessionStore(Protocol):
    clock: Callable[[], datetime]

    def add(self, record: SessionRecord) -> None: ...

    def get(self, session_id: str) -> SessionRecord | None: ...

    def touch(self, session_id: str, when: datetime) -> None: ...

    def revoke(self, session_id: str) -> bool: ...

    def revoke_user(self, username: str) -> int: ...

    def of_user(self, username: str) -> list[SessionRecord]: ...

    def purge(self, created_before: datetime) -> int: ...


class InMemorySessionStore:
    """Sessions in a dict (tests); the app keeps them in the database."""

    def __init__(self, clock: Callable[[], datetime] = utc_now) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._records: dict[str, SessionRecord] = {}

    def add(self, record: SessionRecord) -> None:
        with self._lock:
            self._records[record.session_id] = record

    def get(self, session_id: str) -> SessionRecord | None:
        with self._lock:
            return self._records.get(session_id)

    def touch(self, session_id: str, when: datetime) -> None:
        with self._lock:
            record = self._records.get(session_id)
            if record is not None:
                self._records[session_id] = replace(record, last_seen=when)

    def revoke(self, session_id: str) -> bool:
        with self._lock:
            record = self._records.get(session_id)
            if record is None or record.revoked:
                return False
            self._records[session_id] = replace(record, revoked=True)
            return True

    def revoke_user(self, username: str) -> int:
        with self._lock:
            live = [
                r
                for r in self._records.values()
                if r.username == username and not r.revoked
            ]
            for record in live:
                self._records[record.session_id] = replace(record, revoked=True)
            return len(live)

    def of_user(self, username: str) -> list[SessionRecord]:
        with self._lock:
            return [r for r in self._records.values() if r.username == username]

    def purge(self, created_before: datetime) -> int:
        with self._lock:
            old = [k for k, r in self._records.items() if r.created < created_before]
            for key in old:
                del self._records[key]
            return len(old)


def session_key(token: str) -> str:
    """The stored id of a cookie token (its SHA-256, hex)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(store: SessionStore, username: str, max_age_s: int) -> str:
    """Record a new session for ``username``; returns the token for the cookie.

    Also deletes records older than ``max_age_s``: their cookies have expired.
    """
    now = store.clock()
    store.purge(now - timedelta(seconds=max_age_s))
    token = new_token()
    store.add(SessionRecord(session_key(token), username, now, now))
    return token


def is_live(
    store: SessionStore,
    token: str,
    username: str,
    *,
    idle_timeout_s: int,
    max_age_s: int,
) -> bool:
    """True when the session of ``token`` belongs to ``username``, is not
    revoked, and is neither idle too long nor too old; marks it as seen.

    A session found idle or too old is revoked, so it cannot come back.
    """
    if not token:
        return False
    record = store.get(session_key(token))
    if record is None or record.revoked or record.username != username:
        return False
    now = store.clock()
    if _expired(record, now, idle_timeout_s, max_age_s):
        store.revoke(record.session_id)
        return False
    if now - record.last_seen >= timedelta(seconds=TOUCH_EVERY_S):
        store.touch(record.session_id, now)
    return True


def _expired(
    record: SessionRecord, now: datetime, idle_timeout_s: int, max_age_s: int
) -> bool:
    return now - record.last_seen > timedelta(
        seconds=idle_timeout_s
    ) or now - record.created > timedelta(seconds=max_age_s)


def live_sessions(
    store: SessionStore, username: str, *, idle_timeout_s: int, max_age_s: int
) -> list[SessionRecord]:
    """The user's sessions that still let a request in, oldest first (for an
    admin deciding whether to log the user out everywhere)."""
    now = store.clock()
    live = [
        r
        for r in store.of_user(username)
        if not r.revoked and not _expired(r, now, idle_timeout_s, max_age_s)
    ]
    return sorted(live, key=lambda r: r.created)


def close_session(store: SessionStore, token: str) -> bool:
    """Revoke the session of ``token`` (logout); False when it was not live."""
    return bool(token) and store.revoke(session_key(token))
