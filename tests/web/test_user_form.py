"""The admin user form's server-side rules."""

from __future__ import annotations

from fleetplan.api import AppServices, Role, authenticate
from fleetplan.api.services import set_services
from fleetplan.api.sessions import live_sessions, open_session
from fleetplan.web.user_form import save_user_from_form, set_active_from_form
from tests.api.conftest import PASSWORD
from tests.api.conftest import services as services  # the fixture


def test_admin_creates_and_updates_users(services: AppServices) -> None:
    set_services(services)
    admin = services.users.get("adminer")
    assert admin is not None
    assert save_user_from_form(admin, "klima", "read", "long enough", PASSWORD) == (
        "settings.user_created"
    )
    assert save_user_from_form(admin, "klima", "write", "other long pw", PASSWORD) == (
        "settings.user_updated"
    )
    account = authenticate(services.users, "klima", "other long pw")
    assert account is not None and account.role is Role.WRITE
    assert save_user_from_form(admin, "x", "read", "long enough", PASSWORD) == (
        "settings.bad_username"
    )
    assert save_user_from_form(admin, "kort", "read", "short", PASSWORD) == (
        "settings.bad_password"
    )


def test_non_admin_is_refused_on_the_server(services: AppServices) -> None:
    set_services(services)
    writer = services.users.get("writeer")
    assert writer is not None
    assert save_user_from_form(writer, "klima", "admin", "long enough", PASSWORD) == (
        "settings.not_admin"
    )
    assert services.users.get("klima") is None


def test_without_the_admins_own_password_nothing_changes(
    services: AppServices,
) -> None:
    """A script driving the form in an admin's page has the session, not the
    password: no new admin, no role change."""
    set_services(services)
    admin = services.users.get("adminer")
    assert admin is not None
    for given in ("", "wrong password"):
        assert save_user_from_form(admin, "writeer", "admin", "long enough", given) == (
            "users.err.current_password"
        )
        assert save_user_from_form(admin, "klima", "admin", "long enough", given) == (
            "users.err.current_password"
        )
    writer = services.users.get("writeer")
    assert writer is not None and writer.role is Role.WRITE
    assert services.users.get("klima") is None


def _live(services: AppServices, username: str) -> int:
    settings = services.settings
    return len(
        live_sessions(
            services.users.sessions,
            username,
            idle_timeout_s=settings.session_idle_timeout_s,
            max_age_s=settings.session_max_age_s,
        )
    )


def test_admin_disables_and_re_enables_a_user(services: AppServices) -> None:
    """A disabled user cannot log in and their open sessions end."""
    set_services(services)
    admin = services.users.get("adminer")
    assert admin is not None
    open_session(services.users.sessions, "reader", 3600)
    assert _live(services, "reader") == 1
    assert set_active_from_form(admin, "reader", False, "wrong password") == (
        "users.err.current_password"
    )
    assert authenticate(services.users, "reader", PASSWORD) is not None
    assert set_active_from_form(admin, "reader", False, PASSWORD) == (
        "settings.user_disabled"
    )
    assert authenticate(services.users, "reader", PASSWORD) is None
    assert _live(services, "reader") == 0
    assert set_active_from_form(admin, "reader", True, PASSWORD) == (
        "settings.user_enabled"
    )
    assert authenticate(services.users, "reader", PASSWORD) is not None


def test_disabling_is_refused_for_non_admins_oneself_and_unknown_names(
    services: AppServices,
) -> None:
    set_services(services)
    admin, writer = services.users.get("adminer"), services.users.get("writeer")
    assert admin is not None and writer is not None
    assert set_active_from_form(writer, "reader", False, PASSWORD) == (
        "settings.not_admin"
    )
    assert set_active_from_form(admin, "adminer", False, PASSWORD) == (
        "settings.cannot_disable_self"
    )
    assert set_active_from_form(admin, "nobody", False, PASSWORD) == (
        "settings.no_such_user"
    )
    for name in ("reader", "adminer"):
        assert authenticate(services.users, name, PASSWORD) is not None
