"""Organisationer (platform administrators only, issue 19 item 1): the
deployment's organisations by name with their user and vehicle counts and
administrators, and forms to create and rename one and to name or remove its
administrators. A platform administrator sees no fleet here: counts only."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.users import UserAccount
from fleetplan.store.org_admin import OrganisationSummary, organisation_summaries
from fleetplan.texts.numbers import format_moment
from fleetplan.web import platform_actions as act
from fleetplan.web.auth import page_user
from fleetplan.web.platform_actions import Outcome
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
from fleetplan.web.translate import current_language, t

COLUMNS = ("name", "slug", "users", "vehicles", "admins", "created")


def _summaries() -> list[OrganisationSummary]:
    db = act.engine()
    return organisation_summaries(db) if db is not None else []


def organisation_rows(orgs: list[OrganisationSummary]) -> list[dict[str, object]]:
    """The table's rows: names, counts and admins' usernames (no ids)."""
    language = current_language()
    return [
        {
            "name": o.name,
            "slug": o.slug,
            "users": o.users,
            "vehicles": o.vehicles,
            "admins": ", ".join(o.admins) or "–",
            "created": format_moment(o.created, language),
        }
        for o in orgs
    ]


def _show(outcome: Outcome) -> None:
    ui.notify(
        t(outcome.key, **outcome.params),
        type="positive" if outcome.ok else "negative",
    )


def _forms(user: UserAccount, refresh: ui.refreshable) -> None:  # type: ignore[type-arg]
    orgs = {o.organisation_id: o.name for o in _summaries()}
    with ui.card().classes("w-full max-w-3xl"):
        ui.label(t("platform.new")).classes("text-subtitle1")
        with ui.row().classes("items-end gap-2"):
            slug = ui.input(t("platform.slug")).props('data-testid="org-slug"')
            name = ui.input(t("platform.name")).props('data-testid="org-name"')

            def create() -> None:
                outcome = act.create(user, slug.value or "", name.value or "")
                _show(outcome)
                if outcome.ok:
                    refresh.refresh()

            ui.button(t("platform.create"), icon="add", on_click=create).props(
                'data-testid="org-create"'
            )
    with ui.card().classes("w-full max-w-3xl"):
        ui.label(t("platform.manage")).classes("text-subtitle1")
        chosen = ui.select(orgs, label=t("platform.organisation")).props(
            'data-testid="org-choose"'
        )
        chosen.classes("w-64")
        with ui.row().classes("items-end gap-2"):
            new_slug = ui.input(t("platform.slug")).props('data-testid="org-new-slug"')
            new_name = ui.input(t("platform.name")).props('data-testid="org-new-name"')

            def rename() -> None:
                outcome = act.rename(
                    user, chosen.value, new_slug.value or "", new_name.value or ""
                )
                _show(outcome)
                if outcome.ok:
                    refresh.refresh()

            ui.button(t("platform.rename"), icon="edit", on_click=rename).props(
                'data-testid="org-rename"'
            )
        ui.label(t("platform.admin_help")).classes("text-body2")
        with ui.row().classes("items-end gap-2"):
            username = ui.input(t("platform.username")).props(
                'data-testid="org-admin-username"'
            )
            password = ui.input(
                t("platform.password"), password=True, password_toggle_button=True
            ).props('data-testid="org-admin-password" autocomplete="new-password"')
            role = ui.select(
                {r.value: t(f"role.{r.value}") for r in Role},
                value=Role.ADMIN.value,
                label=t("platform.role"),
            ).props('data-testid="org-admin-role"')

            def add() -> None:
                outcome = act.set_admin(
                    user,
                    chosen.value,
                    username.value or "",
                    role.value,
                    password.value or "",
                )
                password.value = ""
                _show(outcome)
                if outcome.ok:
                    refresh.refresh()

            def remove() -> None:
                outcome = act.remove_admin(user, chosen.value, username.value or "")
                _show(outcome)
                if outcome.ok:
                    refresh.refresh()

            ui.button(t("platform.add_admin"), icon="person_add", on_click=add).props(
                'data-testid="org-admin-add"'
            )
            ui.button(
                t("platform.remove_admin"), icon="person_remove", on_click=remove
            ).props('flat color=negative data-testid="org-admin-remove"')


@ui.page("/platform", response_timeout=PAGE_BUILD_S)
def platform_page(request: Request) -> RedirectResponse | None:
    user = page_user(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/platform", "platform.title"):
        if not act.is_platform_admin(user):
            empty_state("platform.only")
            return None
        ui.label(t("platform.help")).classes("text-body2")

        @ui.refreshable
        def content() -> None:
            columns = [
                {
                    "name": k,
                    "label": t(f"platform.col.{k}"),
                    "field": k,
                    "align": "left",
                }
                for k in COLUMNS
            ]
            ui.table(
                rows=organisation_rows(_summaries()), columns=columns, row_key="slug"
            ).props('dense flat bordered data-testid="org-table"')
            _forms(user, content)

        content()
    return None
