"""Login rate limiting: after too many failed logins for one username from one
client address (or, with a higher limit, for any usernames from one address)
within a window, logins are refused for a cool-down.

Keying the username count by address too means a stranger cannot lock a
colleague out of the office by typing wrong passwords for their name.

Counts live in memory, per process and per app (``request.app.state``), unless
the app's services carry a limiter in the database (``api.rate_limit_db``,
which ``build_services`` uses so that web processes share them). Behind a
reverse proxy, list it in ``trusted_proxies`` so the address is the browser's
(``api.proxy``), not the proxy's.
"""

from __future__ import annotations

import math
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable

from fastapi import Request

from fleetplan.api.proxy import client_address
from fleetplan.api.settings import WebSettings
from fleetplan.api.users import UserAccount, UserRepository, authenticate

# Past this many tracked keys, expired ones are swept on the next failure.
_SWEEP_AT = 10_000


class LoginLocked(Exception):
    """Logins for this username or address are refused for ``retry_after_s``."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"Too many failed logins; try again in {retry_after_s} s.")
        self.retry_after_s = retry_after_s

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after_s / 60))


def login_keys(username: str, client: str) -> tuple[str, str]:
    return f"user:{username.strip().lower()}@{client}", f"ip:{client}"


class LimiterPolicy(ABC):
    """The rules, shared by every store of counts: a sliding window of failures
    per key, and a lockout once a key reaches its limit. A store implements the
    four ``_`` methods (in memory here, in the database in ``rate_limit_db``)."""

    clock: Callable[[], float]

    def retry_after_s(self, username: str, client: str) -> int:
        """Seconds until this username and address may try again (0: now)."""
        now = self.clock()
        until = self._locked_until(login_keys(username, client))
        return math.ceil(until - now) if until > now else 0

    def failed(self, username: str, client: str, settings: WebSettings) -> int:
        """Count a failed login; returns the lockout it started (0 for none)."""
        now = self.clock()
        user_key, ip_key = login_keys(username, client)
        limits = {
            user_key: settings.login_max_failures,
            ip_key: settings.login_ip_max_failures,
        }
        locked = 0
        for key, limit in limits.items():
            if self._count_failure(key, now, settings.login_window_s) >= limit:
                self._lock(key, now + settings.login_lockout_s)
                locked = settings.login_lockout_s
        return locked

    def succeeded(self, username: str, client: str) -> None:
        """Forget the username's failures from ``client`` (the address's own
        count stays, so one known password does not reset a guessing run)."""
        self._forget(login_keys(username, client)[0])

    @abstractmethod
    def _locked_until(self, keys: tuple[str, ...]) -> float:
        """The latest lockout of any of ``keys`` (0: none)."""

    @abstractmethod
    def _count_failure(self, key: str, now: float, window_s: int) -> int:
        """Record a failure at ``now``; the key's failures within the window."""

    @abstractmethod
    def _lock(self, key: str, until: float) -> None:
        """Lock ``key`` until ``until`` and forget its failures."""

    @abstractmethod
    def _forget(self, key: str) -> None:
        """Forget ``key``'s failures."""


class LoginLimiter(LimiterPolicy):
    """The counts in this process's memory (an app without services: tests)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._mutex = threading.Lock()
        self._failures: dict[str, deque[float]] = {}
        self._until: dict[str, float] = {}

    def _locked_until(self, keys: tuple[str, ...]) -> float:
        with self._mutex:
            return max(self._until.get(k, 0.0) for k in keys)

    def _count_failure(self, key: str, now: float, window_s: int) -> int:
        with self._mutex:
            if len(self._failures) > _SWEEP_AT:
                self._sweep(now, window_s)
            times = self._failures.setdefault(key, deque())
            times.append(now)
            while times and now - times[0] > window_s:
                times.popleft()
            return len(times)

    def _lock(self, key: str, until: float) -> None:
        with self._mutex:
            self._until[key] = until
            self._failures.pop(key, None)

    def _forget(self, key: str) -> None:
        with self._mutex:
            self._failures.pop(key, None)

    def _sweep(self, now: float, window_s: int) -> None:
        for key in [k for k, v in self._failures.items() if now - v[-1] > window_s]:
            del self._failures[key]
        for key in [k for k, until in self._until.items() if until <= now]:
            del self._until[key]


_create_lock = threading.Lock()


def _shared_limiter() -> LimiterPolicy | None:
    """The services' limiter in the database, when the app has one."""
    from fleetplan.api.services import get_services

    try:
        return get_services().login_limiter
    except RuntimeError:  # no services bound (some unit tests)
        return None


def limiter_of(request: Request) -> LimiterPolicy:
    """The app's limiter (made on first use), shared by the API and web login."""
    state = request.app.state
    with _create_lock:
        if getattr(state, "login_limiter", None) is None:
            state.login_limiter = _shared_limiter() or LoginLimiter()
        limiter: LimiterPolicy = state.login_limiter
    return limiter


def throttled_authenticate(
    request: Request,
    settings: WebSettings,
    users: UserRepository,
    username: str,
    password: str,
) -> UserAccount | None:
    """``authenticate`` behind the limiter: the user, or ``None`` for a wrong
    login; raises :class:`LoginLocked` while locked or when this failure locks.

    While locked the password is not even checked, so guessing cannot go on.
    """
    limiter = limiter_of(request)
    client = client_address(request, settings)
    wait_s = limiter.retry_after_s(username, client)
    if wait_s:
        raise LoginLocked(wait_s)
    account = authenticate(users, username, password)
    if account is None:
        locked_s = limiter.failed(username, client, settings)
        if locked_s:
            raise LoginLocked(locked_s)
        return None
    limiter.succeeded(username, client)
    return account
