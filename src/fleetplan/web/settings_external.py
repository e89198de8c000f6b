"""Which external options may replace a trip (view; edit by writers) on
Indstillinger: one choice per vehicle category, and department lines that
replace their category's choice."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.users import UserAccount
from fleetplan.domain import EXTERNAL_KINDS, Dataset, ExternalRules, VehicleCategory
from fleetplan.domain.external_rules import parse_kinds
from fleetplan.store.register_service import RegisterService
from fleetplan.store.settings_edit import external_rules
from fleetplan.web.auth import has_role
from fleetplan.web.register_form import Outcome, register_write
from fleetplan.web.translate import t


def departments_text(rules: ExternalRules) -> str:
    """One ``department = taxi, rental`` line per department rule (``none``: no
    option)."""
    lines = []
    for department, kinds in sorted(rules.by_department.items()):
        names = [k for k in EXTERNAL_KINDS if k in kinds] or ["none"]
        lines.append(f"{department} = {', '.join(names)}")
    return "\n".join(lines)


def parse_departments(text: str) -> dict[str, frozenset[str]]:
    """The department lines back as rules (ValueError names a bad line)."""
    out: dict[str, frozenset[str]] = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        department, sep, kinds = line.partition("=")
        if not sep or not department.strip():
            raise ValueError(line.strip())
        out[department.strip()] = parse_kinds(kinds)
    return out


def save_external(
    actor: UserAccount, by_category: dict[str, list[str]], departments: str
) -> Outcome:
    """Check and store the rules from the form's values."""
    try:
        by_department = parse_departments(departments)
    except ValueError as exc:
        return Outcome(False, t("settings.external_bad_line", line=str(exc)))
    rules = ExternalRules(
        {VehicleCategory(c): frozenset(k or ()) for c, k in by_category.items()},
        by_department,
    )

    def change(register: RegisterService) -> Outcome:
        register.save_external_rules(rules)
        return Outcome(True, t("settings.external_saved"))

    return register_write(actor, change)


def external_section(user: UserAccount, data: Dataset) -> None:
    rules = external_rules(data.meta)
    writer = has_role(user, Role.WRITE)
    ui.label(t("settings.external_help")).classes("text-body2")
    options = {k: t(f"settings.external_kind.{k}") for k in EXTERNAL_KINDS}
    selects: dict[str, Any] = {}
    with ui.grid(columns=4).classes("w-full gap-2"):
        for category in VehicleCategory:
            chosen = [k for k in EXTERNAL_KINDS if k in rules.for_category(category)]
            select = ui.select(
                options,
                value=chosen,
                multiple=True,
                label=t(f"register.category.{category.value}"),
            ).props(f'outlined dense use-chips data-testid="external-{category.value}"')
            if not writer:
                select.props("readonly")
            selects[category.value] = select
    departments = (
        ui.textarea(t("settings.external_departments"), value=departments_text(rules))
        .classes("w-full")
        .props('outlined dense data-testid="external-departments"')
    )
    if not writer:
        departments.props("readonly")
        ui.label(t("settings.read_only_note")).classes("text-caption")
        return

    def save() -> None:
        outcome = save_external(
            user,
            {c: list(s.value or []) for c, s in selects.items()},
            departments.value,
        )
        ui.notify(outcome.message, type="positive" if outcome.ok else "negative")

    ui.button(t("settings.external_save"), icon="save", on_click=save).props(
        'color=primary data-testid="external-save"'
    )
