"""Settings kept in the database: own factor sets, bike rules, external-option
rules, shifts, and the home radius per location.

Built-in factor sets (``fleetplan.economics``) are read-only; a user copies one
under a new name and edits the copy, value by value, each with its source.
Bike rules live in the dataset meta's ``settings.bike`` block, where
``run_settings_from_meta`` reads them for every run. Mistakes raise
``RegisterError`` with a code (``register.err.<code>`` in the web catalogue).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import time
from typing import Any

from sqlalchemy import Engine

from fleetplan.domain import BikeRules, ExternalRules, FactorSet, FactorValue, ShiftSet
from fleetplan.economics import builtin_factor_sets
from fleetplan.ingest.external_settings import META_KEY as EXTERNAL_META_KEY
from fleetplan.ingest.external_settings import external_rules_block
from fleetplan.ingest.meta_settings import run_settings_from_meta
from fleetplan.store import audit
from fleetplan.store.audit import AuditAction
from fleetplan.store.catalog_repo import (
    NotFoundError,
    list_factor_sets,
    load_factor_set,
    load_shift_sets,
    save_factor_set,
)
from fleetplan.store.database import session_scope
from fleetplan.store.dataset_repo import meta_row
from fleetplan.store.register_meta import home_radii as home_radii
from fleetplan.store.scoped import get_own
from fleetplan.store.tables import LocationRow
from fleetplan.store.vehicle_edit import REGISTER_META_KEY, RegisterError

DEFAULT_HOME_RADIUS_M = 150.0  # GpsSettings.home_radius_m
NAME_MAX = 64


@dataclass(frozen=True, slots=True)
class FactorSetEntry:
    factor_set: FactorSet
    builtin: bool


def factor_set_entries(engine: Engine) -> list[FactorSetEntry]:
    """Built-in sets first, then the stored ones (newest first)."""
    builtin = [FactorSetEntry(s, True) for s in builtin_factor_sets()]
    names = {e.factor_set.name for e in builtin}
    stored = [
        FactorSetEntry(s, False)
        for s in list_factor_sets(engine)
        if s.name not in names
    ]
    return builtin + stored


def find_factor_set(engine: Engine, name: str) -> FactorSet:
    """The factor set ``name``: a built-in one or a stored (edited) copy; a
    ``KeyError`` names the unknown set."""
    for entry in factor_set_entries(engine):
        if entry.factor_set.name == name:
            return entry.factor_set
    raise KeyError(f"unknown factor set {name!r}.")


def _source_set(engine: Engine, name: str) -> FactorSet:
    for factor_set in builtin_factor_sets():
        if factor_set.name == name:
            return factor_set
    try:
        return load_factor_set(engine, name)
    except NotFoundError as exc:
        raise RegisterError("factor_set_unknown", name=name) from exc


def copy_factor_set(engine: Engine, source_name: str, new_name: str) -> FactorSet:
    """Store a copy of a built-in or stored set under ``new_name``."""
    name = (new_name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise RegisterError("factor_set_name", max=NAME_MAX)
    if any(e.factor_set.name == name for e in factor_set_entries(engine)):
        raise RegisterError("factor_set_taken", name=name)
    source = _source_set(engine, source_name)
    copy = replace(
        source,
        name=name,
        description=f"copy of {source.name}"
        + (f": {source.description}" if source.description else ""),
    )
    save_factor_set(engine, copy)
    audit.record(engine, AuditAction.FACTOR_SET_COPY, name, {"from": source.name})
    return copy


def set_factor_value(
    engine: Engine,
    set_name: str,
    key: str,
    value: float,
    source: str,
    year: int | None = None,
) -> FactorSet:
    """Give one value of a stored (not built-in) set a new number and source."""
    if any(s.name == set_name for s in builtin_factor_sets()):
        raise RegisterError("factor_set_builtin", name=set_name)
    factor_set = _source_set(engine, set_name)
    old = factor_set.values.get(key)
    if old is None:
        raise RegisterError("factor_key_unknown", factor=key, name=set_name)
    if not (source or "").strip():
        raise RegisterError("factor_source_missing", factor=key)
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise RegisterError("bad_value", field=key, value=value) from exc
    if number != number or abs(number) == float("inf"):
        raise RegisterError("bad_value", field=key, value=value)
    values = dict(factor_set.values)
    values[key] = FactorValue(number, old.unit, year, source.strip())
    changed = replace(factor_set, values=values)
    save_factor_set(engine, changed)
    audit.record(
        engine,
        AuditAction.FACTOR_VALUE_SET,
        f"{set_name}: {key}",
        {"key": key, "value": [old.value, number], "source": source.strip()},
    )
    return changed


# ---------------------------------------------------------------- meta blocks


def _update_meta(engine: Engine, path: tuple[str, ...], value: Any) -> None:
    """Set ``meta[path[0]]...[path[-1]] = value`` in the organisation's meta."""
    with session_scope(engine) as session:
        row = meta_row(session)
        meta = dict(row.meta or {})
        node = meta
        for key in path[:-1]:
            child = dict(node.get(key) or {})
            node[key] = child
            node = child
        before = node.get(path[-1])
        node[path[-1]] = value
        row.meta = meta  # a new dict, so the JSON column is seen as changed
        if before != value:
            where = ".".join(path)
            detail = {"value": [before, value]}
            audit.record(session, AuditAction.SETTINGS_CHANGE, where, detail)


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def bike_rules(meta: Mapping[str, Any]) -> BikeRules:
    """The bike rules every run uses (the defaults where meta sets none)."""
    return run_settings_from_meta(meta).bike


