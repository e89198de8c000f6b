"""Login counters in the database: web processes behind one load balancer share
failures and lockouts (two limiters on one database stand for two processes)."""

from __future__ import annotations

from sqlalchemy import Engine

from fleetplan.api import WebSettings
from fleetplan.api.rate_limit_db import SqlLoginLimiter
from tests.store.db import database_url as database_url  # the fixtures
from tests.store.db import engine as engine
from tests.store.db import postgres_template as postgres_template
from tests.store.db import sqlite_template as sqlite_template


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


SETTINGS = WebSettings(
    secret_key="k" * 20, login_max_failures=3, login_window_s=60, login_lockout_s=30
)


def test_failures_in_two_processes_add_up_and_both_lock(engine: Engine) -> None:
    """2 failures on app A and 1 on app B reach the limit of 3: both refuse."""
    clock = FakeClock()
    a, b = SqlLoginLimiter(engine, clock), SqlLoginLimiter(engine, clock)
    assert a.failed("ann", "1.2.3.4", SETTINGS) == 0
    assert a.failed("ann", "1.2.3.4", SETTINGS) == 0
    assert b.failed("ann", "1.2.3.4", SETTINGS) == 30
    clock.now += 10.5
    assert a.retry_after_s("ann", "1.2.3.4") == 20  # ceil(19.5)
    assert b.retry_after_s("ANN ", "1.2.3.4") == 20  # the same user
    assert b.retry_after_s("ann", "5.6.7.8") == 0  # another address
    clock.now += 19.5
    assert a.retry_after_s("ann", "1.2.3.4") == 0


def test_old_failures_leave_the_window_and_success_clears(engine: Engine) -> None:
    clock = FakeClock()
    a, b = SqlLoginLimiter(engine, clock), SqlLoginLimiter(engine, clock)
    a.failed("bob", "1.2.3.4", SETTINGS)
    a.failed("bob", "1.2.3.4", SETTINGS)
    clock.now += 61  # both are older than the window
    assert b.failed("bob", "1.2.3.4", SETTINGS) == 0
    b.succeeded("bob", "1.2.3.4")  # clears the username's count on A too
    a.failed("bob", "1.2.3.4", SETTINGS)
    assert a.failed("bob", "1.2.3.4", SETTINGS) == 0
