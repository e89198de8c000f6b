"""Read-only vehicles and locations from the stored dataset."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from fleetplan.api.deps import CanRead, ServicesDep
from fleetplan.api.schemas import LocationPublic, VehiclePublic
from fleetplan.domain import Location, Vehicle

router = APIRouter(tags=["fleet"], dependencies=[CanRead])


def vehicle_public(v: Vehicle) -> VehiclePublic:
    return VehiclePublic(
        vehicle_id=v.vehicle_id,
        name=v.name,
        vehicle_type=v.vehicle_type.value,
        fuel=v.fuel.value,
        plate=v.plate,
        location_id=v.location_id,
        department=v.department,
        administration=v.administration,
        lease_type=v.lease_type.value if v.lease_type else None,
        lease_end=v.lease_end.isoformat() if v.lease_end else None,
        annual_cost_dkk=v.annual_cost_dkk,
        is_candidate=v.is_candidate,
    )


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
    services: ServicesDep, candidates: bool = False
) -> list[VehiclePublic]:
    """Vehicles of the fleet (``candidates=true``: the candidate catalogue)."""
    data = services.load_dataset()
    chosen = data.candidate_vehicles if candidates else data.current_vehicles
    return [vehicle_public(v) for v in chosen]


@router.get("/vehicles/{vehicle_id}")
def get_vehicle(vehicle_id: str, services: ServicesDep) -> VehiclePublic:
    try:
        return vehicle_public(services.load_dataset().vehicle(vehicle_id))
    except KeyError as exc:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"There is no vehicle {vehicle_id!r}."
        ) from exc


@router.get("/locations")
def list_locations(services: ServicesDep) -> list[LocationPublic]:
    return [location_public(loc) for loc in services.load_dataset().locations]
