"""Roles, password hashing (argon2) and signed session cookies (itsdangerous).

CSRF: Fleetplan uses a token bound to the session. The signed, HttpOnly
session cookie carries a random CSRF token, which ``/auth/login`` and
``/auth/me`` return (no cookie holds it: the web pages act through NiceGUI's
connection, not through API calls, so no script needs to read it). Every
POST/PUT/PATCH/DELETE with a session must send it back in the ``X-CSRF-Token``
header, which another site cannot read or set. Cookies are ``SameSite=Lax`` as
a second line, and login itself (no session yet) refuses a foreign or ``null``
``Origin`` header.

The cookie also names a server-side session record (``api.sessions``), so a
session ends for real on logout, revocation or idle timeout, even if someone
kept a copy of the cookie.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "fleetplan_session"
CSRF_COOKIE = "fleetplan_csrf"  # no longer set; logout deletes old ones
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_hasher = PasswordHasher()


class Role(StrEnum):
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {"read": 1, "write": 2, "admin": 3}[self.value]

    def allows(self, needed: Role) -> bool:
        """True when this role is at least ``needed`` (admin > write > read)."""
        return self.rank >= needed.rank


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True, slots=True)
class SessionData:
    """What the signed cookie carries. ``session_id`` is the random token of the
    server-side record; a cookie without one is never accepted as logged in."""

    username: str
    csrf_token: str
    session_id: str = ""


class SessionCodec:
    """Signs and reads the session cookie; cookies older than ``max_age_s`` fail."""

    def __init__(self, secret_key: str, max_age_s: int) -> None:
        if len(secret_key) < 16:
            raise ValueError("secret_key must have at least 16 characters.")
        self._serializer = URLSafeTimedSerializer(secret_key, salt="fleetplan-session")
        self.max_age_s = max_age_s

    def dumps(self, data: SessionData) -> str:
        return self._serializer.dumps(
            {"u": data.username, "c": data.csrf_token, "s": data.session_id}
        )

    def loads(self, cookie: str | None) -> SessionData | None:
        if not cookie:
            return None
        try:
            raw = self._serializer.loads(cookie, max_age=self.max_age_s)
        except BadSignature:
            return None
        if not isinstance(raw, dict) or not raw.get("u") or not raw.get("c"):
            return None
        return SessionData(
            username=str(raw["u"]),
            csrf_token=str(raw["c"]),
            session_id=str(raw.get("s") or ""),
        )
