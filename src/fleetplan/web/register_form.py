"""The vehicle dialog on Køretøjer: create, edit, deactivate and reactivate.

The page only collects values; ``services.register`` (the store) checks and saves
them, and every handler checks again on the server that the user may write
(``register_changes``, whose names are importable from here as before).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from nicegui import ui

from fleetplan.api.users import UserAccount
from fleetplan.domain import Fuel, LeaseType, Vehicle, VehicleCategory, VehicleType
from fleetplan.texts.numbers import format_date
from fleetplan.web.register_changes import FORM_FIELDS, number_text
from fleetplan.web.register_changes import Outcome as Outcome
from fleetplan.web.register_changes import changed_fields as changed_fields
from fleetplan.web.register_changes import error_text as error_text
from fleetplan.web.register_changes import form_defaults as form_defaults
from fleetplan.web.register_changes import register_write as register_write
from fleetplan.web.register_changes import save_vehicle as save_vehicle
from fleetplan.web.register_changes import set_active as set_active
from fleetplan.web.translate import current_language, t


def save_or_cancel(
    dialog: ui.dialog, message: ui.label, attempt: Callable[[], Outcome], testid: str
) -> None:
    """The foot of a one-value edit dialog: Save runs ``attempt``, shows its error
    in ``message`` or closes and reloads the page; Cancel closes."""

    def save() -> None:
        outcome = attempt()
        if not outcome.ok:
            message.text = outcome.message
            return
        ui.notify(outcome.message, type="positive")
        dialog.close()
        ui.navigate.reload()

    with ui.row().classes("w-full justify-end"):
        ui.button(t("register.cancel"), on_click=dialog.close).props("flat")
        ui.button(t("register.save"), icon="save", on_click=save).props(
            f'color=primary data-testid="{testid}"'
        )


def _options(name: str, locations: dict[str, str]) -> dict[str, str]:
    if name == "vehicle_type":
        return {v.value: t(f"register.type.{v.value}") for v in VehicleType}
    if name == "fuel":
        return {f.value: t(f"register.fuel.{f.value}") for f in Fuel}
    if name == "lease_type":
        return {"": t("common.none")} | {
            v.value: t(f"register.lease.{v.value}") for v in LeaseType
        }
    if name == "category":  # empty: derived from type, seats and cargo volume
        return {"": t("register.category.derived")} | {
            c.value: t(f"register.category.{c.value}") for c in VehicleCategory
        }
    # the location by its name (its id only where it has none)
    return {"": t("common.none")} | locations


def vehicle_dialog(
    actor: UserAccount,
    vehicle: Vehicle | None,
    locations: dict[str, str],
    deactivated_on: date | None,
    on_saved: Callable[[], None],
) -> ui.dialog:
    """A dialog for a new vehicle (``vehicle`` None) or for editing one;
    ``locations``: each location's name by its id, for the location field."""
    before = form_defaults(vehicle)
    inputs: dict[str, Any] = {}
    with ui.dialog() as dialog, ui.card().classes("w-[56rem] max-w-full"):
        title = "register.edit_title" if vehicle else "register.new_title"
        ui.label(t(title, vehicle=vehicle.vehicle_id if vehicle else "")).classes(
            "text-h6"
        )
        new_id = None
        if vehicle is None:
            new_id = ui.input(t("register.field.vehicle_id")).props(
                'outlined dense data-testid="form-vehicle_id"'
            )
            inputs["vehicle_id"] = new_id
        with ui.grid(columns=3).classes("w-full gap-2"):
            for name, kind in FORM_FIELDS:
                label = t(f"register.field.{name}")
                value = before.get(name)
                if kind == "select":
                    options = _options(name, locations)
                    if value not in options:
                        value = "" if "" in options else next(iter(options))
                    element: Any = ui.select(options, value=value or "", label=label)
                elif kind == "switch":
                    element = ui.switch(label, value=bool(value))
                elif kind == "number":
                    # text, not ui.number: that turns "tre" into empty and clamps
                    # -3 without a word; the server's one set of rules names both
                    element = ui.input(label, value=number_text(value))
                else:
                    element = ui.input(
                        label,
                        value=value or "",
                        placeholder="ÅÅÅÅ-MM-DD" if kind == "date" else None,
                    )
                element.props(f'outlined dense data-testid="form-{name}"')
                inputs[name] = element
        message = (
            ui.label("")
            .classes("text-negative")
            .props('data-testid="vehicle-form-error"')
        )

        def save() -> None:
            for element in inputs.values():
                if hasattr(element, "error"):
                    element.error = None
            after = {name: inputs[name].value for name, _ in FORM_FIELDS}
            outcome = save_vehicle(
                actor,
                vehicle.vehicle_id if vehicle else None,
                new_id.value if new_id is not None else "",
                before,
                after,
            )
            if not outcome.ok:
                message.text = outcome.message
                target = inputs.get(outcome.field or "")
                if target is not None and hasattr(target, "error"):
                    target.error = outcome.message
                return
            ui.notify(outcome.message, type="positive")
            dialog.close()
            on_saved()

        with ui.row().classes("w-full justify-end gap-2"):
            if vehicle is not None and not vehicle.is_candidate:
                _active_controls(actor, vehicle, deactivated_on, dialog, on_saved)
            ui.button(t("register.cancel"), on_click=dialog.close).props("flat")
            ui.button(t("register.save"), icon="save", on_click=save).props(
                'color=primary data-testid="vehicle-save"'
            )
    return dialog


