"""The HTTP layer every connector shares: Retry-After, backoff, what is not
retried, token expiry and renewal, and the rate limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from fleetplan.ingest.gps.connectors import ConnectorError
from fleetplan.ingest.gps.vendors.transport import (
    ApiClient,
    RateLimiter,
    RetryPolicy,
    Token,
    TokenAuth,
    retry_after_seconds,
)

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


def test_retry_after_as_seconds_or_http_date() -> None:
    assert retry_after_seconds("7") == 7.0
    later = format_datetime(NOW + timedelta(seconds=30), usegmt=True)
    assert retry_after_seconds(later, NOW) == pytest.approx(30.0)
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def _client(handler: object, sleeps: list[float], **policy: float) -> ApiClient:
    return ApiClient(
        "test",
        "https://api.example",
        retry=RetryPolicy(**policy),  # type: ignore[arg-type]
        transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
        sleep=sleeps.append,
    )


def test_retry_after_is_capped_at_the_longest_wait() -> None:
    """A server asking for 300 s waits 120 s (retry_max_wait_s), then works."""
    answers = [httpx.Response(429, headers={"Retry-After": "300"}), httpx.Response(200)]
    sleeps: list[float] = []
    client = _client(lambda r: answers.pop(0), sleeps, max_wait_s=120.0)
    assert client.request("GET", "/x").status_code == 200
    assert sleeps == [120.0]


def test_backoff_grows_and_gives_up_after_max_attempts() -> None:
    """Without Retry-After: exponential waits with jitter, at most 4 of them for 5
    attempts; then a ConnectorError naming the status and the attempts."""
    sleeps: list[float] = []
    calls: list[int] = []

    def always_502(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(502)

    client = _client(always_502, sleeps, max_attempts=5, backoff_s=1.0)
    with pytest.raises(ConnectorError, match="HTTP 502 after 5 attempts"):
        client.request("GET", "/x")
    assert len(calls) == 5 and len(sleeps) == 4
    assert all(0 <= s <= 2**k for k, s in enumerate(sleeps, start=1))


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_are_not_retried(status: int) -> None:
    sleeps: list[float] = []
    client = _client(lambda r: httpx.Response(status), sleeps)
    with pytest.raises(ConnectorError, match=f"HTTP {status}"):
        client.request("GET", "/x")
    assert client.requests == 1 and sleeps == []


def test_timeouts_are_retried() -> None:
    sleeps: list[float] = []
    answers: list[object] = [httpx.ReadTimeout("slow"), httpx.Response(200)]

    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer  # type: ignore[return-value]

    assert _client(handler, sleeps).request("GET", "/x").status_code == 200
    assert len(sleeps) == 1


def test_token_is_renewed_before_it_expires() -> None:
    """A 10-minute token is used until 1 minute before its expiry, then a new
    one is fetched by logging in again."""
    clock = [NOW]
    logins: list[str] = []

    def login() -> Token:
        logins.append("x")
        return Token(f"t{len(logins)}", clock[0] + timedelta(minutes=10))

    auth = TokenAuth(login, margin_s=60, now=lambda: clock[0])
    assert auth.token() == "t1"
    clock[0] += timedelta(minutes=8, seconds=59)
    assert auth.token() == "t1"
    clock[0] += timedelta(seconds=2)
    assert auth.token() == "t2" and auth.logins == 2


def test_refused_token_logs_in_once_more_then_fails() -> None:
    """A 401 to a token renews it once; the new token works. A server that
    refuses every token gives a clear error after one renewal, not a loop."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(
            200 if request.headers["Authorization"] == "Bearer t2" else 401
        )

    count = [0]

    def login() -> Token:
        count[0] += 1
        return Token(f"t{count[0]}")

    client = _client(handler, [])
    client.auth = TokenAuth(login)
    assert client.request("GET", "/x").status_code == 200
    assert seen == ["Bearer t1", "Bearer t2"]
    client.auth = TokenAuth(lambda: Token("bad"))
    with pytest.raises(ConnectorError, match="HTTP 401"):
        client.request("GET", "/x")


def test_rate_limit_spaces_requests() -> None:
    """2 requests a second: three at once go out at 0, 0.5 and 1.0 s."""
    clock = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock[0] += seconds

    limiter = RateLimiter(2.0, clock=lambda: clock[0], sleep=sleep)
    for _ in range(3):
        limiter.wait()
    assert sleeps == [0.5, 0.5] and clock[0] == 1.0
