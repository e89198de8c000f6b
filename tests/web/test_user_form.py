"""The admin user form's server-side rules."""

from __future__ import annotations

from fleetplan.api import AppServices, Role, authenticate
from fleetplan.api.services import set_services
from fleetplan.web.user_form import save_user_from_form
from tests.api.conftest import services as services  # the fixture


def test_admin_creates_and_updates_users(services: AppServices) -> None:
    set_services(services)
    admin = services.users.get("adminer")
    assert admin is not None
    assert save_user_from_form(admin, "klima", "read", "long enough") == (
        "settings.user_created"
    )
    assert save_user_from_form(admin, "klima", "write", "other long pw") == (
        "settings.user_updated"
    )
    account = authenticate(services.users, "klima", "other long pw")
    assert account is not None and account.role is Role.WRITE
    assert save_user_from_form(admin, "x", "read", "long enough") == (
        "settings.bad_username"
    )
    assert save_user_from_form(admin, "kort", "read", "short") == (
        "settings.bad_password"
    )


def test_non_admin_is_refused_on_the_server(services: AppServices) -> None:
    set_services(services)
    writer = services.users.get("writeer")
    assert writer is not None
    assert save_user_from_form(writer, "klima", "admin", "long enough") == (
        "settings.not_admin"
    )
    assert services.users.get("klima") is None