def _active_controls(
    actor: UserAccount,
    vehicle: Vehicle,
    deactivated_on: date | None,
    dialog: ui.dialog,
    on_saved: Callable[[], None],
) -> None:
    """Deactivate (with date and reason) or reactivate, inside the dialog."""

    def done(outcome: Outcome) -> None:
        ui.notify(outcome.message, type="positive" if outcome.ok else "negative")
        if outcome.ok:
            dialog.close()
            on_saved()

    if deactivated_on is not None:
        ui.button(
            t("register.reactivate"),
            icon="restart_alt",
            on_click=lambda: done(
                set_active(actor, vehicle.vehicle_id, True, date.today())
            ),
        ).props('flat color=positive data-testid="vehicle-reactivate"')
        return
    on = ui.input(t("register.deactivate_on"), value=date.today().isoformat()).props(
        'outlined dense data-testid="deactivate-on"'
    )
    reason = ui.input(t("register.deactivate_reason")).props(
        'outlined dense data-testid="deactivate-reason"'
    )

    def deactivate() -> None:
        try:
            when = date.fromisoformat((on.value or "").strip())
        except ValueError:
            on.error = t(
                "register.err.bad_value",
                field=t("register.deactivate_on"),
                value=on.value or "",
            )
            return
        confirm_deactivation(
            vehicle,
            when,
            lambda: done(
                set_active(actor, vehicle.vehicle_id, False, when, reason.value or "")
            ),
        )

    ui.button(t("register.deactivate"), icon="block", on_click=deactivate).props(
        'flat color=negative data-testid="vehicle-deactivate"'
    )


def confirm_deactivation(
    vehicle: Vehicle, when: date, on_confirm: Callable[[], None]
) -> ui.dialog:
    """Ask before a vehicle leaves today's fleet: one click changes every
    page's figures, so the name and date are shown to be checked."""
    name = " · ".join(
        p for p in (vehicle.vehicle_id, vehicle.model, vehicle.plate) if p
    )

    def confirmed() -> None:
        dialog.close()
        on_confirm()

    with ui.dialog() as dialog, ui.card().classes("w-[32rem] max-w-full"):
        ui.label(
            t(
                "register.deactivate_confirm",
                vehicle=name,
                date=format_date(when, current_language()),
            )
        ).props('data-testid="deactivate-question"')
        with ui.row().classes("w-full justify-end"):
            ui.button(t("register.cancel"), on_click=dialog.close).props(
                'flat data-testid="deactivate-cancel"'
            )
            ui.button(t("register.deactivate"), icon="block", on_click=confirmed).props(
                'color=negative data-testid="deactivate-confirm"'
            )
    dialog.open()
    return dialog
