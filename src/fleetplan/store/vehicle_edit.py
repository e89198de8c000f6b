"""Create, edit and deactivate single vehicles of the register.

A user's mistake raises :class:`RegisterError` with a stable ``code`` (the web
catalogue has ``register.err.<code>``) and its parameters. Deactivation keeps the
vehicle and its roundtrips (the history) and records the date in the dataset's
meta under ``register.deactivated``; reactivating removes the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fleetplan.domain import (
    ALLOWED_FUELS,
    Fuel,
    LeaseType,
    Vehicle,
    VehicleCategory,
    VehicleType,
    fleet_on,
)
from fleetplan.domain import Deactivation as Deactivation
from fleetplan.domain import deactivations as deactivations
from fleetplan.domain.fleet_today import REGISTER_META_KEY
from fleetplan.ingest.field_rules import MESSAGES as FIELD_MESSAGES
from fleetplan.ingest.field_rules import VehicleFields, field_problems, parse_number
from fleetplan.store import audit
from fleetplan.store.audit import AuditAction
from fleetplan.store.database import session_scope
from fleetplan.store.dataset_rows import vehicle_from_row as _vehicle
from fleetplan.store.dataset_rows import vehicle_row as _vehicle_row
from fleetplan.store.dataset_rows import vehicle_select
from fleetplan.store.dataset_write import meta_row
from fleetplan.store.scoped import get_own, run
from fleetplan.store.tables import DatasetMetaRow, LocationRow, VehicleRow

EDITABLE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Vehicle) if f.name != "vehicle_id"
)
_ENUMS: dict[str, type[Any]] = {
    "vehicle_type": VehicleType,
    "fuel": Fuel,
    "lease_type": LeaseType,
    "category": VehicleCategory,
}
_DATES = ("lease_start", "lease_end")
_INTS = ("seats", "child_seats")
_BOOLS = ("is_candidate", "wheelchair_lift")
_TEXTS = ("plate", "make", "model", "location_id", "department", "administration")


# English text of each code (CLI and API); the web catalogue translates the codes.
MESSAGES: dict[str, str] = {
    "required": "{field} is empty; it needs a value.",
    "bad_value": "'{value}' is not a valid {field}.",
    "negative": "{field} must not be negative.",
    "positive": "{field} must be more than 0.",
    "percentage": "{field} must be between 0 and 100.",
    "lease_order": "lease_end is before lease_start.",
    "fuel_mismatch": "fuel {fuel} does not fit type {type}; use {allowed}.",
    "unknown_location": "location {location} does not exist; create it first.",
    "unknown_field": "{field} cannot be changed here.",
    "id_taken": "vehicle {vehicle} exists already; choose another id.",
    "not_found": "there is no vehicle {vehicle}.",
    "invalid": "the vehicle is not valid: {detail}",
    "factor_set_unknown": "there is no factor set {name}.",
    "factor_set_name": "a factor set needs a name of 1 to {max} characters.",
    "factor_set_taken": "a factor set named {name} exists already.",
    "factor_set_builtin": "{name} is built in; copy it and edit the copy.",
    "factor_key_unknown": "factor set {name} has no value {factor}.",
    "factor_source_missing": "give the source of the new value of {factor}.",
    "slot_order": "the time window {start}-{end} ends before it starts.",
    "slot_format": "'{value}' is not a time window like 08:00-16:00.",
    "radius_range": "the radius must be between {low} and {high} m.",
} | {code: text for code, text in FIELD_MESSAGES.items() if code != "required"}


class RegisterError(ValueError):
    """A change of the register the user can fix: ``code`` and its ``params``."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = {k: str(v) for k, v in params.items()}
        super().__init__(MESSAGES[code].format(**self.params))


# The definition of today's fleet lives in the domain (every page counts through
# it); these names stay importable from here for the register's callers.
in_fleet_on = fleet_on


