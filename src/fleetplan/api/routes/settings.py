"""Settings: factor sets (read; copy and edit by writers), shifts, bike rules,
which external options may replace a trip."""

from __future__ import annotations

from datetime import time
from typing import Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from fleetplan.api.deps import CanRead, CanWrite, ServicesDep
from fleetplan.api.errors import SERVICE_UNAVAILABLE
from fleetplan.api.routes.fleet import raise_register_error, register_of
from fleetplan.domain import BikeRules, ExternalRules, FactorSet, VehicleCategory
from fleetplan.economics import builtin_factor_sets
from fleetplan.store.settings_edit import bike_rules, external_rules, parse_slots
from fleetplan.store.vehicle_edit import RegisterError

# writes answer 503 on an app without a writable database (register_of)
router = APIRouter(
    tags=["settings"], dependencies=[CanRead], responses=SERVICE_UNAVAILABLE
)


class FactorValuePublic(BaseModel):
    key: str
    value: float
    unit: str
    year: int | None
    source: str


class FactorSetPublic(BaseModel):
    name: str
    valid_from: str
    description: str
    builtin: bool
    values: list[FactorValuePublic]


class FactorSetCopy(BaseModel):
    new_name: str = Field(min_length=1, max_length=64)


class FactorValueEdit(BaseModel):
    model_config = ConfigDict(allow_inf_nan=False)  # JSON here parses NaN

    value: float = Field(ge=-1e12, le=1e12)
    source: str = Field(min_length=1, max_length=512)
    year: int | None = Field(default=None, ge=1900, le=2200)


class BikeRulesBody(BaseModel):
    model_config = ConfigDict(allow_inf_nan=False)

    max_km_per_trip: float = Field(gt=0, le=1000)
    slots: str = Field(
        min_length=1, max_length=512, description='e.g. "08:00-12:00, 13:00-18:00"'
    )
    bike_max_kmh: float = Field(gt=0, le=100)
    ebike_max_kmh: float = Field(gt=0, le=100)
    percentage_of_trips: float = Field(ge=0, le=100)


ExternalKind = Literal["taxi", "rental", "allowance"]


class ExternalOptionsBody(BaseModel):
    """Which external options may take a trip the fleet does not serve, by the
    category of the vehicle that drove it; a department's entry replaces its
    category's. An empty list: none (the fleet must serve the trip). The
    allowance is never used for a trip that needs a lift or over 5 seats."""

    by_category: dict[VehicleCategory, list[ExternalKind]] = Field(
        default_factory=dict,
        description="categories not named keep their defaults",
    )
    by_department: dict[str, list[ExternalKind]] = Field(default_factory=dict)


def external_options_body(rules: ExternalRules) -> ExternalOptionsBody:
    """Every category's allowed options (defaults filled in) and the departments'."""
    order = ("taxi", "rental", "allowance")
    return ExternalOptionsBody(
        by_category={
            c: sorted(rules.for_category(c), key=order.index) for c in VehicleCategory
        },
        by_department={
            d: sorted(k, key=order.index) for d, k in rules.by_department.items()
        },
    )


class ShiftPublic(BaseModel):
    location_id: str | None
    start: str
    end: str
    break_at: str
    origin: str


def factor_set_public(factor_set: FactorSet, builtin: bool) -> FactorSetPublic:
    return FactorSetPublic(
        name=factor_set.name,
        valid_from=factor_set.valid_from.isoformat(),
        description=factor_set.description,
        builtin=builtin,
        values=[
            FactorValuePublic(
                key=key, value=v.value, unit=v.unit, year=v.year, source=v.source
            )
            for key, v in sorted(factor_set.values.items())
        ],
    )


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def bike_rules_body(rules: BikeRules) -> BikeRulesBody:
    return BikeRulesBody(
        max_km_per_trip=rules.max_km_per_trip,
        slots=", ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in rules.slots),
        bike_max_kmh=rules.bike_max_kmh,
        ebike_max_kmh=rules.ebike_max_kmh,
        percentage_of_trips=rules.percentage_of_trips,
    )


@router.get("/factor-sets")
def list_factor_sets(services: ServicesDep) -> list[FactorSetPublic]:
    """Built-in sets first, then the municipality's own copies."""
    if services.register is None:
        return [factor_set_public(s, True) for s in builtin_factor_sets()]
    return [
        factor_set_public(e.factor_set, e.builtin)
        for e in services.register.factor_sets()
    ]


@router.post(
    "/factor-sets/{name}/copy",
    dependencies=[CanWrite],
    status_code=status.HTTP_201_CREATED,
)
def copy_factor_set(
    name: str, body: FactorSetCopy, services: ServicesDep
) -> FactorSetPublic:
    try:
        copy = register_of(services).copy_factor_set(name, body.new_name)
    except RegisterError as exc:
        raise_register_error(exc)
    return factor_set_public(copy, False)


@router.patch("/factor-sets/{name}/values/{key}", dependencies=[CanWrite])
def edit_factor_value(
    name: str, key: str, body: FactorValueEdit, services: ServicesDep
) -> FactorSetPublic:
    """A new number for one value of an own set, with its source (and year)."""
    try:
        changed = register_of(services).set_factor_value(
            name, key, body.value, body.source, body.year
        )
    except RegisterError as exc:
        raise_register_error(exc)
    return factor_set_public(changed, False)


@router.get("/settings/shifts")
def list_shifts(services: ServicesDep) -> list[ShiftPublic]:
    """Shifts per location (``location_id`` null: every location)."""
    rows = register_of(services).shift_rows(services.load_dataset().meta)
    return [
        ShiftPublic(
            location_id=r.location_id,
            start=r.start,
            end=r.end,
            break_at=r.break_at,
            origin=r.origin,
        )
        for r in rows
    ]


@router.get("/settings/bike-rules")
def get_bike_rules(services: ServicesDep) -> BikeRulesBody:
    return bike_rules_body(bike_rules(services.load_dataset().meta))


@router.put("/settings/bike-rules", dependencies=[CanWrite])
def put_bike_rules(body: BikeRulesBody, services: ServicesDep) -> BikeRulesBody:
    register = register_of(services)
    try:
        rules = BikeRules(
            max_km_per_trip=body.max_km_per_trip,
            slots=parse_slots(body.slots),
            bike_max_kmh=body.bike_max_kmh,
            ebike_max_kmh=body.ebike_max_kmh,
            percentage_of_trips=body.percentage_of_trips,
        )
        return bike_rules_body(register.save_bike_rules(rules))
    except RegisterError as exc:
        raise_register_error(exc)


@router.get("/settings/external-options")
def get_external_options(services: ServicesDep) -> ExternalOptionsBody:
    return external_options_body(external_rules(services.load_dataset().meta))


@router.put("/settings/external-options", dependencies=[CanWrite])
def put_external_options(
    body: ExternalOptionsBody, services: ServicesDep
) -> ExternalOptionsBody:
    """Replace the rules; the next simulation and optimisation use them."""
    rules = ExternalRules(
        {c: frozenset(k) for c, k in body.by_category.items()},
        {d.strip(): frozenset(k) for d, k in body.by_department.items() if d.strip()},
    )
    return external_options_body(register_of(services).save_external_rules(rules))
