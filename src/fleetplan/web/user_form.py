"""Admin form on Indstillinger: create a user, set a new role and password, or
disable and re-enable a user.

The handler checks again on the server that the acting user is still an admin,
and asks for the admin's own password: a script injected into the page could
drive the form, but it does not know that password.
"""

from __future__ import annotations

from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import (
    MIN_PASSWORD_LENGTH,
    USERNAME_PATTERN,
    UserAccount,
    UserError,
    confirms_identity,
    create_user,
    update_user,
)
from fleetplan.store.audit import acting_as
from fleetplan.web.auth import still_allowed
from fleetplan.web.translate import t


def save_user_from_form(
    actor: UserAccount, username: str, role: str, password: str, current_password: str
) -> str:
    """Create or update a user; returns the catalogue key of the outcome."""
    if not still_allowed(actor, Role.ADMIN):
        return "settings.not_admin"
    if not confirms_identity(get_services().users, actor.username, current_password):
        return "users.err.current_password"
    if not USERNAME_PATTERN.match(username):
        return "settings.bad_username"
    if len(password) < MIN_PASSWORD_LENGTH:
        return "settings.bad_password"
    users = get_services().users
    existed = users.get(username) is not None
    try:
        with acting_as(actor.username):
            create_user(users, username, password, Role(role))
    except (UserError, ValueError):
        return "settings.bad_username"
    return "settings.user_updated" if existed else "settings.user_created"


def set_active_from_form(
    actor: UserAccount, username: str, active: bool, current_password: str
) -> str:
    """Disable or re-enable a user; returns the catalogue key of the outcome.

    Disabling ends the user's sessions (``update_user``) and login refuses a
    disabled user. An admin cannot disable themself: with no other admin left
    nobody could undo it from the web.
    """
    if not still_allowed(actor, Role.ADMIN):
        return "settings.not_admin"
    users = get_services().users
    if not confirms_identity(users, actor.username, current_password):
        return "users.err.current_password"
    if users.get(username) is None:
        return "settings.no_such_user"
    if username == actor.username and not active:
        return "settings.cannot_disable_self"
    with acting_as(actor.username):
        update_user(users, username, active=active)
    return "settings.user_enabled" if active else "settings.user_disabled"


def user_form(actor: UserAccount) -> None:
    with ui.card().classes("max-w-xl"), ui.row().classes("items-end gap-2"):
        name = ui.input(t("settings.col.username")).props(
            'dense outlined data-testid="new-username"'
        )
        role = ui.select(
            {r.value: t(f"role.{r.value}") for r in Role},
            value=Role.READ.value,
            label=t("settings.col.role"),
        ).props("dense outlined")
        password = ui.input(t("login.password"), password=True).props(
            'dense outlined data-testid="new-password"'
        )
        mine = ui.input(t("settings.current_password"), password=True).props(
            'dense outlined data-testid="current-password"'
        )

        def save() -> None:
            key = save_user_from_form(
                actor,
                name.value or "",
                role.value,
                password.value or "",
                mine.value or "",
            )
            mine.value = ""
            ok = key in ("settings.user_created", "settings.user_updated")
            ui.notify(
                t(key, user=name.value or "", min=MIN_PASSWORD_LENGTH),
                type="positive" if ok else "negative",
            )
            if ok:
                ui.navigate.reload()

        ui.button(t("settings.save_user"), icon="person_add", on_click=save).props(
            'data-testid="save-user"'
        )
    _active_form(actor)


def _active_form(actor: UserAccount) -> None:
    """Pick a user and disable or re-enable them (the admin's password again)."""
    names = [u.username for u in get_services().users.list()]
    with ui.card().classes("max-w-xl"), ui.row().classes("items-end gap-2"):
        who = ui.select(names, label=t("settings.col.username")).props(
            'dense outlined data-testid="active-username"'
        )
        mine = ui.input(t("settings.current_password"), password=True).props(
            'dense outlined data-testid="active-current-password"'
        )

        def apply(active: bool) -> None:
            key = set_active_from_form(actor, who.value or "", active, mine.value or "")
            mine.value = ""
            ok = key in ("settings.user_enabled", "settings.user_disabled")
            ui.notify(
                t(key, user=who.value or ""), type="positive" if ok else "negative"
            )
            if ok:
                ui.navigate.reload()

        ui.button(
            t("settings.disable_user"), icon="block", on_click=lambda: apply(False)
        ).props('color=negative data-testid="disable-user"')
        ui.button(
            t("settings.enable_user"), icon="check_circle", on_click=lambda: apply(True)
        ).props('flat color=positive data-testid="enable-user"')
