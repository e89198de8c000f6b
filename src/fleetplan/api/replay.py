"""Single-use marks for logins: an OpenID Connect flow's nonce and a SAML
assertion's id may each log in once. The app keeps them in the database
(``store.replay_marks``), so every web process refuses a replay; without a
database (some tests, the API alone) they are kept in this process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import Engine

from fleetplan.store.replay_marks import first_use

OIDC_NONCE = "oidc.nonce"
SAML_ASSERTION = "saml.assertion"


class ReplayMarks(Protocol):
    def first_use(self, kind: str, value: str, expires_at: float) -> bool:
        """Mark ``value`` used until ``expires_at`` (epoch seconds); False
        when it was used before (a replay)."""
        ...


class InMemoryReplayMarks:
    """The marks in a dict: one process only."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._until: dict[tuple[str, str], float] = {}

    def first_use(self, kind: str, value: str, expires_at: float) -> bool:
        now = self.clock()
        with self._lock:
            self._until = {k: t for k, t in self._until.items() if t >= now}
            if (kind, value) in self._until:
                return False
            self._until[kind, value] = expires_at
            return True


class SqlReplayMarks:
    """The marks in the database's ``replay_marks`` table (revision 0014)."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    def first_use(self, kind: str, value: str, expires_at: float) -> bool:
        return first_use(self.engine, kind, value, expires_at, self.clock())
