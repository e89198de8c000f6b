"""Security in the browser: the lock-out message after too many wrong passwords,
and logout that really ends the session (the back button shows no page)."""

from __future__ import annotations

from tests.browser.conftest import READER_PASSWORD, Server, log_in, screenshot

LOCKED_PASSWORD = "a locked password 1"


def _admin_creates(page, server: Server, username: str) -> None:
    """A user of its own, so locking it out disturbs no other browser test."""
    login = page.request.post(
        "/api/v1/auth/login",
        data={"username": "admin", "password": server.admin_password},
    )
    assert login.ok
    created = page.request.post(
        "/api/v1/users",
        data={
            "username": username,
            "role": "read",
            "password": LOCKED_PASSWORD,
            "current_password": server.admin_password,
        },
        headers={"X-CSRF-Token": login.json()["csrf_token"]},
    )
    assert created.ok, created.text()
    page.context.clear_cookies()


def _try(page, username: str, password: str) -> str:
    page.goto("/login")
    page.get_by_test_id("username").fill(username)
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_load_state("networkidle")
    return str(page.get_by_test_id("login-error").inner_text())


def test_fifth_wrong_password_locks_with_minutes_to_wait(page, server: Server) -> None:
    _admin_creates(page, server, "spaerret")
    first_four = [_try(page, "spaerret", "forkert kode") for _ in range(4)]
    assert all(t.startswith("Forkert brugernavn eller adgangskode") for t in first_four)
    fifth = _try(page, "spaerret", "forkert kode")
    assert "For mange mislykkede forsøg" in fifth and "Vent 15 minutter" in fifth
    screenshot(page, "security-locked-da")
    # The right password does not get in while locked.
    assert "Vent 15 minutter" in _try(page, "spaerret", LOCKED_PASSWORD)
    assert page.url.endswith("/login?error=locked&minutes=15")
    page.goto("/lang/en?next=/login?error=locked%26minutes=15")
    text = str(page.get_by_test_id("login-error").inner_text())
    assert "Too many failed login attempts. Wait 15 minutes" in text
    screenshot(page, "security-locked-en")


def test_logout_then_back_shows_no_page(page, server: Server) -> None:
    log_in(page, "laeser", READER_PASSWORD)
    page.goto("/vehicles")
    page.get_by_test_id("logout").wait_for()
    old_cookies = page.context.cookies()
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/login")
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # a restored page would reconnect by now
    assert page.url.endswith("/login"), page.url
    assert page.get_by_test_id("logout").count() == 0
    screenshot(page, "security-after-logout-back")
    # A copy of the old cookie is dead on the server too.
    page.context.add_cookies(old_cookies)
    assert page.request.get("/api/v1/auth/me").status == 401
    page.goto("/vehicles")
    assert page.url.endswith("/login")
