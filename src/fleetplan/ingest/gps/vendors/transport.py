"""The HTTP side every vendor connector shares: auth, retries, rate limit.

Retries use tenacity: a 429 or 5xx answer, a timeout or a dropped connection is
tried again up to ``max_attempts`` times, waiting what the server's
``Retry-After`` asks (capped at ``max_wait_s``) or else an exponential backoff
with jitter. A 401 makes a token auth log in again once. Nothing here logs a
URL's query, a header or a body: they carry credentials and positions.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import tenacity

from fleetplan.ingest.gps.connectors import ConnectorError

Sleep = Callable[[float], None]
Clock = Callable[[], float]


class _NoQueryInLogs(logging.Filter):
    """httpx logs each request's full URL at INFO; vendors put API keys and
    passwords in the query, so the query is cut off before the record is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                a.copy_with(query=None) if isinstance(a, httpx.URL) else a
                for a in record.args
            )
        return True


logging.getLogger("httpx").addFilter(_NoQueryInLogs())


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_s: float = 1.0  # first backoff; doubles each attempt, with jitter
    max_wait_s: float = 120.0  # longest single wait, also for Retry-After

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be >= 1, got {self.max_attempts}.")


class RetryableError(Exception):
    """An answer worth trying again; ``retry_after_s`` is the server's wish."""

    def __init__(self, what: str, retry_after_s: float | None = None):
        super().__init__(what)
        self.retry_after_s = retry_after_s


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


class RateLimiter:
    """At most ``per_s`` requests a second, spaced evenly (0 = no limit)."""

    def __init__(
        self, per_s: float, clock: Clock = time.monotonic, sleep: Sleep = time.sleep
    ):
        self._gap_s = 1.0 / per_s if per_s > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._gap_s:
            return
        with self._lock:
            now = self._clock()
            if now < self._next:
                self._sleep(self._next - now)
                now = self._next
            self._next = now + self._gap_s


@dataclass
class StaticAuth:
    """Fixed headers and/or query parameters (API key, bearer token)."""

    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)

    def apply(self, request: httpx.Request) -> httpx.Request:
        request.headers.update(self.headers)
        if self.params:
            request.url = request.url.copy_merge_params(self.params)
        return request

    def invalidate(self) -> bool:
        return False  # nothing to renew: a 401 is a wrong credential


@dataclass
class Token:
    value: str
    expires_at: datetime | None = None  # UTC; None: until the server refuses it


class TokenAuth:
    """A token from a login call, renewed before it expires or when refused.

    ``login`` returns a fresh ``Token``; ``place`` puts it on a request (a header
    by default). ``margin_s`` renews that long before the stated expiry.
    """

    def __init__(
        self,
        login: Callable[[], Token],
        place: Callable[[httpx.Request, str], None] | None = None,
        margin_s: float = 60.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self._login = login
        self._place = place or (
            lambda r, t: r.headers.__setitem__("Authorization", f"Bearer {t}")
        )
        self._margin = timedelta(seconds=margin_s)
        self._now = now
        self._token: Token | None = None
        self.logins = 0

    def token(self) -> str:
        token = self._token
        if token is None or (
            token.expires_at is not None
            and self._now() + self._margin >= token.expires_at
        ):
            token = self._token = self._login()
            self.logins += 1
        return token.value

    def apply(self, request: httpx.Request) -> httpx.Request:
        self._place(request, self.token())
        return request

    def invalidate(self) -> bool:
        self._token = None
        return True


Auth = StaticAuth | TokenAuth


class ApiClient:
    """An httpx client with auth, retries and a rate limit, for one connector."""

    def __init__(
        self,
        name: str,
        base_url: str,
        auth: Auth | None = None,
        *,
        timeout_s: float = 30.0,
        retry: RetryPolicy | None = None,
        rate_per_s: float = 0.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep = time.sleep,
    ):
        self.name = name
        self._timeout_s = timeout_s
        self.auth: Auth = auth or StaticAuth()
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._limiter = RateLimiter(rate_per_s, sleep=sleep)
        self._client = httpx.Client(
            base_url=base_url, timeout=timeout_s, transport=transport
        )
        self.requests = 0
        # a status that is an answer to hand back, not a failure (a SOAP fault)
        self.is_answer: Callable[[httpx.Response], bool] = lambda response: False

    def close(self) -> None:
        self._client.close()

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        after = getattr(exc, "retry_after_s", None)
        if after is not None:
            return min(float(after), self.retry.max_wait_s)
        backoff = tenacity.wait_random_exponential(
            multiplier=self.retry.backoff_s, max=self.retry.max_wait_s
        )
        return float(backoff(state))

    def _once(
        self, method: str, path: str, use_auth: bool = True, **kwargs: Any
    ) -> httpx.Response:
        where = f"connector {self.name}: {method} {httpx.URL(path).path}"
        for renewed in (False, True):
            self._limiter.wait()
            request = self._client.build_request(method, path, **kwargs)
            if use_auth:
                request = self.auth.apply(request)
            self.requests += 1
            try:
                response = self._client.send(request)
            except httpx.TimeoutException as exc:
                raise RetryableError(
                    f"{where} timed out after {self._timeout_s:g} s"
                ) from exc
            except httpx.TransportError as exc:
                raise RetryableError(f"{where} failed ({type(exc).__name__})") from exc
            refused = response.status_code == 401 and use_auth and not renewed
            if refused and self.auth.invalidate():
                continue
            break
        status = response.status_code
        if self.is_answer(response):
            return response
        if status == 429 or status >= 500:
            raise RetryableError(
                f"{where} returned HTTP {status}",
                retry_after_seconds(response.headers.get("Retry-After")),
            )
        if status >= 400:
            raise ConnectorError(
                f"{where} returned HTTP {status}; check the credential and the "
                f"connector settings. Nothing more was stored; the next run catches up."
            )
        return response

    def retrying(self, call: Callable[[], Any]) -> Any:
        """Run ``call`` under the retry policy; a ``RetryableError`` it raises is
        retried, the last one becomes a ``ConnectorError``."""
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(RetryableError),
            stop=tenacity.stop_after_attempt(self.retry.max_attempts),
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(call)
        except RetryableError as exc:
            raise ConnectorError(
                f"{exc} after {self.retry.max_attempts} attempts. Nothing more was "
                f"stored; the next run continues from the cursor."
            ) from exc

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.retrying(lambda: self._once(method, path, **kwargs))

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ConnectorError(
                f"connector {self.name}: {method} {httpx.URL(path).path} returned "
                f"malformed JSON ({type(exc).__name__})."
            ) from exc
