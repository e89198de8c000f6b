"""Vehicles and locations: read by every role, changed by writers.

Edits go through ``services.register`` (``fleetplan.store``), which refreshes the
dataset cache, so a change shows at once on every page and route.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NoReturn

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from fleetplan.api.deps import CanRead, CanWrite, ServicesDep
from fleetplan.api.errors import SERVICE_UNAVAILABLE
from fleetplan.api.schemas import LocationPublic, VehiclePublic
from fleetplan.api.services import AppServices
from fleetplan.domain import (
    Fuel,
    Location,
    Vehicle,
    VehicleType,
    category_of,
    fleet_on,
)

# the request bodies are the one set of input rules the form and import use too
from fleetplan.ingest.field_rules import VehicleCreate, VehicleFields
from fleetplan.store.register_service import RegisterService
from fleetplan.store.settings_edit import DEFAULT_HOME_RADIUS_M, home_radii
from fleetplan.store.vehicle_edit import Deactivation, RegisterError, deactivations

# writes answer 503 on an app without a writable database (register_of)
router = APIRouter(
    tags=["fleet"], dependencies=[CanRead], responses=SERVICE_UNAVAILABLE
)

_STATUS_OF_CODE = {
    "not_found": status.HTTP_404_NOT_FOUND,
    "id_taken": status.HTTP_409_CONFLICT,
    "factor_set_unknown": status.HTTP_404_NOT_FOUND,
    "factor_set_taken": status.HTTP_409_CONFLICT,
}


class VehicleRecord(VehiclePublic):
    """A vehicle with the date it was deactivated (None while in the fleet)."""

    deactivated_on: str | None = None


class VehicleUpdate(VehicleFields):
    vehicle_type: VehicleType | None = None
    fuel: Fuel | None = None
    # False deactivates (from deactivated_on, default today); True reactivates.
    active: bool | None = None
    deactivated_on: date | None = None
    reason: str = Field(default="", max_length=256)


class LocationUpdate(BaseModel):
    home_radius_m: float = Field(ge=10, le=2000)


class LocationRecord(LocationPublic):
    home_radius_m: float


def raise_register_error(exc: RegisterError) -> NoReturn:
    """A user-fixable error as ``{code, params, message}`` with a fitting status."""
    raise HTTPException(
        _STATUS_OF_CODE.get(exc.code, status.HTTP_422_UNPROCESSABLE_CONTENT),
        {"code": f"register.err.{exc.code}", "params": exc.params, "message": str(exc)},
    ) from exc


def register_of(services: AppServices) -> RegisterService:
    if services.register is None:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, "This app has no writable database."
        )
    return services.register


def _vehicle_fields(v: Vehicle) -> dict[str, Any]:
    return {
        "vehicle_id": v.vehicle_id,
        "name": v.name,
        "vehicle_type": v.vehicle_type.value,
        "fuel": v.fuel.value,
        "plate": v.plate,
        "location_id": v.location_id,
        "department": v.department,
        "administration": v.administration,
        "lease_type": v.lease_type.value if v.lease_type else None,
        "lease_end": v.lease_end.isoformat() if v.lease_end else None,
        "annual_cost_dkk": v.annual_cost_dkk,
        "is_candidate": v.is_candidate,
        "category": category_of(v).value,
        "cargo_m3": v.cargo_m3,
    }


def vehicle_public(v: Vehicle) -> VehiclePublic:
    return VehiclePublic(**_vehicle_fields(v))


def _record(v: Vehicle, off: Mapping[str, Deactivation]) -> VehicleRecord:
    """``off``: the dataset's deactivations, read once per request (not once per
    vehicle: each dataset read checks the data version in the database)."""
    stopped = off.get(v.vehicle_id)
    return VehicleRecord(
        **_vehicle_fields(v),
        deactivated_on=stopped.on.isoformat() if stopped else None,
    )


def _record_of(services: AppServices, v: Vehicle) -> VehicleRecord:
    return _record(v, deactivations(services.load_dataset().meta))


def location_public(loc: Location) -> LocationPublic:
    return LocationPublic(
        location_id=loc.location_id,
        name=loc.name or loc.location_id,
        address=loc.address,
        lat=loc.lat,
        lon=loc.lon,
        parking_points=len(loc.parking_points),
    )


@router.get("/vehicles")
def list_vehicles(
    services: ServicesDep, candidates: bool = False, on: date | None = None
) -> list[VehicleRecord]:
    """Vehicles of the register, deactivated ones too (``candidates=true``: the
    candidate catalogue); ``on``: only the fleet on that day, as every page and
    run counts it (today's fleet: ``on`` = today's date)."""
    data = services.load_dataset()
    if on is not None:
        data = fleet_on(data, on)
    chosen = data.candidate_vehicles if candidates else data.current_vehicles
    off = deactivations(data.meta)
    return [_record(v, off) for v in chosen]


@router.get("/vehicles/{vehicle_id}")
def get_vehicle(vehicle_id: str, services: ServicesDep) -> VehicleRecord:
    try:
        return _record_of(services, services.load_dataset().vehicle(vehicle_id))
    except KeyError as exc:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"There is no vehicle {vehicle_id!r}."
        ) from exc


@router.post("/vehicles", dependencies=[CanWrite], status_code=status.HTTP_201_CREATED)
def create_vehicle(body: VehicleCreate, services: ServicesDep) -> VehicleRecord:
    """Add a vehicle (or, with ``is_candidate``, a catalogue model)."""
    register = register_of(services)
    values = body.model_dump(exclude={"vehicle_id"}, exclude_none=True)
    try:
        return _record_of(services, register.create_vehicle(body.vehicle_id, values))
    except RegisterError as exc:
        raise_register_error(exc)


@router.patch("/vehicles/{vehicle_id}", dependencies=[CanWrite])
def update_vehicle(
    vehicle_id: str, body: VehicleUpdate, services: ServicesDep
) -> VehicleRecord:
    """Change the given fields; ``active: false`` deactivates (history stays)."""
    register = register_of(services)
    changes = body.model_dump(
        exclude_unset=True, exclude={"active", "deactivated_on", "reason"}
    )
    try:
        vehicle = register.update_vehicle(vehicle_id, changes)
        if body.active is False:
            register.deactivate_vehicle(
                vehicle_id, body.deactivated_on or date.today(), body.reason
            )
        elif body.active is True:
            register.reactivate_vehicle(vehicle_id)
    except RegisterError as exc:
        raise_register_error(exc)
    return _record_of(services, vehicle)


@router.get("/locations")
def list_locations(services: ServicesDep) -> list[LocationRecord]:
    data = services.load_dataset()
    radii = home_radii(data.meta)
    return [
        LocationRecord(
            **location_public(loc).model_dump(),
            home_radius_m=radii.get(loc.location_id, DEFAULT_HOME_RADIUS_M),
        )
        for loc in data.locations
    ]


@router.patch("/locations/{location_id}", dependencies=[CanWrite])
def update_location(
    location_id: str, body: LocationUpdate, services: ServicesDep
) -> LocationRecord:
    """Register the home radius used to judge the location's GPS precision."""
    register = register_of(services)
    try:
        radius = register.save_home_radius(location_id, body.home_radius_m)
    except RegisterError as exc:
        if exc.code == "unknown_location":  # the path's own id (or another
            # organisation's): 404, as for a vehicle
            raise HTTPException(
                status.HTTP_404_NOT_FOUND,
                {
                    "code": f"register.err.{exc.code}",
                    "params": exc.params,
                    "message": str(exc),
                },
            ) from exc
        raise_register_error(exc)
    loc = next(
        loc
        for loc in services.load_dataset().locations
        if loc.location_id == location_id
    )
    return LocationRecord(**location_public(loc).model_dump(), home_radius_m=radius)
