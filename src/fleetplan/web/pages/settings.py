"""Indstillinger: factor sets (view, copy, edit with sources), shifts, bike rules,
external options, and users and roles (admins only). Every change is checked again
on the server."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.web.audit_panel import audit_section
from fleetplan.web.auth import has_role, page_login
from fleetplan.web.background import in_thread
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.settings_external import external_section
from fleetplan.web.settings_factors import factor_section
from fleetplan.web.settings_rules import bike_section, shifts_section
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
from fleetplan.web.translate import t
from fleetplan.web.user_form import user_form


@ui.page("/settings", response_timeout=PAGE_BUILD_S)
async def settings_page(request: Request) -> RedirectResponse | None:
    user = await page_login(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/settings", "settings.title"):
        data = await in_thread(get_services().load_dataset)
        ui.label(t("settings.factors")).classes("text-h6")
        factor_section(user, request.query_params.get("fs"))
        ui.label(t("settings.shifts")).classes("text-h6")
        shifts_section(data)
        ui.label(t("settings.bike")).classes("text-h6")
        bike_section(user, data)
        ui.label(t("settings.external")).classes("text-h6")
        external_section(user, data)
        ui.label(t("settings.users")).classes("text-h6")
        ui.label(t("settings.roles_help")).classes("text-body2").props(
            'data-testid="roles-help"'
        )
        if has_role(user, Role.ADMIN):
            keys = ("username", "role", "active")
            rows = [
                {
                    "username": u.username,
                    "role": t(f"role.{u.role}"),
                    "active": t("settings.yes") if u.active else t("settings.no"),
                }
                for u in get_services().users.list()
            ]
            headers = [t(f"settings.col.{k}") for k in keys]
            ui.button(
                t("common.export_xlsx"),
                icon="download",
                on_click=lambda: ui.download.content(
                    rows_to_xlsx(
                        t("settings.users"),
                        headers,
                        [[r[k] for k in keys] for r in rows],
                    ),
                    "fleetplan-users.xlsx",
                ),
            ).props('data-testid="users-export"')
            columns = [
                {"name": k, "label": h, "field": k, "align": "left"}
                for k, h in zip(keys, headers, strict=True)
            ]
            ui.table(rows=rows, columns=columns, row_key="username").props(
                'dense flat bordered data-testid="user-table"'
            )
            user_form(user)
            audit_section()  # who changed what: admins only
        else:
            empty_state("settings.users_admin_only")
    return None
