"""Vehicles in the register and candidate models from the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class VehicleType(StrEnum):
    BIKE = "bike"
    EBIKE = "ebike"
    EV = "ev"
    ICE = "ice"  # combustion or (plug-in) hybrid car/van


class VehicleCategory(StrEnum):
    """The body a vehicle has, and so the work it can do (data-format.md)."""

    CAR = "car"
    VAN = "van"
    MINIBUS = "minibus"
    TRUCK = "truck"
    SPECIAL = "special"  # snowplow, sweeper, tractor: only its own kind
    BIKE = "bike"
    EBIKE = "ebike"
    CARGO_BIKE = "cargo_bike"


class Fuel(StrEnum):
    ELECTRIC = "electric"
    PETROL = "petrol"
    DIESEL = "diesel"
    HVO = "hvo"
    NONE = "none"


class LeaseType(StrEnum):
    OPERATIONAL = "operational"
    FINANCIAL = "financial"
    OWNED = "owned"
    RENTED = "rented"


# Which fuels a vehicle type may have; everything else is an inconsistency.
ALLOWED_FUELS: dict[VehicleType, frozenset[Fuel]] = {
    VehicleType.BIKE: frozenset({Fuel.NONE}),
    VehicleType.EBIKE: frozenset({Fuel.NONE, Fuel.ELECTRIC}),
    VehicleType.EV: frozenset({Fuel.ELECTRIC}),
    VehicleType.ICE: frozenset({Fuel.PETROL, Fuel.DIESEL, Fuel.HVO}),
}

FOSSIL_FUELS: frozenset[Fuel] = frozenset({Fuel.PETROL, Fuel.DIESEL})


@dataclass(frozen=True, slots=True)
class Vehicle:
    """One row of ``vehicles.csv``: a vehicle in the fleet or a candidate model.

    Units are in the names. Optional outfitting fields are ``None`` when unknown.
    """

    vehicle_id: str
    vehicle_type: VehicleType
    fuel: Fuel
    plate: str | None = None
    make: str | None = None
    model: str | None = None
    wltp_km_per_l: float | None = None
    wltp_wh_per_km: float | None = None
    range_km: float | None = None
    annual_cost_dkk: float | None = None
    location_id: str | None = None
    department: str | None = None
    administration: str | None = None
    lease_type: LeaseType | None = None
    lease_start: date | None = None
    lease_end: date | None = None
    km_per_year_allowed: float | None = None
    is_candidate: bool = False
    # optional outfitting and energy fields
    battery_kwh: float | None = None
    seats: int | None = None
    wheelchair_lift: bool | None = None
    child_seats: int | None = None
    cargo_m3: float | None = None
    charge_kw: float | None = None
    production_co2e_kg: float | None = None
    # None: derived from vehicle_type, seats and cargo_m3 (``domain.category``)
    category: VehicleCategory | None = None

    def __post_init__(self) -> None:
        if not self.vehicle_id:
            raise ValueError("vehicle_id must not be empty.")
        for name in (
            "wltp_km_per_l",
            "wltp_wh_per_km",
            "range_km",
            "annual_cost_dkk",
            "km_per_year_allowed",
            "battery_kwh",
            "cargo_m3",
            "charge_kw",
            "production_co2e_kg",
        ):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must be >= 0, got {value}.")
        if (
            self.lease_start is not None
            and self.lease_end is not None
            and self.lease_end < self.lease_start
        ):
            raise ValueError("lease_end is before lease_start.")

    @property
    def name(self) -> str:
        """Human-readable label: make and model, else the id."""
        label = " ".join(part for part in (self.make, self.model) if part)
        return label or self.vehicle_id

    @property
    def is_fossil(self) -> bool:
        """Runs on petrol or diesel (HVO and electric count as fossil-free)."""
        return self.fuel in FOSSIL_FUELS

    @property
    def is_bike(self) -> bool:
        return self.vehicle_type in (VehicleType.BIKE, VehicleType.EBIKE)
