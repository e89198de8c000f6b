"""Admin form on Indstillinger: create a user or set a new role and password.

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
)
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
        create_user(users, username, password, Role(role))
    except (UserError, ValueError):
        return "settings.bad_username"
    return "settings.user_updated" if existed else "settings.user_created"


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
