"""The login limiter of ``api.rate_limit`` with its counts in the database, so
every web process behind a load balancer sees the same failures and lockouts
(and a restart forgets none)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from sqlalchemy import Engine

from fleetplan.api.rate_limit import login_keys
from fleetplan.api.settings import WebSettings
from fleetplan.store.login_counters import (
    count_failure,
    forget_failures,
    lock,
    locked_until,
)


class SqlLoginLimiter:
    """Same rules as ``LoginLimiter``: a sliding window and a lockout per key."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    def retry_after_s(self, username: str, client: str) -> int:
        now = self.clock()
        until = locked_until(self.engine, login_keys(username, client))
        return math.ceil(until - now) if until > now else 0

    def failed(self, username: str, client: str, settings: WebSettings) -> int:
        now = self.clock()
        user_key, ip_key = login_keys(username, client)
        limits = {
            user_key: settings.login_max_failures,
            ip_key: settings.login_ip_max_failures,
        }
        locked = 0
        for key, limit in limits.items():
            if count_failure(self.engine, key, now, settings.login_window_s) >= limit:
                lock(self.engine, key, now + settings.login_lockout_s)
                locked = settings.login_lockout_s
        return locked

    def succeeded(self, username: str, client: str) -> None:
        forget_failures(self.engine, login_keys(username, client)[0])