def _coerce(name: str, value: Any) -> Any:
    """A form or JSON value as the domain type of field ``name``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if name in ("vehicle_type", "fuel"):
            raise RegisterError("required", field=name)
        return False if name == "is_candidate" else None
    try:
        if name in _ENUMS:
            return _ENUMS[name](value)
        if name in _DATES:
            return value if isinstance(value, date) else date.fromisoformat(value)
        if name in _BOOLS:
            return bool(value)
        if name in _TEXTS:
            return str(value).strip()
        if name in _INTS:
            number = float(value)
            if not number.is_integer():
                raise ValueError(value)
            return int(number)
        return float(value)
    except (TypeError, ValueError) as exc:
        raise RegisterError("bad_value", field=name, value=value) from exc


def _check(vehicle: Vehicle, session: Session) -> None:
    """The register's rules for one vehicle (beyond the domain's own checks)."""
    if vehicle.fuel not in ALLOWED_FUELS[vehicle.vehicle_type]:
        allowed = ", ".join(
            sorted(f.value for f in ALLOWED_FUELS[vehicle.vehicle_type])
        )
        raise RegisterError(
            "fuel_mismatch",
            fuel=vehicle.fuel.value,
            type=vehicle.vehicle_type.value,
            allowed=allowed,
        )
    if vehicle.location_id is None and not vehicle.is_candidate:
        # Every plan homes a vehicle at its location; a catalogue model gets one
        # from the run instead.
        raise RegisterError("required", field="location_id")
    if vehicle.location_id is not None and (
        get_own(session, LocationRow, vehicle.location_id) is None
    ):
        raise RegisterError("unknown_location", location=vehicle.location_id)


def check_fields(changes: Mapping[str, Any]) -> None:
    """Refuse a value the API's ``VehicleFields`` refuses (the one set of rules:
    ranges, whole numbers, years 2000-2100), with the first problem's code; a
    number typed as text is read as one ("21,5"), anything else is named."""
    raw = {
        name: parse_number(value) if _numeric(name) else value
        for name, value in changes.items()
        if name not in ("vehicle_type", "fuel")
    }
    raw = {
        k: None if isinstance(v, str) and not v.strip() else v for k, v in raw.items()
    }
    problems = field_problems(VehicleFields, raw)
    if problems:
        first = problems[0]
        code = "bad_value" if first.code == "choice" else first.code  # same text
        raise RegisterError(code, field=first.field, **first.params)


def _numeric(name: str) -> bool:
    return name not in (*_ENUMS, *_DATES, *_BOOLS, *_TEXTS)


def _build(base: Vehicle, changes: Mapping[str, Any]) -> Vehicle:
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise RegisterError("unknown_field", field=unknown[0])
    check_fields(changes)
    changes = {
        name: parse_number(value) if _numeric(name) else value
        for name, value in changes.items()
    }
    values = {name: _coerce(name, value) for name, value in changes.items()}
    for name, value in values.items():
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise RegisterError("negative", field=name)
    if (
        values.get("lease_start", base.lease_start) is not None
        and values.get("lease_end", base.lease_end) is not None
        and values.get("lease_end", base.lease_end)
        < values.get("lease_start", base.lease_start)
    ):
        raise RegisterError("lease_order")
    try:
        return replace(base, **values)
    except ValueError as exc:  # a domain invariant not covered above
        raise RegisterError("invalid", detail=str(exc)) from exc


def create_vehicle(
    engine: Engine, vehicle_id: str, values: Mapping[str, Any]
) -> Vehicle:
    """Add a vehicle (or a candidate model) with ``values`` by field name."""
    ident = (vehicle_id or "").strip()
    if not ident:
        raise RegisterError("required", field="vehicle_id")
    for name in ("vehicle_type", "fuel"):
        if name not in values:
            raise RegisterError("required", field=name)
    base = Vehicle(
        ident,
        _coerce("vehicle_type", values["vehicle_type"]),
        _coerce("fuel", values["fuel"]),
    )
    vehicle = _build(base, values)
    try:
        with session_scope(engine) as session:
            if get_own(session, VehicleRow, ident) is not None:
                raise RegisterError("id_taken", vehicle=ident)
            _check(vehicle, session)
            session.add(VehicleRow(**_vehicle_row(vehicle)))
    except IntegrityError as exc:  # the same id added at the same moment
        raise RegisterError("id_taken", vehicle=ident) from exc
    audit.record(engine, AuditAction.VEHICLE_CREATE, ident, _vehicle_row(vehicle))
    return vehicle


def get_vehicle(engine: Engine, vehicle_id: str) -> Vehicle:
    with engine.connect() as connection:
        row = run(
            connection, vehicle_select().where(VehicleRow.vehicle_id == vehicle_id)
        ).one_or_none()
    if row is None:
        raise RegisterError("not_found", vehicle=vehicle_id)
    return _vehicle(row)


def update_vehicle(
    engine: Engine, vehicle_id: str, changes: Mapping[str, Any]
) -> Vehicle:
    """Change the given fields of a stored vehicle (others stay as they are)."""
    with session_scope(engine) as session:
        row = get_own(session, VehicleRow, vehicle_id)
        if row is None:
            raise RegisterError("not_found", vehicle=vehicle_id)
        current = get_vehicle(engine, vehicle_id)
        vehicle = _build(current, changes)
        _check(vehicle, session)
        for name, value in _vehicle_row(vehicle).items():
            setattr(row, name, value)
        changed = audit.changes(_vehicle_row(current), _vehicle_row(vehicle))
        audit.record(session, AuditAction.VEHICLE_UPDATE, vehicle_id, changed)
    return vehicle


def _meta(session: Session) -> tuple[DatasetMetaRow, dict[str, Any]]:
    row = meta_row(session)
    return row, dict(row.meta or {})


def _set_deactivated(
    session: Session, vehicle_id: str, record: dict[str, str] | None
) -> None:
    row, meta = _meta(session)
    block = dict(meta.get(REGISTER_META_KEY) or {})
    deactivated = dict(block.get("deactivated") or {})
    if record is None:
        deactivated.pop(vehicle_id, None)
    else:
        deactivated[vehicle_id] = record
    block["deactivated"] = deactivated
    meta[REGISTER_META_KEY] = block
    row.meta = meta  # a new dict, so the JSON column is seen as changed


def deactivate_vehicle(
    engine: Engine, vehicle_id: str, on: date, reason: str = ""
) -> Deactivation:
    """Take a vehicle out of the fleet from ``on``; it and its trips stay stored."""
    with session_scope(engine) as session:
        if get_own(session, VehicleRow, vehicle_id) is None:
            raise RegisterError("not_found", vehicle=vehicle_id)
        record = {"on": on.isoformat(), "reason": reason.strip()}
        _set_deactivated(session, vehicle_id, record)
        audit.record(session, AuditAction.VEHICLE_DEACTIVATE, vehicle_id, record)
    return Deactivation(vehicle_id, on, reason.strip())


def reactivate_vehicle(engine: Engine, vehicle_id: str) -> None:
    """Undo a deactivation (a no-op for an active vehicle)."""
    with session_scope(engine) as session:
        if get_own(session, VehicleRow, vehicle_id) is None:
            raise RegisterError("not_found", vehicle=vehicle_id)
        _set_deactivated(session, vehicle_id, None)
        audit.record(session, AuditAction.VEHICLE_REACTIVATE, vehicle_id)
