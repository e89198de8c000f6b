"""Login rate limiting: per username and per client address, on a fake clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import AppServices, WebSettings
from fleetplan.api.rate_limit import LoginLimiter
from tests.api.conftest import PASSWORD
from tests.web.test_pages import web as web  # the NiceGUI app fixture

LOGIN = "/api/v1/auth/login"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(client: TestClient) -> FakeClock:
    fake = FakeClock()
    client.app.state.login_limiter = LoginLimiter(clock=fake)  # type: ignore[attr-defined]
    return fake


def _try(client: TestClient, username: str, password: str) -> int:
    return client.post(
        LOGIN, json={"username": username, "password": password}
    ).status_code


def test_fifth_failure_locks_the_username_for_the_cool_down(
    client: TestClient, clock: FakeClock
) -> None:
    """Defaults: 5 failures in 15 min lock for 900 s; the right password is
    refused too while locked, and works again once the 900 s have passed."""
    assert [_try(client, "reader", "wrong") for _ in range(4)] == [401] * 4
    fifth = client.post(LOGIN, json={"username": "reader", "password": "wrong"})
    assert fifth.status_code == 429
    assert fifth.headers["Retry-After"] == "900"
    assert fifth.json()["detail"] == "Too many failed logins. Try again in 15 minutes."
    clock.now += 899
    locked = client.post(LOGIN, json={"username": "reader", "password": PASSWORD})
    assert (locked.status_code, locked.headers["Retry-After"]) == (429, "1")
    assert "fleetplan_session" not in client.cookies
    clock.now += 1
    assert _try(client, "reader", PASSWORD) == 200


def test_other_users_and_case_variants(client: TestClient, clock: FakeClock) -> None:
    """The lock is per username (case-insensitive), not for everyone."""
    for _ in range(5):
        _try(client, "Reader", "wrong")
    assert _try(client, "reader", PASSWORD) == 429
    assert _try(client, "writeer", PASSWORD) == 200


def test_the_lock_is_per_username_and_address(
    client: TestClient, clock: FakeClock
) -> None:
    """Someone typing wrong passwords for a colleague's name elsewhere does not
    lock the colleague out at their own desk."""
    stranger = TestClient(client.app, client=("10.0.0.66", 50000))
    assert [_try(stranger, "reader", "wrong") for _ in range(5)] == [401] * 4 + [429]
    assert _try(stranger, "reader", PASSWORD) == 429
    assert _try(client, "reader", PASSWORD) == 200


def test_behind_a_trusted_proxy_the_forwarded_address_counts(
    services: AppServices, client: TestClient, clock: FakeClock
) -> None:
    """Through the proxy at 10.0.0.1 every browser shares the peer address; the
    limit must follow X-Forwarded-For, and only when the proxy is trusted."""
    services.settings.trusted_proxies = "10.0.0.1, 10.0.0.2"
    services.settings.login_ip_max_failures = 3
    proxy = TestClient(client.app, client=("10.0.0.1", 50000))

    def via(forwarded_for: str, password: str, user: str = "guess") -> int:
        return proxy.post(
            LOGIN,
            json={"username": user, "password": password},
            headers={"X-Forwarded-For": forwarded_for},
        ).status_code

    # The client-written left part ("1.1.1.1") is ignored; 10.0.0.2 is a proxy.
    assert [via(f"1.1.1.{i}, 192.0.2.7, 10.0.0.2", "wrong") for i in range(3)] == [
        401,
        401,
        429,
    ]
    assert via("192.0.2.7", PASSWORD, "adminer") == 429
    assert via("192.0.2.8", PASSWORD, "adminer") == 200
    # An untrusted peer's X-Forwarded-For is ignored: its own address counts.
    services.settings.trusted_proxies = ""
    other = TestClient(client.app, client=("10.0.0.9", 50000))
    headers = {"X-Forwarded-For": "192.0.2.99"}
    for _ in range(3):
        other.post(LOGIN, json={"username": "x", "password": "wrong"}, headers=headers)
    assert (
        _try(TestClient(client.app, client=("10.0.0.9", 1)), "adminer", PASSWORD) == 429
    )


def test_success_clears_and_old_failures_leave_the_window(
    client: TestClient, clock: FakeClock
) -> None:
    for _ in range(4):
        _try(client, "reader", "wrong")
    assert _try(client, "reader", PASSWORD) == 200
    assert [_try(client, "reader", "wrong") for _ in range(4)] == [401] * 4
    clock.now += 901  # the window is 900 s: these four no longer count
    assert [_try(client, "reader", "wrong") for _ in range(4)] == [401] * 4
    assert _try(client, "reader", "wrong") == 429


def test_unknown_usernames_are_limited_alike(
    client: TestClient, clock: FakeClock
) -> None:
    """No difference between an unknown user and a wrong password."""
    assert [_try(client, "nobody", "wrong") for _ in range(5)] == [401] * 4 + [429]


def test_one_address_trying_many_usernames_is_locked(
    services: AppServices, client: TestClient, clock: FakeClock
) -> None:
    services.settings.login_ip_max_failures = 3
    assert [_try(client, f"guess{i}", "wrong") for i in range(3)] == [401, 401, 429]
    assert _try(client, "adminer", PASSWORD) == 429  # same address
    other = TestClient(client.app, client=("10.0.0.9", 50000))
    assert _try(other, "adminer", PASSWORD) == 200


def test_limits_come_from_settings() -> None:
    """Limiter arithmetic on its own: 2 failures per 60 s, 30 s lockout."""
    clock = FakeClock()
    limiter = LoginLimiter(clock=clock)
    settings = WebSettings(
        secret_key="k" * 20,
        login_max_failures=2,
        login_window_s=60,
        login_lockout_s=30,
    )
    assert limiter.failed("ann", "1.2.3.4", settings) == 0
    assert limiter.retry_after_s("ann", "1.2.3.4") == 0
    assert limiter.failed("ann", "1.2.3.4", settings) == 30
    clock.now += 10.5
    assert limiter.retry_after_s("ann", "1.2.3.4") == 20  # ceil(19.5)
    assert limiter.retry_after_s("ann", "5.6.7.8") == 0  # another address
    assert limiter.retry_after_s("bob", "1.2.3.4") == 0  # 2 < 50 for the address
    clock.now += 19.5
    assert limiter.retry_after_s("ann", "1.2.3.4") == 0


@pytest.fixture
def web_clock(web: TestClient) -> Iterator[FakeClock]:
    fake = FakeClock()
    web.app.state.login_limiter = LoginLimiter(clock=fake)  # type: ignore[attr-defined]
    yield fake
    web.app.state.login_limiter = None  # type: ignore[attr-defined]


def _form(web: TestClient, password: str) -> str:
    response = web.post(
        "/login/submit",
        data={"username": "reader", "password": password},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return str(response.headers["location"])


def test_web_form_is_limited_and_the_page_says_why(
    web: TestClient, web_clock: FakeClock
) -> None:
    assert [_form(web, "wrong") for _ in range(4)] == ["/login?error=1"] * 4
    assert _form(web, "wrong") == "/login?error=locked&minutes=15"
    assert _form(web, PASSWORD) == "/login?error=locked&minutes=15"
    page = web.get("/login?error=locked&minutes=15").text
    assert "For mange mislykkede forsøg på at logge ind. Vent 15 minutter" in page
    web.get("/lang/en?next=/login")
    page = web.get("/login?error=locked&minutes=15").text
    assert "Too many failed login attempts. Wait 15 minutes" in page
    crafted = web.get("/login?error=locked&minutes=99999").text
    assert "Wait 15 minutes" in crafted  # never more than the real cool-down
    web_clock.now += 900
    assert _form(web, PASSWORD) == "/"
