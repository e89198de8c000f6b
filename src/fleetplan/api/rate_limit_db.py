"""The login limiter of ``api.rate_limit`` with its counts in the database, so
every web process behind a load balancer sees the same failures and lockouts
(and a restart forgets none)."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine

from fleetplan.api.rate_limit import LimiterPolicy
from fleetplan.store.login_counters import (
    count_failure,
    forget_failures,
    lock,
    locked_until,
)


class SqlLoginLimiter(LimiterPolicy):
    """The counts in the database's login-counter tables."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    def _locked_until(self, keys: tuple[str, ...]) -> float:
        return locked_until(self.engine, keys)

    def _count_failure(self, key: str, now: float, window_s: int) -> int:
        return count_failure(self.engine, key, now, window_s)

    def _lock(self, key: str, until: float) -> None:
        lock(self.engine, key, until)

    def _forget(self, key: str) -> None:
        forget_failures(self.engine, key)