def save_bike_rules(engine: Engine, rules: BikeRules) -> BikeRules:
    """Check and store the bike rules in the meta's ``settings.bike`` block."""
    for name in ("max_km_per_trip", "bike_max_kmh", "ebike_max_kmh"):
        if not getattr(rules, name) > 0:
            raise RegisterError("positive", field=name)
    if not 0 <= rules.percentage_of_trips <= 100:
        raise RegisterError("percentage", field="percentage_of_trips")
    if not rules.slots:
        raise RegisterError("required", field="slots")
    for start, end in rules.slots:
        if end <= start:
            raise RegisterError("slot_order", start=_hhmm(start), end=_hhmm(end))
    block = {
        "max_km_per_trip": rules.max_km_per_trip,
        "slots": [[_hhmm(s), _hhmm(e)] for s, e in rules.slots],
        "bike_max_kmh": rules.bike_max_kmh,
        "ebike_max_kmh": rules.ebike_max_kmh,
        "percentage_of_trips": rules.percentage_of_trips,
    }
    _update_meta(engine, ("settings", "bike"), block)
    return rules


def external_rules(meta: Mapping[str, Any]) -> ExternalRules:
    """The external-option rules every run uses (defaults where meta sets none)."""
    return run_settings_from_meta(meta).external


def save_external_rules(engine: Engine, rules: ExternalRules) -> ExternalRules:
    """Store the rules in the meta's ``settings.external_options`` block."""
    _update_meta(engine, ("settings", EXTERNAL_META_KEY), external_rules_block(rules))
    return rules


def parse_slots(text: str) -> tuple[tuple[time, time], ...]:
    """``"08:00-12:00, 13:00-18:00"`` as time windows (RegisterError if unreadable)."""
    slots = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        try:
            start, end = (time.fromisoformat(p.strip()) for p in part.split("-"))
        except ValueError as exc:
            raise RegisterError("slot_format", value=part.strip()) from exc
        slots.append((start, end))
    return tuple(slots)


@dataclass(frozen=True, slots=True)
class ShiftRow:
    """One shift for display: where it applies, and where it is defined."""

    location_id: str | None
    start: str
    end: str
    break_at: str
    origin: str  # "database" or "dataset"


def shift_rows(engine: Engine, meta: Mapping[str, Any]) -> list[ShiftRow]:
    """Shifts per location from the shift sets, then the dataset's global ones."""
    sets: list[ShiftSet] = load_shift_sets(engine)
    rows = [
        ShiftRow(
            s.location_id,
            _hhmm(shift.start),
            _hhmm(shift.end),
            _hhmm(shift.break_at) if shift.break_at else "",
            "database",
        )
        for s in sets
        for shift in s.shifts
    ]
    rows += [
        ShiftRow(
            None,
            _hhmm(shift.start),
            _hhmm(shift.end),
            _hhmm(shift.break_at) if shift.break_at else "",
            "dataset",
        )
        for shift in run_settings_from_meta(meta).shifts
    ]
    return rows


# ---------------------------------------------------------------- locations


def save_home_radius(engine: Engine, location_id: str, radius_m: float) -> float:
    """Register the home radius of one location (10-2000 m)."""
    try:
        radius = float(radius_m)
    except (TypeError, ValueError) as exc:
        raise RegisterError("bad_value", field="home_radius_m", value=radius_m) from exc
    if not 10 <= radius <= 2000:
        raise RegisterError("radius_range", low=10, high=2000)
    with session_scope(engine) as session:
        if get_own(session, LocationRow, location_id) is None:
            raise RegisterError("unknown_location", location=location_id)
    _update_meta(engine, (REGISTER_META_KEY, "home_radius_m", location_id), radius)
    return radius
