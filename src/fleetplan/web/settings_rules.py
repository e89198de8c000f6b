"""Shifts (view, per location) and bike rules (view; edit by writers) on
Indstillinger."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.domain import BikeRules, Dataset
from fleetplan.store.register_service import RegisterService
from fleetplan.store.settings_edit import ShiftRow, bike_rules, parse_slots
from fleetplan.web.auth import has_role
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.register_form import Outcome, register_write
from fleetplan.web.shell import empty_state
from fleetplan.web.translate import t

SHIFT_COLUMNS = ("location", "start", "end", "break", "origin")
BIKE_FIELDS = (
    "max_km_per_trip",
    "slots",
    "bike_max_kmh",
    "ebike_max_kmh",
    "percentage_of_trips",
)


def shift_table_rows(rows: list[ShiftRow]) -> list[dict[str, Any]]:
    return [
        {
            "id": index,
            "location": r.location_id or t("settings.all_locations"),
            "start": r.start,
            "end": r.end,
            "break": r.break_at or t("common.none"),
            "origin": t(f"settings.origin.{r.origin}"),
        }
        for index, r in enumerate(rows)
    ]


def slots_text(rules: BikeRules) -> str:
    return ", ".join(
        f"{s.strftime('%H:%M')}-{e.strftime('%H:%M')}" for s, e in rules.slots
    )


def save_rules(actor: UserAccount, values: dict[str, Any]) -> Outcome:
    """Check and store the bike rules from the form's values."""

    def change(register: RegisterService) -> Outcome:
        numbers: dict[str, float] = {}
        for name in BIKE_FIELDS:
            if name == "slots":
                continue
            try:
                numbers[name] = float(values[name])
            except (TypeError, ValueError):
                field = t(f"register.field.{name}")
                bad = t("register.err.bad_value", value=values[name], field=field)
                return Outcome(False, bad, name)
        register.save_bike_rules(
            BikeRules(slots=parse_slots(values["slots"] or ""), **numbers)
        )
        return Outcome(True, t("settings.bike_saved"))

    return register_write(actor, change)


def shifts_section(data: Dataset) -> None:
    register = get_services().register
    rows = shift_table_rows(register.shift_rows(data.meta) if register else [])
    if not rows:
        empty_state("settings.shifts_empty")
        return
    headers = [t(f"settings.scol.{c}") for c in SHIFT_COLUMNS]

    def download() -> None:
        content = rows_to_xlsx(
            t("settings.shifts"), headers, [[r[c] for c in SHIFT_COLUMNS] for r in rows]
        )
        ui.download.content(content, "fleetplan-shifts.xlsx")

    ui.button(t("common.export_xlsx"), icon="download", on_click=download)
    columns = [
        {"name": c, "label": h, "field": c, "align": "left"}
        for c, h in zip(SHIFT_COLUMNS, headers, strict=True)
    ]
    ui.table(rows=rows, columns=columns, row_key="id").classes("w-full").props(
        'dense flat bordered data-testid="shift-table"'
    )


def bike_section(user: UserAccount, data: Dataset) -> None:
    rules = bike_rules(data.meta)
    writer = has_role(user, Role.WRITE)
    ui.label(t("settings.bike_help")).classes("text-body2")
    inputs: dict[str, Any] = {}
    with ui.row().classes("items-start gap-2"):
        for name in BIKE_FIELDS:
            label = t(f"register.field.{name}")
            if name == "slots":
                element: Any = ui.input(label, value=slots_text(rules))
                element.classes("min-w-[16rem]")
            else:
                element = ui.number(label, value=getattr(rules, name))
            element.props(f'outlined dense data-testid="bike-{name}"')
            if not writer:
                element.props("readonly")
            inputs[name] = element
    if not writer:
        ui.label(t("settings.read_only_note")).classes("text-caption")
        return

    def save() -> None:
        for element in inputs.values():
            element.error = None
        outcome = save_rules(user, {k: v.value for k, v in inputs.items()})
        ui.notify(outcome.message, type="positive" if outcome.ok else "negative")
        if not outcome.ok and outcome.field in inputs:
            inputs[outcome.field].error = outcome.message

    ui.button(t("settings.bike_save"), icon="save", on_click=save).props(
        'color=primary data-testid="bike-save"'
    )
