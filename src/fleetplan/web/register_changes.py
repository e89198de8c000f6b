"""The register's changes behind the vehicle dialog and the one-value edit
dialogs: the vehicle form's fields and start values, what changed, and one
write to ``services.register`` with the writer role checked again on the server.
A refused change comes back as an ``Outcome`` naming its field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.domain import Fuel, LeaseType, Vehicle, VehicleCategory, VehicleType
from fleetplan.ingest.field_rules import parse_number
from fleetplan.store.audit import acting_as
from fleetplan.store.register_service import RegisterService
from fleetplan.store.vehicle_edit import RegisterError
from fleetplan.web.auth import still_allowed
from fleetplan.web.field_messages import message_text
from fleetplan.web.translate import catalogue, current_language, t

# (field, kind) in the order of the form; kinds: text, select, date, number, switch
FORM_FIELDS: tuple[tuple[str, str], ...] = (
    ("vehicle_type", "select"),
    ("fuel", "select"),
    ("make", "text"),
    ("model", "text"),
    ("plate", "text"),
    ("location_id", "select"),
    ("department", "text"),
    ("administration", "text"),
    ("lease_type", "select"),
    ("lease_start", "date"),
    ("lease_end", "date"),
    ("wltp_km_per_l", "number"),
    ("wltp_wh_per_km", "number"),
    ("range_km", "number"),
    ("battery_kwh", "number"),
    ("annual_cost_dkk", "number"),
    ("km_per_year_allowed", "number"),
    ("seats", "number"),
    ("cargo_m3", "number"),
    ("category", "select"),
    ("is_candidate", "switch"),
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a save did: ``ok``, the text to show, and the field it is about."""

    ok: bool
    message: str
    field: str | None = None


def form_defaults(vehicle: Vehicle | None) -> dict[str, Any]:
    """The form's start values: the vehicle's, or those of a new petrol car."""
    if vehicle is None:
        return {name: None for name, _ in FORM_FIELDS} | {
            "vehicle_type": VehicleType.ICE.value,
            "fuel": Fuel.PETROL.value,
            "is_candidate": False,
        }
    out: dict[str, Any] = {}
    for name, _kind in FORM_FIELDS:
        value = getattr(vehicle, name)
        if isinstance(value, VehicleType | Fuel | LeaseType | VehicleCategory):
            value = value.value
        elif isinstance(value, date):
            value = value.isoformat()
        out[name] = value
    return out


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def number_text(value: Any) -> str:
    """A number as the form shows it: 5, 21.5 (never 5.0 or 5e+06)."""
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _comparable(value: Any) -> Any:
    """Numbers as floats (5, 5.0 and "5,0" are no change); other values as is."""
    value = parse_number(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, Any]:
    """The fields whose form value differs from the start (empty text is None)."""
    out: dict[str, Any] = {}
    for name, _kind in FORM_FIELDS:
        old, new = _normal(before.get(name)), _normal(after.get(name))
        if _comparable(old) != _comparable(new):
            out[name] = new
    return out


def error_text(exc: RegisterError) -> str:
    """The catalogue text of a store error, field names translated."""
    params = dict(exc.params)
    name = params.pop("field", None)
    if name is None:
        return t(f"register.err.{exc.code}", **params)
    # a form field's label; other names (a factor key) as they are
    label = catalogue(current_language()).get(f"register.field.{name}") or name
    return message_text(exc.code, label, params, current_language())


def register_write(
    actor: UserAccount, change: Callable[[RegisterService], Outcome]
) -> Outcome:
    """Run one register change for ``actor``: the writer role is checked again on
    the server, and a refused change becomes the form's error (with its field)."""
    if not still_allowed(actor, Role.WRITE):
        return Outcome(False, t("common.forbidden", role=t(f"role.{actor.role}")))
    register = get_services().register
    if register is None:
        return Outcome(False, t("register.read_only"))
    try:
        with acting_as(actor.username):
            return change(register)
    except RegisterError as exc:
        return Outcome(False, error_text(exc), exc.params.get("field"))


def save_vehicle(
    actor: UserAccount,
    vehicle_id: str | None,
    new_id: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> Outcome:
    """Create (``vehicle_id`` None) or change a vehicle from the form's values."""

    def change(register: RegisterService) -> Outcome:
        if vehicle_id is None:
            values = {k: _normal(v) for k, v in after.items() if _normal(v) is not None}
            created = register.create_vehicle(new_id, values)
            return Outcome(True, t("register.created", vehicle=created.vehicle_id))
        changes = changed_fields(before, after)
        if not changes:
            return Outcome(True, t("register.unchanged"))
        register.update_vehicle(vehicle_id, changes)
        return Outcome(True, t("register.updated", vehicle=vehicle_id))

    return register_write(actor, change)


def set_active(
    actor: UserAccount, vehicle_id: str, active: bool, on: date, reason: str = ""
) -> Outcome:
    """Deactivate from ``on`` (history stays) or reactivate a vehicle."""

    def change(register: RegisterService) -> Outcome:
        if active:
            register.reactivate_vehicle(vehicle_id)
            return Outcome(True, t("register.reactivated", vehicle=vehicle_id))
        register.deactivate_vehicle(vehicle_id, on, reason)
        return Outcome(
            True, t("register.deactivated", vehicle=vehicle_id, date=on.isoformat())
        )

    return register_write(actor, change)
